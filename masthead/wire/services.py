"""Wire item → article: the one way wire copy becomes (or changes) a story.

What an item says and how it reads as an article (sanitizing, slug, times,
language and the section a new story is filed in) is `mapping`'s, shared with
the fast path for new stories (`bulk`). Where a story is filed: the `section`
given, else the edition's "World+Biz" section (slug `world-biz`), else its
"Bangladesh" section, else the first section of the edition; an edition
without sections gets a "World+Biz" section (a fresh install can take wire
copy before anyone builds the site). The edition follows the item's
`language` (en → English, bn → Bangla; any other language → the default
edition, noted).

Ownership: a story belongs to the wire source that created it (`WireItem.
owner`; none for `masthead import`, the command line). An item of another
source with the same `uri` is rejected with the reason (and a security event)
unless an editor listed the owner under that source's "may update stories of".

Updates: a higher `version` of a known `uri` replaces the article's content.
Whether anything reaches readers is the updating source's own setting
(`publish`: a source's "publish straight away", `--publish` on the command
line): with it the update is published; without it only a draft revision is
saved, even of a live story. An equal or lower version is skipped.
`pubstatus` canceled or withheld unpublishes (withdraws) the story, but only
from a source that may publish; from a drafts-only source the kill is logged
for the desk and not applied. A future `embargoed` time schedules the publish
(go_live_at) instead of publishing now.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from masthead.core.security_log import security_event
from masthead.newsroom.models import ArticlePage, SectionPage
from masthead.newsroom.services import publish_story, withdraw_story

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
from .reading import Entry, WireError, guarded
from .validation import validate


@dataclass
class Outcome:
    action: str  # created, updated, withdrawn, skipped, rejected
    uri: str = ""
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    page_id: int | None = None
    label: str = ""

    @property
    def rejected(self) -> bool:
        return self.action == "rejected"

    def line(self) -> str:
        parts = [f"{self.action:<9}", self.label or self.uri or "-"]
        if self.uri and self.label and self.uri != self.label:
            parts.append(f"({self.uri})")
        if self.reason:
            parts.append(f"— {self.reason}")
        if self.notes:
            parts.append(f"[{'; '.join(self.notes)}]")
        return " ".join(parts)


COMMAND_LINE = "command line"


def source_parts(source: WireSource | str | None) -> tuple[WireSource | None, str]:
    """The owning source (None: the command line) and a name for logs."""
    if isinstance(source, WireSource):
        return source, source.name
    return None, source or ""


def refusal(owner: WireSource | None, owner_id: int | None) -> str:
    """Why `owner` (None: the command line) may not change a story that
    belongs to `owner_id`; empty when it may."""
    if owner is None:
        if owner_id is None:
            return ""
    elif owner.may_change(owner_id):
        return ""
    if owner_id is None:
        return (
            "this story belongs to the command line (masthead import), "
            "and only masthead import may change it"
        )
    name = WireSource.objects.filter(pk=owner_id).values_list("name", flat=True)
    whose = f"the source “{name[0] if name else owner_id}”"
    if owner is None:
        hint = f"import it with --source {owner_id} to act as that source"
    else:
        hint = "an editor can allow this under “may update stories of”"
    return f"this story belongs to {whose}; {hint}"


def import_item(
    *,
    item: dict,
    source: WireSource | str | None,
    publish: bool,
    section: SectionPage | None = None,
    ninjs_version: str | None = None,
) -> Outcome:
    """Import one ninjs item from `source` (a WireSource, or a name for the
    command line). Never raises for bad input: a rejected item comes back as
    an Outcome with the reason, and nothing stored is changed."""
    owner, source = source_parts(source)
    if not isinstance(item, dict):
        return Outcome("rejected", reason="not a ninjs object")
    errors = validate(item, ninjs_version)
    uri, version, pubstatus = head(item)
    if errors:
        more = f" (+{len(errors) - 3} more)" if len(errors) > 3 else ""
        return Outcome(
            "rejected", uri=uri, reason="invalid ninjs: " + "; ".join(errors[:3]) + more
        )
    try:
        if pubstatus in WITHDRAW_STATUSES:
            return _withdraw(uri, version, pubstatus, source, owner, publish)
        story = to_story(item)
        copy = article_copy(story)
    except WireError as exc:
        return Outcome("rejected", uri=uri, reason=str(exc))
    except DatabaseError as exc:
        return Outcome("rejected", uri=uri, reason=f"could not withdraw: {exc}"[:200])
    notes = list(story.notes)
    known = WireItem.objects.filter(uri=story.uri).values_list(
        "version", "page_id", "owner_id"
    )
    if known and (reason := refusal(owner, known[0][2])):
        return Outcome("rejected", uri=story.uri, reason=reason)
    if known and story.version <= known[0][0]:
        return Outcome(
            "skipped",
            uri=story.uri,
            reason=f"version {story.version} is not newer than {known[0][0]}",
            page_id=known[0][1],
        )
    lead_image = None
    if story.image is not None:  # fetched before the write transaction opens
        from .images import fetch_lead_image

        lead_image = fetch_lead_image(story.image, notes)
    try:
        with transaction.atomic():
            return _save(
                story, copy, notes, source, owner, publish, section, lead_image
            )
    except (ValidationError, DatabaseError, ValueError) as exc:
        message = "; ".join(getattr(exc, "messages", None) or [str(exc)])
        return Outcome("rejected", uri=uri, reason=f"could not save: {message[:200]}")


def import_entries(
    entries: Iterable[Entry],
    *,
    source: WireSource | str | None = "",
    publish: bool = False,
    section: SectionPage | None = None,
    batch_size: int | None = None,
) -> Iterator[tuple[Entry, Outcome]]:
    """Import entries read from a source, one outcome each, in order.

    Entries are taken a batch at a time: new stories are written together
    (`bulk.py`), everything else item by item. An entry that could not be
    read is rejected with its reason; one bad item never stops the batch.
    Every rejection is also a `wire.rejected` security event."""
    from . import bulk

    size = batch_size or bulk.BATCH_SIZE
    batch: list[Entry] = []
    for entry in guarded(entries):
        batch.append(entry)
        if len(batch) >= size:
            yield from _import_batch(batch, source, publish, section)
            batch = []
    if batch:
        yield from _import_batch(batch, source, publish, section)


def _import_batch(batch, source, publish, section):
    from . import bulk

    try:
        done, fast, slow = bulk.plan_batch(batch)
    except Exception:  # noqa: BLE001 - fall back to one at a time
        done, fast, slow = {}, [], list(range(len(batch)))
    if fast:
        writer = bulk.BatchWriter(
            source=source if isinstance(source, WireSource) else None,
            name=source_parts(source)[1] or batch[fast[0].position].label,
            publish=publish,
            section=section,
        )
        try:
            done.update(writer.write(fast))
        except Exception:  # noqa: BLE001 - the careful path says what is wrong
            slow = sorted(slow + [plan.position for plan in fast])
    for position in slow:
        done[position] = _import_one(batch[position], source, publish, section)
    _owner, name = source_parts(source)
    for position, entry in enumerate(batch):
        outcome = done[position]
        outcome.label = entry.label
        if outcome.rejected:
            security_event(
                "wire.rejected",
                source=name or COMMAND_LINE,
                uri=outcome.uri,
                reason=outcome.reason,
            )
        yield entry, outcome


def entry_uri(entry: Entry) -> str:
    """The uri of an entry, if it has a usable one (for the log)."""
    uri = entry.item.get("uri") if isinstance(entry.item, dict) else None
    return uri.strip()[:500] if isinstance(uri, str) else ""


def _import_one(entry, source, publish, section) -> Outcome:
    if entry.error:
        return Outcome("rejected", uri=entry_uri(entry), reason=entry.error)
    try:
        return import_item(
            item=entry.item,
            source=source if isinstance(source, WireSource) else source or entry.label,
            publish=publish,
            section=section,
            ninjs_version=entry.version_hint,
        )
    except Exception as exc:  # noqa: BLE001 - a bad item never stops a batch
        return Outcome(
            "rejected", reason=f"internal error: {type(exc).__name__}: {exc}"[:300]
        )


def _withdraw(
    uri: str,
    version: int,
    pubstatus: str,
    source: str,
    owner: WireSource | None,
    publish: bool,
) -> Outcome:
    with transaction.atomic():
        wire = WireItem.objects.select_for_update().filter(uri=uri).first()
        if wire is None:
            return Outcome(
                "skipped", uri=uri, reason=f"{pubstatus} story was never imported"
            )
        if reason := refusal(owner, wire.owner_id):
            return Outcome("rejected", uri=uri, reason=reason, page_id=wire.page_id)
        if version <= wire.version and wire.status == WireStatus.WITHDRAWN:
            return Outcome("skipped", uri=uri, reason="already withdrawn")
        if not publish:
            return Outcome(
                "skipped",
                uri=uri,
                reason=f"{pubstatus}, but this source only saves drafts: not "
                "applied; withdraw the story in the admin if the kill stands",
                page_id=wire.page_id,
            )
        page = ArticlePage.objects.filter(pk=wire.page_id).first()
        if page is not None:
            # Readers get the 410 page; the reason is in the ingest log.
            withdraw_story(story=page)
        wire.version = max(version, wire.version)
        wire.status = WireStatus.WITHDRAWN
        wire.source = source[:255]
        wire.save()
        return Outcome("withdrawn", uri=uri, reason=pubstatus, page_id=wire.page_id)


def _save(
    story: Story,
    copy: ArticleCopy,
    notes: list[str],
    source: str,
    owner: WireSource | None,
    publish: bool,
    section: SectionPage | None,
    lead_image,
) -> Outcome:
    wire = WireItem.objects.select_for_update().filter(uri=story.uri).first()
    if wire is not None and (reason := refusal(owner, wire.owner_id)):
        return Outcome("rejected", uri=story.uri, reason=reason)
    if wire is not None and story.version <= wire.version:
        return Outcome(
            "skipped",
            uri=story.uri,
            reason=f"version {story.version} is not newer than {wire.version}",
            page_id=wire.page_id,
        )
    page = None
    if wire is not None and wire.page_id:
        page = ArticlePage.objects.filter(pk=wire.page_id).first()

    if page is None:
        parent, filed = filing_section(story.language, section)
        notes.extend(filed)
        page = ArticlePage(
            title=copy.title,
            slug=_free_slug(copy.slug, parent),
            locale=parent.locale,
            live=False,
        )
        _fill(page, copy, lead_image)
        parent.add_child(instance=page)
        action = "created"
    else:
        page = page.get_latest_revision_as_object()
        _fill(page, copy, lead_image)
        action = "updated"
    page.tags.set(copy.tags)
    embargo = future_embargo(story)
    page.go_live_at = embargo
    revision = page.save_revision(log_action=True)
    if publish:
        publish_story(story=page, revision=revision)
        if embargo:
            notes.append(f"embargoed: scheduled for {embargo.isoformat()}")
    else:
        if embargo:
            notes.append(f"embargoed until {embargo.isoformat()} (draft)")
        if (
            action == "updated"
            and ArticlePage.objects.filter(pk=page.pk, live=True).exists()
        ):
            notes.append("saved as a draft; readers see the published story")
    if wire is None:
        wire = WireItem(uri=story.uri, owner=owner)
    wire.version = story.version
    wire.page = page
    wire.source = source[:255]
    wire.status = WireStatus.CREATED if action == "created" else WireStatus.UPDATED
    wire.save()
    return Outcome(action, uri=story.uri, notes=notes, page_id=page.pk)


def _fill(page: ArticlePage, copy: ArticleCopy, lead_image=None) -> None:
    page.title = copy.title
    page.seo_title = ""
    page.standfirst = copy.standfirst
    page.byline_text = copy.byline
    page.agency = agency_named(copy.agency)
    page.body = copy.body
    page.display_published_at = copy.published_at
    page.display_modified_at = copy.modified_at
    if lead_image is not None:  # a failed fetch keeps the picture it had
        page.lead_image = lead_image


def _free_slug(slug: str, parent) -> str:
    """`slug`, numbered if a sibling has it already."""
    siblings = parent.get_children()
    taken, number = slug, 2
    while siblings.filter(slug=taken).exists():
        taken = f"{slug}-{number}"
        number += 1
    return taken
