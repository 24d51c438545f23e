"""Reads for the reader site: every listing and rail, with its own queries.

Each selector owns its `select_related`/`prefetch_related`, ordering and limit,
so a page render costs a bounded number of queries however many articles the
newsroom has (pinned in tests/frontpage/test_query_counts.py).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import OuterRef, Prefetch, prefetch_related_objects
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction

from masthead.editions import selectors as editions
from masthead.newsroom.models import (
    ArticleByline,
    ArticleKind,
    ArticlePage,
    ArticleTag,
    SectionPage,
)

from .models import NewsroomSettings

PER_PAGE = 20
RAIL_SIZE = 5
RELATED_CANDIDATES = 300
PRIMARY_NAV_SIZE = 8
SECTION_BLOCKS = 6
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_TERMS = 12
CARD_FIELDS_DEFERRED = ("body",)


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
    """Give each article its `.section` (parent section page) in one query.
    Articles that have one already (cached rails) are left as they are."""
    articles = [a for a in articles if a is not None and "section" not in a.__dict__]
    parent_paths = {a.path[: -ArticlePage.steplen] for a in articles}
    if not parent_paths:
        return
    sections = {s.path: s for s in SectionPage.objects.filter(path__in=parent_paths)}
    for article in articles:
        article.section = sections.get(article.path[: -ArticlePage.steplen])


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


# -- rails ------------------------------------------------------------------


def top_stories(edition, limit: int = RAIL_SIZE, exclude=()):
    return list(
        published_articles(edition)
        .filter(is_top_story=True)
        .exclude(pk__in=exclude)[:limit]
    )


def latest(edition, limit: int = RAIL_SIZE, exclude=()):
    return list(published_articles(edition).exclude(pk__in=exclude)[:limit])


def most_viewed(edition, limit: int = RAIL_SIZE):
    """Stand-in until audience counting lands: the last two days' news."""
    since = timezone.now() - timedelta(hours=48)
    return list(
        published_articles(edition)
        .filter(published_at__gte=since, kind=ArticleKind.NEWS)
        .order_by("-is_top_story", "-published_at")[:limit]
    )


def most_read(edition, limit: int = RAIL_SIZE):
    """Stand-in until engaged-read counting lands: recent long-form pieces."""
    return list(
        published_articles(edition).filter(
            kind__in=[
                ArticleKind.ANALYSIS,
                ArticleKind.FEATURE,
                ArticleKind.LONG_READ,
                ArticleKind.INTERVIEW,
                ArticleKind.OPINION,
            ]
        )[:limit]
    )


def features(edition, limit: int = 4):
    return list(published_articles(edition).filter(kind=ArticleKind.FEATURE)[:limit])


def videos(edition, limit: int = 4):
    return list(published_articles(edition).filter(kind=ArticleKind.VIDEO)[:limit])


def related_news(article: ArticlePage, limit: int = 4, tag_ids=None):
    """Stories sharing the most tags with `article`, then the same section.

    Looks at the most recent RELATED_CANDIDATES taggings of the story's tags
    (one indexed query on the tag table, no join or GROUP BY over every story
    that ever carried a popular tag), so the cost does not grow with the
    archive. Audience-aware related news computed on publish comes later.
    """
    if tag_ids is None:
        tag_ids = [t.pk for t in article.tags.all()]
    found = []
    if tag_ids:
        candidates = (
            ArticleTag.objects.filter(tag_id__in=tag_ids)
            .exclude(content_object_id=article.pk)
            .order_by("-content_object_id")
            .values_list("content_object_id", flat=True)[:RELATED_CANDIDATES]
        )
        shared = Counter(candidates)
        ranked = sorted(shared, key=lambda pk: (-shared[pk], -pk))[: limit * 3]
        stories = published_articles().filter(
            locale_id=article.locale_id, pk__in=ranked
        )
        # Most tags in common first, then the newest (published_at is set on
        # every live story).
        found = sorted(
            stories, key=lambda a: (shared[a.pk], a.published_at), reverse=True
        )[:limit]
    if len(found) < limit:
        section_path = article.path[: -ArticlePage.steplen]
        found += list(
            published_articles()
            .filter(path__startswith=section_path, depth=article.depth)
            .exclude(pk__in=[article.pk, *[a.pk for a in found]])[: limit - len(found)]
        )
    return found


# -- chrome shared by every page ---------------------------------------------

FOOTER_ROLES = ("about", "privacy", "comment_policy", "contact")


def chrome(page, request) -> dict:
    edition = editions.current_edition(request)
    nav = []
    if edition is not None:
        nav = list(
            SectionPage.objects.child_of(edition)
            .live()
            .filter(show_in_menus=True)
            .order_by("path")
        )
    site_settings = NewsroomSettings.for_request(request)
    footer_ids = [
        site_settings.about_page_id,
        site_settings.privacy_page_id,
        site_settings.comment_policy_page_id,
        site_settings.contact_page_id,
    ]
    footer_pages = {
        p.pk: p for p in Page.objects.live().filter(pk__in=[i for i in footer_ids if i])
    }
    today = editions.edition_now(edition)
    pages_by_role = dict(zip(FOOTER_ROLES, footer_ids, strict=True))
    return {
        "edition": edition,
        "today": today,
        "time_zone": str(today.tzinfo),
        "comment_policy_page": footer_pages.get(pages_by_role["comment_policy"]),
        "contact_page": footer_pages.get(pages_by_role["contact"]),
        "nav_primary": nav[:PRIMARY_NAV_SIZE],
        "nav_more": nav[PRIMARY_NAV_SIZE:],
        "nav_sections": nav,
        "other_editions": editions.other_editions(edition),
        "newsroom": site_settings,
        "footer_pages": [
            (label, footer_pages.get(pk))
            for label, pk in zip(
                [_("About"), _("Privacy Policy"), _("Comment Policy"), _("Contact")],
                footer_ids,
                strict=True,
            )
            if pk in footer_pages
        ],
    }


# -- rails shared by every page of an edition ----------------------------------

RAILS_CACHE_SECONDS = 60


def edition_rails(edition) -> dict:
    """Top Stories, Most Viewed, Most Read, Features and Videos of an edition.

    The same for every page of the edition, so they are built once and cached
    until the next publish (the key carries the purge generation) or for a
    minute, whichever comes first (Most Viewed has a time window).
    """
    from masthead.core.purge import current_generation

    key = f"masthead:rails:{getattr(edition, 'pk', 0)}:{current_generation()}"
    rails = cache.get(key)
    if rails is None:
        rails = {
            # One spare, so an article page can leave itself out.
            "top_stories": top_stories(edition, limit=RAIL_SIZE + 1),
            "most_viewed": most_viewed(edition),
            "most_read": most_read(edition),
            "rail_features": features(edition),
            "rail_videos": videos(edition),
        }
        # Sections are kept with the rails; renditions are not (a page loads
        # them for everything it shows in one query, see finish()).
        attach_sections([a for rail in rails.values() for a in rail])
        cache.set(key, rails, RAILS_CACHE_SECONDS)
    return rails


# -- pages --------------------------------------------------------------------


def home_front(home, request) -> dict:
    tops = top_stories(home, limit=7)
    lead = tops[0] if tops else None
    shown = [a.pk for a in tops]
    latest_news = latest(home, limit=10, exclude=shown)
    sections = list(
        SectionPage.objects.child_of(home)
        .live()
        .filter(show_in_menus=True)
        .order_by("path")[:SECTION_BLOCKS]
    )
    blocks = []
    for section in sections:
        blocks.append(
            (
                section,
                list(
                    published_articles(home)
                    .descendant_of(section)
                    .exclude(pk__in=shown)[:4]
                ),
            )
        )
    rails = edition_rails(home)
    finish(tops, latest_news, *[a for _s, a in blocks], *rails.values())
    return {
        "lead_story": lead,
        "top_stories": tops[1:],
        "latest_news": latest_news,
        "section_blocks": [(s, arts) for s, arts in blocks if arts],
        "rail_features": rails["rail_features"],
        "rail_videos": rails["rail_videos"],
        "most_viewed": rails["most_viewed"],
        "most_read": rails["most_read"],
    }


def section_front(section, request) -> dict:
    edition = editions.current_edition(request)
    articles = published_articles().descendant_of(section)
    page = paginate(articles, request)
    listing = list(page.object_list)
    lead = listing[0] if page.number == 1 and listing else None
    subsections = list(SectionPage.objects.child_of(section).live().order_by("path"))
    parent_section = (
        SectionPage.objects.live().filter(path=section.path[: -section.steplen]).first()
    )
    rails = edition_rails(edition)
    finish(listing, rails["most_viewed"], rails["most_read"])
    return {
        "lead_story": lead,
        "articles": listing[1:] if lead else listing,
        "page_obj": page,
        "subsections": subsections,
        "parent_section": parent_section,
        "most_viewed": rails["most_viewed"],
        "most_read": rails["most_read"],
    }


def article_page(article, request) -> dict:
    edition = editions.current_edition(request)
    bylines = list(
        ArticleByline.objects.filter(page=article)
        .select_related("author", "author__photo")
        .order_by("sort_order")
    )
    article.__dict__["authors"] = [b.author for b in bylines]
    tags = list(article.tags.all())
    rails = edition_rails(edition)
    related = related_news(article, tag_ids=[t.pk for t in tags])
    finish([article], related, *rails.values())
    return {
        "article": article,
        "section": getattr(article, "section", None),
        "authors": article.authors,
        "tags": tags,
        "related_news": related,
        "top_stories": [a for a in rails["top_stories"] if a.pk != article.pk][
            :RAIL_SIZE
        ],
        "most_viewed": rails["most_viewed"],
        "most_read": rails["most_read"],
        "rail_features": rails["rail_features"],
        "rail_videos": rails["rail_videos"],
    }


def listing_page(home, request, *, tag=None, author=None, agency=None) -> dict:
    articles = published_articles(home)
    if tag is not None:
        articles = articles.filter(tagged_items__tag=tag)
    if author is not None:
        articles = articles.filter(bylines__author=author)
    if agency is not None:
        articles = articles.filter(agency=agency)
    page = paginate(articles.distinct() if author or tag else articles, request)
    listing = list(page.object_list)
    finish(listing)
    return {
        "articles": listing,
        "page_obj": page,
        "tag": tag,
        "author": author,
        "agency": agency,
    }


def search_terms(query: str) -> str:
    """The words of a reader's query, without the punctuation and operators
    a full-text engine would read as syntax (FTS5 fails on a stray quote)."""
    kept = "".join(
        char if unicodedata.category(char)[0] in "LMN" else " " for char in query
    )
    return " ".join(kept.lower().split()[:SEARCH_MAX_TERMS])


def search_results(home, request, query: str) -> dict:
    """Live stories of the edition matching `query`, best match first."""
    query = " ".join(query.split())[:SEARCH_MAX_LENGTH]
    terms = search_terms(query)
    if not terms:
        return {"query": query, "articles": [], "page_obj": None}
    results = published_articles(home).search(terms, operator="and")
    page = paginate(results, request)
    listing = list(page.object_list)
    finish(listing)
    return {
        "query": query,
        "articles": listing,
        "page_obj": page,
        "extra_query": urlencode({"q": query}) + "&",
    }


def html_sitemap(home, request) -> dict:
    sections = list(
        reader_visible(SectionPage.objects.descendant_of(home).live()).order_by("path")
    )
    others = list(
        reader_visible(
            Page.objects.child_of(home).live().not_type(SectionPage)
        ).order_by("title")
    )
    return {"sections": sections, "other_pages": others}


__all__ = [
    "InvalidPage",
    "Prefetch",
    "article_page",
    "chrome",
    "home_front",
    "html_sitemap",
    "listing_page",
    "published_articles",
    "reader_visible",
    "search_results",
    "section_front",
]
