"""Writing many articles fast, leaving the same tree Wagtail would.

`Page.add_child()` + `save_revision().publish()` costs tens of milliseconds a
page: every call walks the tree, validates, fires signals and writes one row at
a time. For the demo (and benchmarks at 100,000 articles) the writer below
builds the rows itself and inserts them a batch at a time:

- `wagtailcore_page` rows with one multi-row INSERT (`bulk_create` on `Page`),
  with the materialised path computed here: parent path + the next base-36 step
  of `Page.steplen` characters, as treebeard would;
- the `ArticlePage` child rows with one multi-row INSERT of the child table's
  own columns (what `save_base(raw=True)` does one row at a time);
- bylines, tags and one published `Revision` per page (content =
  the page's serialisable data, as `save_revision()` stores it), then the
  page's `latest_revision`/`live_revision` pointers;
- each parent's `numchild` once per batch;
- the page history (`wagtail.create`, and `wagtail.publish` for live pages).

Drafts (`live=False`) get a latest revision and no live one, as a page created
in the admin and never published. The demo loader and the wire importer write
through it. Each batch sends one `published` (or `drafted`) event carrying
all its stories (newsroom.events), so subscribers hear bulk writes as they
hear the admin; the search-index subscriber's task then runs `index_pages()`,
what Wagtail's save signals would have done for the search and reference
indexes.

Every batch is one transaction, so the tree is valid after each commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import (
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail.models import Page, PageLogEntry, Revision

from masthead.newsroom.models import ArticleByline, ArticlePage, ArticleTag

ALPHABET = Page.alphabet
STEPLEN = Page.steplen
MAX_STEP = len(ALPHABET) ** STEPLEN - 1


def encode_step(number: int) -> str:
    """`number` as a treebeard path step: base 36, zero-padded to STEPLEN."""
    if not 0 < number <= MAX_STEP:
        raise ValueError(f"a parent page cannot have more than {MAX_STEP} children")
    digits = []
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[rest])
    return "".join(reversed(digits)).rjust(STEPLEN, ALPHABET[0])


@dataclass
class ArticleSpec:
    parent: Page
    title: str
    published_at: datetime | None
    slug: str = ""
    live: bool = True
    modified_at: datetime | None = None
    kicker: str = ""
    standfirst: str = ""
    kind: str = "news"
    agency_id: int | None = None
    byline_text: str = ""
    dateline: str = ""
    lead_image_id: int | None = None
    body: list = field(default_factory=list)
    is_top_story: bool = False
    author_ids: list[int] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)


# Stories this process has written in bulk since the planner's statistics
# were last refreshed (`refresh_statistics`).
_written = 0
STATISTICS_AFTER = 1000


def refresh_statistics(*, minimum: int = STATISTICS_AFTER) -> bool:
    """After a big bulk load, tell PostgreSQL's planner what it now holds.

    Autovacuum would, in time, where it runs at all; until then the planner
    takes a 10,000-story table for an empty one and joins every story of a
    language to find twelve (related news: 12 ms instead of 0.7). Run by the
    commands that load in bulk (`masthead demo`, `masthead import`) once they
    have written `minimum` stories. The whole database is analysed (0.3 s at
    10,000 stories): small tables matter as much (`analyse_unseen_tables`).
    SQLite's queries are written for its planner without statistics and are
    left alone.
    """
    global _written
    if _written < minimum or connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _written = 0
    return True


def analyse_unseen_tables(using: str = "default") -> list[str]:
    """ANALYZE the PostgreSQL tables that have never been analysed; their
    names.

    Autovacuum analyses a table only after 50 rows or more have changed, so a
    small one (page view restrictions: a handful of rows, or none) may never
    be, and the planner then guesses ten pages of rows. Every reader query
    asks that table whether a story is restricted, and on that guess
    PostgreSQL read every page of a language to find a dozen stories by id
    (4 ms instead of 0.1). Run after migrations, which is when tables appear.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        # reltuples is -1 until a VACUUM or ANALYZE has seen the table.
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples < 0 "
            "AND relnamespace = current_schema()::regnamespace"
        )
        tables = [row[0] for row in cursor.fetchall()]
        if tables:
            quoted = ", ".join(map(connection.ops.quote_name, tables))
            cursor.execute("ANALYZE " + quoted)  # noqa: S608 (quoted names)
    return tables


class ArticleWriter:
    def __init__(self, *, announce: bool = True):
        # `announce=False` only for loads too big to index at once (the demo
        # loader above its limit), whose caller says what to run instead.
        self.announce = announce
        self.article_type = ContentType.objects.get_for_model(ArticlePage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self._next_step: dict[int, int] = {}
        self._slugs: dict[int, set[str]] = {}
        self._child_fields = ArticlePage._meta.local_concrete_fields
        self._child_relations = [
            relation.get_accessor_name()
            for relation in get_all_child_relations(ArticlePage)
        ]

    # -- tree bookkeeping ----------------------------------------------------

    def _children(self, parent: Page):
        return Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)

    def next_path(self, parent: Page) -> str:
        if parent.pk not in self._next_step:
            last = (
                self._children(parent)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            self._next_step[parent.pk] = int(last[-STEPLEN:], 36) + 1 if last else 1
        step = self._next_step[parent.pk]
        self._next_step[parent.pk] = step + 1
        return parent.path + encode_step(step)

    def unique_slug(self, parent: Page, wanted: str) -> str:
        taken = self._slugs.get(parent.pk)
        if taken is None:
            taken = set(self._children(parent).values_list("slug", flat=True))
            self._slugs[parent.pk] = taken
        base = slugify(wanted, allow_unicode=True)[:90].strip("-") or "story"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        return slug

    # -- writing -----------------------------------------------------------------

    def build(self, spec: ArticleSpec) -> ArticlePage:
        parent = spec.parent
        slug = self.unique_slug(parent, spec.slug or spec.title)
        now = timezone.now()
        published = spec.published_at or (now if spec.live else None)
        modified = spec.modified_at or published
        return ArticlePage(
            path=self.next_path(parent),
            depth=parent.depth + 1,
            numchild=0,
            translation_key=uuid.uuid4(),
            locale_id=parent.locale_id,
            live=spec.live,
            has_unpublished_changes=not spec.live,
            first_published_at=published if spec.live else None,
            last_published_at=modified if spec.live else None,
            latest_revision_created_at=modified if spec.live else now,
            title=spec.title,
            draft_title=spec.title,
            slug=slug,
            content_type_id=self.article_type.pk,
            url_path=f"{parent.url_path}{slug}/",
            show_in_menus=False,
            seo_title="",
            search_description="",
            kicker=spec.kicker,
            standfirst=spec.standfirst,
            kind=spec.kind,
            agency_id=spec.agency_id,
            byline_text=spec.byline_text,
            dateline=spec.dateline,
            lead_image_id=spec.lead_image_id,
            lead_image_caption="",
            lead_image_credit="",
            body=spec.body,
            is_top_story=spec.is_top_story,
            display_published_at=published,
            display_modified_at=spec.modified_at,
            published_at=published,
        )

    def write(self, specs: list[ArticleSpec]) -> list[int]:
        """Create and publish `specs` in one transaction; return the page ids."""
        global _written
        if not specs:
            return []
        with transaction.atomic():
            pages = [self.build(spec) for spec in specs]
            Page.objects.bulk_create(pages)
            for page in pages:
                page.page_ptr_id = page.id
                page._state.adding = False
            self._insert_child_rows(pages)

            bylines = [
                ArticleByline(page_id=page.id, author_id=author_id, sort_order=order)
                for page, spec in zip(pages, specs, strict=True)
                for order, author_id in enumerate(spec.author_ids)
            ]
            ArticleByline.objects.bulk_create(bylines)
            tagged = [
                ArticleTag(content_object_id=page.id, tag_id=tag_id)
                for page, spec in zip(pages, specs, strict=True)
                for tag_id in spec.tag_ids
            ]
            ArticleTag.objects.bulk_create(tagged)
            self._publish_revisions(pages, bylines, tagged)
            self._log(pages)

            added: dict[int, int] = {}
            for spec in specs:
                added[spec.parent.pk] = added.get(spec.parent.pk, 0) + 1
            for parent_id, count in added.items():
                Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + count)
            if self.announce:
                self._announce(pages)
        _written += len(pages)
        return [page.id for page in pages]

    def _announce(self, pages: list[ArticlePage]) -> None:
        from .events import StoryChange, emit_stories

        live = [page for page in pages if page.live]
        drafts = [page for page in pages if not page.live]
        if live:
            emit_stories(StoryChange.PUBLISHED, live)
        if drafts:
            emit_stories(StoryChange.DRAFTED, drafts)

    def _insert_child_rows(self, pages: list[ArticlePage]) -> None:
        fields = self._child_fields
        manager = ArticlePage._base_manager
        size = max(1, connection.ops.bulk_batch_size(fields, pages))
        for start in range(0, len(pages), size):
            manager._insert(pages[start : start + size], fields=fields)

    def _publish_revisions(self, pages, bylines, tagged) -> None:
        byline_data: dict[int, list] = {}
        for byline in bylines:
            byline_data.setdefault(byline.page_id, []).append(
                get_serializable_data_for_fields(byline)
            )
        tag_data: dict[int, list] = {}
        for item in tagged:
            tag_data.setdefault(item.content_object_id, []).append(
                get_serializable_data_for_fields(item)
            )
        revisions = []
        for page in pages:
            content = get_serializable_data_for_fields(page)
            for name in self._child_relations:
                content[name] = []
            content["wagtail_admin_comments"] = []
            content["tagged_items"] = tag_data.get(page.id, [])
            content["bylines"] = byline_data.get(page.id, [])
            revisions.append(
                Revision(
                    content_type_id=self.article_type.pk,
                    base_content_type_id=self.page_type.pk,
                    object_id=str(page.id),
                    created_at=page.latest_revision_created_at,
                    user=None,
                    object_str=page.title,
                    content=content,
                )
            )
        Revision.objects.bulk_create(revisions)
        table = connection.ops.quote_name(Page._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET latest_revision_id = %s, "  # noqa: S608
                "live_revision_id = %s WHERE id = %s",
                [
                    (revision.pk, revision.pk if page.live else None, page.id)
                    for page, revision in zip(pages, revisions, strict=True)
                ],
            )
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision_id = revision.pk
            page.live_revision_id = revision.pk if page.live else None

    def _log(self, pages) -> None:
        """History rows as Wagtail writes them: created, and published if live."""
        actions = [("wagtail.create", lambda page: page.latest_revision_id)]
        live = ("wagtail.publish", lambda page: page.live_revision_id)
        PageLogEntry.objects.bulk_create(
            PageLogEntry(
                content_type_id=self.article_type.pk,
                page_id=page.id,
                label=page.title,
                action=action,
                data={"title": page.title},
                timestamp=page.latest_revision_created_at,
                revision_id=revision_of(page),
                content_changed=True,
            )
            for page in pages
            for action, revision_of in actions + ([live] if page.live else [])
        )


def index_pages(page_ids: list[int]) -> None:
    """What Wagtail's save signals would have done for each page: the search
    index and the reference index. Safe to run twice. Pages with no
    references recorded yet (new ones) have theirs inserted in one go instead
    of compared row by row."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    article_type = ContentType.objects.get_for_model(ArticlePage)
    page_type = ContentType.objects.get_for_model(Page)
    for start in range(0, len(page_ids), 500):
        pages = list(
            ArticlePage.objects.filter(pk__in=page_ids[start : start + 500])
            .prefetch_related("tags", "tagged_items", "bylines")
            .order_by("pk")
        )
        backend.add_bulk(ArticlePage, pages)
        recorded = set(
            ReferenceIndex.objects.filter(
                base_content_type=page_type,
                object_id__in=[str(page.pk) for page in pages],
            ).values_list("object_id", flat=True)
        )
        for page in pages:
            if str(page.pk) in recorded:
                ReferenceIndex.create_or_update_for_object(page)
        rows = [
            ReferenceIndex(
                content_type_id=article_type.pk,
                base_content_type_id=page_type.pk,
                object_id=page.pk,
                to_content_type_id=to_type,
                to_object_id=to_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for page in pages
            if str(page.pk) not in recorded
            for to_type, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            )
        ]
        ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True)
