"""The fast path for new wire stories: a batch of them in a few INSERTs.

`import_item()` goes through Wagtail one story at a time (add_child, a
revision, publish, signals, search and reference index): about 100 ms and a
hundred queries a story. A wire folder or feed brings hundreds at once, and
almost all of them are new stories. For those, `create_new()` builds the rows
with the same bulk writer the demo loader uses (`newsroom.bulk.ArticleWriter`,
which leaves the tree, revisions and history Wagtail would). The writer sends
one newsroom event for the batch; its subscribers purge the caches once and
queue the search and reference indexing as one task.

What is not a plain new story goes the slow, careful way, in order: updates of
a known `uri` (where the owning source is checked), withdrawals, future
embargoes (a scheduled revision), stories with an image to fetch, and a `uri`
that comes twice in one batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from taggit.models import Tag

from masthead.newsroom.bulk import ArticleSpec, ArticleWriter
from masthead.newsroom.models import SectionPage

from .mapping import (
    WITHDRAW_STATUSES,
    ArticleCopy,
    Story,
    agency_named,
    article_copy,
    filing_section,
    future_embargo,
    head,
    to_story,
)
from .models import WireItem, WireSource, WireStatus
from .reading import Entry, WireError
from .services import Outcome, entry_uri
from .validation import validate

BATCH_SIZE = 250


@dataclass
class Planned:
    """A new story ready to be written, and what to say about it."""

    position: int
    story: Story
    copy: ArticleCopy
    notes: list[str]


def prepare(entry: Entry) -> Outcome | Story | None:
    """The story in an entry if it can take the fast path; an Outcome if it is
    rejected; None if it must go through `import_item()`."""
    if entry.error:
        return Outcome("rejected", uri=entry_uri(entry), reason=entry.error)
    item = entry.item
    if not isinstance(item, dict):
        return Outcome("rejected", reason="not a ninjs object")
    if validate(item, entry.version_hint):
        return None  # import_item() words the rejection
    _uri, _version, pubstatus = head(item)
    if pubstatus in WITHDRAW_STATUSES:
        return None
    try:
        story = to_story(item)
    except WireError:
        return None
    if future_embargo(story) is not None:
        return None
    if story.image is not None:
        return None
    return story


class BatchWriter:
    """Writes planned new stories; remembers sections, agencies and tags."""

    def __init__(
        self,
        *,
        source: WireSource | None,
        name: str,
        publish: bool,
        section: SectionPage | None,
    ):
        self.owner = source  # None: the command line
        self.source = name
        self.publish = publish
        self.section = section
        self.writer = ArticleWriter()
        self._parents: dict[str, tuple[SectionPage, list[str]]] = {}
        self._agencies: dict[str, int | None] = {}
        self._tags: dict[str, int] = {}

    def parent_for(self, language: str, notes: list[str]) -> SectionPage:
        if language not in self._parents:
            self._parents[language] = filing_section(language, self.section)
        parent, said = self._parents[language]
        notes.extend(said)
        # A section created for the batch is news once; a fallback, each time.
        said = [note for note in said if not note.startswith("created section")]
        self._parents[language] = (parent, said)
        return parent

    def agency_id(self, name: str) -> int | None:
        """The id of the agency called `name` (plain text), if any."""
        if not name:
            return None
        if name not in self._agencies:
            agency = agency_named(name)
            self._agencies[name] = agency.pk if agency else None
        return self._agencies[name]

    def tag_ids(self, wanted: list[str]) -> list[int]:
        """The ids of the tags named `wanted` (plain text), created if new."""
        missing = [name for name in wanted if name.lower() not in self._tags]
        if missing:
            for tag in Tag.objects.filter(name__in=missing):
                self._tags.setdefault(tag.name.lower(), tag.pk)
            for name in missing:
                if name.lower() not in self._tags:
                    tag = Tag.objects.filter(name__iexact=name).first()
                    if tag is None:
                        tag = Tag.objects.create(name=name)
                    self._tags[name.lower()] = tag.pk
        return sorted({self._tags[name.lower()] for name in wanted})

    def write(self, planned: list[Planned]) -> dict[int, Outcome]:
        """Create every planned story in one transaction."""
        outcomes: dict[int, Outcome] = {}
        if not planned:
            return outcomes
        with transaction.atomic():
            specs = []
            for plan in planned:
                copy = plan.copy
                specs.append(
                    ArticleSpec(
                        parent=self.parent_for(plan.story.language, plan.notes),
                        title=copy.title,
                        slug=copy.slug,
                        live=self.publish,
                        published_at=copy.published_at,
                        modified_at=copy.modified_at,
                        standfirst=copy.standfirst,
                        byline_text=copy.byline,
                        agency_id=self.agency_id(copy.agency),
                        body=copy.body,
                        tag_ids=self.tag_ids(copy.tags),
                    )
                )
            page_ids = self.writer.write(specs)
            status = WireStatus.CREATED
            WireItem.objects.bulk_create(
                WireItem(
                    uri=plan.story.uri,
                    version=plan.story.version,
                    page_id=page_id,
                    source=self.source[:255],
                    owner=self.owner,
                    status=status,
                )
                for plan, page_id in zip(planned, page_ids, strict=True)
            )
        for plan, page_id in zip(planned, page_ids, strict=True):
            outcomes[plan.position] = Outcome(
                "created", uri=plan.story.uri, notes=plan.notes, page_id=page_id
            )
        return outcomes


def plan_batch(
    entries: list[Entry],
) -> tuple[dict[int, Outcome], list[Planned], list[int]]:
    """Split a batch: outcomes known already, new stories for the fast path,
    and the positions that go through `import_item()` in order."""
    done: dict[int, Outcome] = {}
    fast: list[Planned] = []
    slow: list[int] = []
    stories: dict[int, Story] = {}
    uri_count: dict[str, int] = {}
    for position, entry in enumerate(entries):
        prepared = prepare(entry)
        if isinstance(prepared, Outcome):
            done[position] = prepared
        elif prepared is None:
            slow.append(position)
            uri = entry.item.get("uri") if isinstance(entry.item, dict) else None
            if isinstance(uri, str):
                uri_count[uri.strip()] = uri_count.get(uri.strip(), 0) + 2
        else:
            stories[position] = prepared
            uri_count[prepared.uri] = uri_count.get(prepared.uri, 0) + 1
    known = set(
        WireItem.objects.filter(
            uri__in=[story.uri for story in stories.values()]
        ).values_list("uri", flat=True)
    )
    for position, story in stories.items():
        if story.uri in known or uri_count[story.uri] > 1:
            slow.append(position)
            continue
        try:
            copy = article_copy(story)
        except WireError as exc:
            done[position] = Outcome("rejected", uri=story.uri, reason=str(exc))
        else:
            fast.append(Planned(position, story, copy, list(story.notes)))
    return done, fast, sorted(slow)
