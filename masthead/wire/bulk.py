"""The fast path for new wire stories: a batch of them in a few INSERTs.

`import_item()` goes through Wagtail one story at a time (add_child, a
revision, publish, signals, search and reference index): about 100 ms and a
hundred queries a story. A wire folder or feed brings hundreds at once, and
almost all of them are new stories. For those, `create_new()` builds the rows
with the same bulk writer the demo loader uses (`newsroom.bulk.ArticleWriter`,
which leaves the tree, revisions and history Wagtail would), then indexes them
for search in bulk and purges the page cache once.

What is not a plain new story goes the slow, careful way, in order: updates of
a known `uri` (where the owning source is checked), withdrawals, future
embargoes (a scheduled revision), stories with an image to fetch, and a `uri`
that comes twice in one batch.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from masthead.core.purge import purge_all_pages
from masthead.editions.selectors import edition_for_language
from masthead.newsroom.bulk import ArticleSpec, ArticleWriter, index_pages
from masthead.newsroom.models import SectionPage

from . import ninjs
from .models import WireItem, WireSource, WireStatus
from .services import (
    WITHDRAW_STATUSES,
    Outcome,
    agency_named,
    body_blocks,
    default_section,
    entry_uri,
    plain_text,
)

BATCH_SIZE = 250


@dataclass
class Planned:
    """A new story ready to be written, and what to say about it."""

    position: int
    story: ninjs.Story
    title: str
    blocks: list
    notes: list[str]


def prepare(entry: ninjs.Entry) -> Outcome | ninjs.Story | None:
    """The story in an entry if it can take the fast path; an Outcome if it is
    rejected; None if it must go through `import_item()`."""
    if entry.error:
        return Outcome("rejected", uri=entry_uri(entry), reason=entry.error)
    item = entry.item
    if not isinstance(item, dict):
        return Outcome("rejected", reason="not a ninjs object")
    errors = ninjs.validate(item, entry.version_hint)
    if errors:
        return None  # import_item() words the rejection
    pubstatus = next(
        (v for k, v in item.items() if isinstance(k, str) and k.lower() == "pubstatus"),
        "",
    )
    if pubstatus in WITHDRAW_STATUSES:
        return None
    try:
        story = ninjs.to_story(item)
    except ninjs.WireError:
        return None
    if story.embargoed and story.embargoed > timezone.now():
        return None
    if getattr(story, "image", None) is not None:
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
        self._parents: dict[str, tuple[SectionPage, str | None]] = {}
        self._agencies: dict[str, int | None] = {}
        self._tags: dict[str, int] = {}

    def parent_for(self, language: str, notes: list[str]) -> SectionPage:
        key = language or settings.LANGUAGE_CODE
        if key not in self._parents:
            note = None
            if self.section is not None:
                parent = self.section
            else:
                edition = edition_for_language(key)
                if edition is None:
                    raise ValueError("there is no edition to file the story in")
                created: list[str] = []
                parent = default_section(edition, created)
                note = created[0] if created else None
            if language and parent.locale.language_code != language:
                fallback = (
                    f"language {language!r} has no edition; "
                    f"filed in {parent.locale.language_code!r}"
                )
                note = f"{note}; {fallback}" if note else fallback
            self._parents[key] = (parent, note)
        parent, note = self._parents[key]
        if note:
            notes.append(note)
            if note.startswith("created section"):  # say it once
                self._parents[key] = (parent, note.partition("; ")[2] or None)
        return parent

    def agency_id(self, name: str) -> int | None:
        if not name:
            return None
        if name not in self._agencies:
            agency = agency_named(name)
            self._agencies[name] = agency.pk if agency else None
        return self._agencies[name]

    def tag_ids(self, names: list[str]) -> list[int]:
        wanted = {plain_text(name, 100) for name in names}
        wanted = sorted(name for name in wanted if name)
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
                story = plan.story
                parent = self.parent_for(story.language, plan.notes)
                published = story.firstcreated or story.versioncreated
                modified = story.versioncreated
                base = slugify(plan.title, allow_unicode=True)[:70].strip("-")
                digest = hashlib.sha1(
                    story.uri.encode(), usedforsecurity=False
                ).hexdigest()[:8]
                specs.append(
                    ArticleSpec(
                        parent=parent,
                        title=plan.title,
                        slug=f"{base or 'wire-story'}-{digest}",
                        live=self.publish,
                        published_at=published,
                        modified_at=modified if modified != published else None,
                        standfirst=plain_text(story.standfirst, 2000),
                        byline_text=plain_text(story.byline, 255),
                        agency_id=self.agency_id(plain_text(story.agency, 255)),
                        body=plan.blocks,
                        tag_ids=self.tag_ids(story.tags),
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
            index_pages(page_ids, new=True)
            if self.publish:
                transaction.on_commit(purge_all_pages)
        for plan, page_id in zip(planned, page_ids, strict=True):
            outcomes[plan.position] = Outcome(
                "created", uri=plan.story.uri, notes=plan.notes, page_id=page_id
            )
        return outcomes


def plan_batch(
    entries: list[ninjs.Entry],
) -> tuple[dict[int, Outcome], list[Planned], list[int]]:
    """Split a batch: outcomes known already, new stories for the fast path,
    and the positions that go through `import_item()` in order."""
    done: dict[int, Outcome] = {}
    fast: list[Planned] = []
    slow: list[int] = []
    stories: dict[int, ninjs.Story] = {}
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
        blocks = body_blocks(story.body_html, story.body_text)
        title = plain_text(story.headline, 255)
        if not blocks:
            done[position] = Outcome(
                "rejected", uri=story.uri, reason="no body text after sanitizing"
            )
        elif not title:
            done[position] = Outcome(
                "rejected", uri=story.uri, reason="no headline after sanitizing"
            )
        else:
            fast.append(Planned(position, story, title, blocks, list(story.notes)))
    return done, fast, sorted(slow)
