"""Reads for story, section and listing pages: the newsroom's own data.

Each selector owns its `select_related`/`prefetch_related`, ordering and limit,
so a page render costs a bounded number of queries however many articles the
newsroom has (pinned in tests/frontpage/test_query_counts.py). The reader site,
the feeds and the API all list stories through `published_articles`,
`filter_articles` and `with_bylines_and_tags`.

The rails around a story or section (top stories, most read, ...) belong to
the front page: the frontpage app registers them with `register_rails`, so the
newsroom shows them without depending on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction

from masthead.core import surrogate
from masthead.core.memo import versioned
from masthead.core.prepared import Ids, Prepared

from .models import (
    ArticleByline,
    ArticleNote,
    ArticlePage,
    ArticleTag,
    RelatedStory,
    SectionPage,
)

PER_PAGE = 20
RAIL_SIZE = 5
RELATED_SIZE = 5  # stories under Related News (newsroom.related ranks them)
RELATED_CANDIDATES = 300
# At most this many of a story's tags are looked at for related news.
RELATED_TAGS = 12
CARD_FIELDS_DEFERRED = ("body",)
RAIL_NAMES = (
    "top_stories",
    "most_viewed",
    "most_read",
    "rail_features",
    "rail_videos",
)


class InvalidPage(Exception):
    """A `?page=` that is not a page of the listing (garbage or out of range)."""


# -- building blocks --------------------------------------------------------


def reader_visible(pages):
    """`pages` without those a stranger may not read: behind a password, login
    or group restriction set on the page itself or on any page above it.

    Every reader-facing read goes through here (directly or through
    `published_articles`). Unlike Wagtail's `.public()`, which runs a query
    for every restriction each time it is called, this is a correlated
    subquery inside the same statement: no extra query, and it works inside
    `.search()` (a lookup on the primary key). A page lies below a
    restricted page exactly when that page's tree path is a prefix of its own.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    ).values(restricted_page=OuterRef("pk"))
    return pages.exclude(pk__in=restricted)


def published_articles(edition=None):
    """Live articles readers may see, newest first, ready to be shown as cards."""
    articles = reader_visible(ArticlePage.objects.live())
    articles = (
        articles.defer(*CARD_FIELDS_DEFERRED)
        .select_related("lead_image", "agency")
        .order_by("-published_at", "-pk")
    )
    if edition is not None:
        articles = articles.filter(locale_id=edition.locale_id)
    return articles


def attach_sections(articles: Iterable[ArticlePage]) -> None:
    """Give each article its `.section` (parent section page). Sections are
    kept by purge version (`sections_by_path`), so this costs a query only
    for a parent not among them (a story filed under a front).
    Articles that have one already (cached rails) are left as they are."""
    articles = [a for a in articles if a is not None and "section" not in a.__dict__]
    parent_paths = {a.path[: -ArticlePage.steplen] for a in articles}
    if not parent_paths:
        return
    sections = sections_by_path()
    missing = parent_paths - sections.keys()
    if missing:
        found = SectionPage.objects.filter(path__in=missing)
        sections = {**sections, **{s.path: s for s in found}}
    for article in articles:
        article.section = sections.get(article.path[: -ArticlePage.steplen])


def sections_by_path() -> dict[str, SectionPage]:
    """Every section by tree path, kept until a page other than a story
    changes (which purges everything). Shared by the worker's threads:
    read-only."""
    return versioned(
        "sections", lambda: {s.path: s for s in SectionPage.objects.order_by()}
    )


def attach_renditions(articles: Iterable[ArticlePage]) -> None:
    """Load existing renditions of every lead image in one query."""
    images = {a.lead_image_id: a.lead_image for a in articles if a and a.lead_image_id}
    if images:
        prefetch_related_objects(list(images.values()), "renditions")


def finish(*groups: Iterable[ArticlePage]) -> None:
    everything = [a for group in groups for a in group if a is not None]
    attach_sections(everything)
    attach_renditions(everything)


def paginate(queryset, request, per_page: int = PER_PAGE):
    raw = request.GET.get("page", "1")
    if raw == "":
        raw = "1"
    paginator = Paginator(queryset, per_page)
    try:
        number = int(raw)
        if number < 1 or len(raw) > 6:
            raise InvalidPage(raw)
        return paginator.page(number)
    except (ValueError, PageNotAnInteger, EmptyPage):
        if raw == "1":
            return paginator.page(1)  # an empty listing still has a first page
        raise InvalidPage(raw) from None


def child_to_serve(section, path_components):
    """The child of `section` named by the first of `path_components`, in its
    own type, or None (not a story or section: Wagtail's routing looks).

    Wagtail reads a child as a plain page and then in its type (two queries
    per level). A story has no children, so with more components to come the
    child is a section; else most likely a story, read with what its page
    shows: lead picture, agency, and whether it has corrections and updates
    (`has_notes`) or live translations (`has_live_translations`), so that a
    story without them costs no query for them.
    """
    slug, rest = path_components[0], path_components[1:]
    if not rest:
        story = _story_for_page(ArticlePage.objects.child_of(section).filter(slug=slug))
        if story is not None:
            return story
    for child in SectionPage.objects.child_of(section).filter(slug=slug).order_by()[:1]:
        return child
    return None


def _story_for_page(stories):
    """The first of `stories`, read with what its page shows: lead picture,
    agency, and whether it has corrections and updates (`has_notes`) or live
    translations (`has_live_translations`), so that a story without them
    costs no query for them."""
    # Sliced, not first(): that would order by id and walk the table.
    for story in _with_page_extras(stories).order_by()[:1]:
        return story
    return None


def _with_page_extras(stories):
    return stories.select_related("lead_image", "agency").annotate(
        has_notes=Exists(ArticleNote.objects.filter(page=OuterRef("pk"))),
        has_live_translations=Exists(
            Page.objects.live()
            .filter(translation_key=OuterRef("translation_key"))
            .exclude(pk=OuterRef("pk"))
        ),
        has_restrictions=Exists(_restrictions_above(OuterRef("path"))),
        # Whether its related news was computed and stored (newsroom.related):
        # a story without (an archive story) ranks it as it renders, and
        # costs no query to find that out.
        has_related=has_stored_related(),
    )


def has_stored_related():
    """Whether a story's related news is stored, as an annotation."""
    return Exists(RelatedStory.objects.filter(story=OuterRef("pk")))


def _restrictions_above(path):
    """The view restrictions on the page at `path` or above it, counting an
    alias with its original's (as masthead.core.restrictions does), so that a
    story without any is served without asking again."""
    return PageViewRestriction.objects.filter(
        Q(page__path=Substr(path, 1, Length("page__path")))
        | Q(page__aliases__path=Substr(path, 1, Length("page__aliases__path")))
    )


# Compiled once (masthead.core.prepared): routing reads a story on every
# cold render.
_story_by_url_path = Prepared(
    ArticlePage,
    lambda slug, url_path: _with_page_extras(
        ArticlePage.objects.filter(slug=slug, url_path=url_path)
    ).order_by()[:1],
    slug=str,
    url_path=str,
)


def story_at(edition, path_components):
    """The story at `path_components` (two or more) below `edition`, or None.

    One query instead of one per level: by its `url_path`, which Wagtail
    keeps for every page (and the bulk importer sets), through the slug's
    index. Whatever else lives there (a section, a standard page) is left to
    the routing of the pages on the way.
    """
    if len(path_components) < 2:
        return None
    url_path = edition.url_path + "/".join(path_components) + "/"
    found = _story_by_url_path(slug=path_components[-1], url_path=url_path)
    return found[0] if found else None


def in_locale(articles, locale_id):
    """`articles` in one language, still read newest first along the
    published_at index. With the locale's index SQLite would sort every story
    of the language to find the newest: the cost would grow with the archive.
    `+ 0` keeps the filter but not the index."""
    return articles.alias(in_locale=F("locale_id") + 0).filter(in_locale=locale_id)


def newest_story_time(locale_id, *, edition=None):
    """When the newest live story in the language was published. Cached
    until the edition's next purge when `edition` is that language's."""

    def newest():
        return (
            in_locale(ArticlePage.objects.live(), locale_id)
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    if edition is None or edition.locale_id != locale_id:
        return newest()
    return versioned(
        f"newest:{edition.pk}", newest, purge_key=surrogate.edition(edition.pk)
    )


def filter_articles(articles, *, tag=None, author=None, agency=None):
    """`articles` narrowed to a tag, an author's bylines and/or an agency: the
    listing pages, the feeds and the API filter the same way."""
    if tag is not None:
        tagged = ArticleTag.objects.filter(tag=tag).values("content_object_id")
        articles = articles.filter(pk__in=tagged)
    if author is not None:
        bylined = ArticleByline.objects.filter(author=author).values("page_id")
        articles = articles.filter(pk__in=bylined)
    if agency is not None:
        articles = articles.filter(agency=agency)
    return articles


def byline_and_tag_prefetches() -> list[Prefetch]:
    """Bylines (with their authors, in byline order) and tags (in the order
    the story was tagged), for `prefetch_related`."""
    return [
        Prefetch(
            "bylines",
            queryset=ArticleByline.objects.select_related("author").order_by(
                "sort_order", "pk"
            ),
        ),
        Prefetch(
            "tagged_items",
            queryset=ArticleTag.objects.select_related("tag").order_by("pk"),
        ),
    ]


def with_bylines_and_tags(articles):
    """`articles` (a queryset or a list) with bylines and tags prefetched:
    two queries for any number of stories."""
    if isinstance(articles, list):
        prefetch_related_objects(articles, *byline_and_tag_prefetches())
        return articles
    return articles.prefetch_related(*byline_and_tag_prefetches())


# -- rails, registered by the front page ----------------------------------------

_rails_provider: Callable[..., dict] | None = None


def register_rails(provider: Callable[..., dict]) -> None:
    """`provider(request, exclude=story_pk, flagged=bool)` returns the
    template context of the rails of the request's edition: a list per
    RAIL_NAMES (top stories without the story `exclude`, which `flagged`
    says is a top story; one that is not may still be an editor's pick),
    loaded lazily, and `rails_key` and `rails_seconds`, under which the
    templates cache the rendered rails."""
    global _rails_provider
    _rails_provider = provider


def rails_for(request, *, exclude=None, flagged=True) -> dict:
    if _rails_provider is None:
        context = {name: [] for name in RAIL_NAMES}
        return {**context, "rails_key": "", "rails_seconds": 0}
    return _rails_provider(request, exclude=exclude, flagged=flagged)


def _sharing_tags(story_id: int, tag_ids, limit: int) -> dict[int, int]:
    """{story id: tags shared} for the `limit` stories sharing most of
    `tag_ids`, among the newest taggings of each of those tags.

    Each tag reads at most its newest RELATED_CANDIDATES / tags stories along
    the (tag, story) index, so a popular tag with thousands of stories costs
    no more than a rare one and the cost does not grow with the archive. The
    database counts, so a dozen rows come back, not hundreds.
    """
    quote = connection.ops.quote_name
    meta = ArticleTag._meta
    story = quote(meta.get_field("content_object").column)
    tag = quote(meta.get_field("tag").column)
    tags = sorted({int(t) for t in tag_ids})[:RELATED_TAGS]
    per_tag = max(RELATED_CANDIDATES // len(tags), 50)
    # Only quoted column and table names and placeholders go into the text.
    # SQLite allows LIMIT in a compound member only inside a subquery.
    newest = (
        f"SELECT story FROM (SELECT {story} AS story FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {tag} = %s AND {story} <> %s ORDER BY {story} DESC LIMIT %s) t"
    )
    sql = (
        f"SELECT story, COUNT(*) AS shared FROM ("  # noqa: S608
        f"{' UNION ALL '.join([newest] * len(tags))}) recent "
        f"GROUP BY story ORDER BY shared DESC, story DESC LIMIT %s"
    )
    params = [value for t in tags for value in (t, story_id, per_tag)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return dict(cursor.fetchall())


# Related news's candidates and its cards are read by id with queries compiled
# once (masthead.core.prepared) for up to RELATED_SLOTS stories.
RELATED_SLOTS = 3 * RELATED_SIZE


def _visible_pages(locale_id, ids):
    # From the page side: filtered on ArticlePage, Django puts the ids on the
    # story table's key, and PostgreSQL, which does not carry an IN list
    # across a join, may read every page of the language to find a dozen.
    return (
        reader_visible(Page.objects.live())
        .filter(locale_id=locale_id, id__in=ids)
        .values_list("pk", "articlepage__published_at")
        .order_by()
    )


_visible_slots = Prepared(Page, _visible_pages, locale_id=int, ids=Ids(RELATED_SLOTS))
_published_slots = Prepared(
    ArticlePage,
    lambda ids: published_articles().filter(pk__in=ids),
    ids=Ids(RELATED_SLOTS),
)


class StoryCards:
    """Stories known by id, to be shown as cards: read (with their sections
    and renditions, in one go) only when a card is not in the fragment cache
    already (`{% story_card %}` asks `story()` on a miss). A page whose cards
    are all kept reads nothing for them.
    """

    def __init__(self, ids: list[int]):
        self.ids = ids
        self._stories: dict[int, ArticlePage] | None = None

    def __iter__(self):
        return iter([StoryCard(pk, self) for pk in self.ids])

    def __len__(self):
        return len(self.ids)

    def __bool__(self):
        return bool(self.ids)

    def story(self, pk: int) -> ArticlePage | None:
        if self._stories is None:
            stories = _published_slots(ids=self.ids)
            finish(stories)
            self._stories = {story.pk: story for story in stories}
        return self._stories.get(pk)


class StoryCard:
    """One of `StoryCards`: its id now, the story when needed."""

    def __init__(self, pk: int, cards: StoryCards):
        self.pk = pk
        self._cards = cards

    def story(self) -> ArticlePage | None:
        return self._cards.story(self.pk)


def _stored_related_pages(story, locale_id):
    # From the page side, as `_visible_pages`: the stored rows by the
    # (story, position) index, each story's visibility checked as it is read.
    return (
        reader_visible(Page.objects.live())
        .filter(locale_id=locale_id, articlepage__related_in__story_id=story)
        .order_by("articlepage__related_in__position")
        .values_list("pk")[:RELATED_SIZE]
    )


_stored_related = Prepared(Page, _stored_related_pages, story=int, locale_id=int)


def related_news(article: ArticlePage, limit: int = RELATED_SIZE, tag_ids=None):
    """The story's Related News as computed on publish (newsroom.related):
    one query, which leaves out what readers may no longer see. A story
    published before that existed (no stored list) ranks it here."""
    if article.__dict__.get("has_related") is not False:
        found = [
            pk
            for (pk,) in _stored_related.rows(
                story=article.pk, locale_id=article.locale_id
            )
        ][:limit]
        if found or article.__dict__.get("has_related"):
            return StoryCards(found)
    return related_news_fallback(article, limit=limit, tag_ids=tag_ids)


def related_news_fallback(
    article: ArticlePage, limit: int = RELATED_SIZE, tag_ids=None
) -> StoryCards:
    """Stories sharing the most tags with `article`, then the same section.

    Looks at the newest taggings of each of the story's tags
    (`_sharing_tags`: no join or GROUP BY over every story that ever carried a
    popular tag), so the cost does not grow with the archive. Only ids and
    times are read to rank them: the stories themselves are read when a card
    must be rendered (`StoryCards`). Reads only: the list is stored when the
    story is next published.
    """
    if tag_ids is None:
        tag_ids = [t.pk for t in article.tags.all()]
    found: list[int] = []
    shared = _sharing_tags(article.pk, tag_ids, limit * 3) if tag_ids else {}
    if shared:
        # Most tags in common first, then the newest (published_at is set on
        # every live story); only the stories readers may see, in its edition.
        ranked = sorted(
            _visible_slots.rows(locale_id=article.locale_id, ids=list(shared)),
            key=lambda row: (shared[row[0]], row[1]),
            reverse=True,
        )
        found = [pk for pk, _when in ranked[:limit]]
    if len(found) < limit:
        section_path = article.path[: -ArticlePage.steplen]
        found += list(
            published_articles()
            .filter(path__startswith=section_path, depth=article.depth)
            .exclude(pk__in=[article.pk, *found])
            .values_list("pk", flat=True)[: limit - len(found)]
        )
    return StoryCards(found)


# -- pages --------------------------------------------------------------------


def section_front(section, request) -> dict:
    articles = published_articles().descendant_of(section)
    page = paginate(articles, request)
    listing = list(page.object_list)
    lead = listing[0] if page.number == 1 and listing else None
    subsections = list(SectionPage.objects.child_of(section).live().order_by("path"))
    parent_section = (
        SectionPage.objects.live().filter(path=section.path[: -section.steplen]).first()
    )
    finish(listing)
    return {
        **rails_for(request),
        "lead_story": lead,
        "articles": listing[1:] if lead else listing,
        "page_obj": page,
        "subsections": subsections,
        "parent_section": parent_section,
    }


_bylines = Prepared(
    ArticleByline,
    lambda page: (
        ArticleByline.objects.filter(page_id=page)
        .select_related("author", "author__photo")
        .order_by("sort_order")
    ),
    page=int,
)


def article_page(article, request) -> dict:
    bylines = _bylines(page=article.pk)
    article.__dict__["authors"] = [b.author for b in bylines]
    tags = list(article.tags.all())
    related = related_news(article, tag_ids=[t.pk for t in tags])
    finish([article])
    # A flagged story or an editor's pick can be in the Top Stories rail (a
    # preview may differ from the live story): it is left out of its own.
    flagged = article.is_top_story or getattr(request, "is_preview", False)
    return {
        **rails_for(request, exclude=article.pk, flagged=flagged),
        "article": article,
        "section": getattr(article, "section", None),
        "authors": article.authors,
        "tags": tags,
        "related_news": related,
    }


def listing_page(home, request, *, tag=None, author=None, agency=None) -> dict:
    """A tag's, an author's or an agency's stories in an edition (the routes
    hang off each edition's front page)."""
    articles = filter_articles(
        published_articles(home), tag=tag, author=author, agency=agency
    )
    page = paginate(articles, request)
    listing = list(page.object_list)
    finish(listing)
    # The stories listed, too: a story that loses this tag or author in an
    # update purges its own key, and so leaves this page (the update's event
    # names only the tags and authors it has now).
    surrogate.mark(request, *(surrogate.page(a.pk) for a in listing))
    return {
        "articles": listing,
        "page_obj": page,
        "tag": tag,
        "author": author,
        "agency": agency,
    }
