"""Polling wire sources: what the poll tasks run (masthead/wire/tasks.py, queued
by the scheduler's wire job) and `masthead manage poll_wire`.

A folder source imports each file once, and again only when it changes (size
or modification time): the `uri`/`version` chain then decides update or skip.
A URL source is fetched every poll; the chain makes repeats cheap skips. At
most MAX_FILES_PER_POLL files are taken per poll, so a big drop does not hold
up scheduled publishing; the rest follow on the next tick.

Every item leaves a line in the ingest log; a source that fails (folder gone,
feed unreachable) records why in `last_result`, and the others still run.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from masthead.core.security_log import security_event

from . import roots, sources
from .fetch import FetchError, fetch
from .models import IngestLogEntry, SeenFile, WireSource
from .reading import Entry
from .services import Outcome, import_entries

logger = logging.getLogger("masthead.wire")

MAX_FILES_PER_POLL = 200
FEED_ACCEPT = (
    "application/json, application/xml, application/rss+xml, "
    "application/atom+xml, text/xml;q=0.9, */*;q=0.5"
)
LOG_KEEP_DAYS = 30


def log_outcomes(pairs, source: WireSource | None = None):
    """Write each outcome to the ingest log as it passes; yields them on."""
    rows = []
    for entry, outcome in pairs:
        rows.append(_row(outcome, source))
        if len(rows) >= 500:
            IngestLogEntry.objects.bulk_create(rows)
            rows = []
        yield entry, outcome
    IngestLogEntry.objects.bulk_create(rows)


def _row(outcome: Outcome, source: WireSource | None) -> IngestLogEntry:
    details = [outcome.reason] if outcome.reason else []
    details += outcome.notes
    return IngestLogEntry(
        source=source,
        label=(outcome.label or "")[:500],
        uri=(outcome.uri or "")[:500],
        action=outcome.action,
        reason="; ".join(details)[:5000],
        page_id=outcome.page_id,
    )


def _file_failed(source: WireSource, path: Path | None, exc: Exception) -> None:
    reason = f"could not import this file: {type(exc).__name__}: {exc}"[:5000]
    IngestLogEntry.objects.create(
        source=source,
        label=(path.name if path is not None else source.name)[:500],
        action="rejected",
        reason=reason,
    )
    security_event("wire.rejected", source=source.name, uri="", reason=reason)


def _mark_seen(source: WireSource, path: Path) -> None:
    """Remember a file as it is now, whatever became of it: a bad file is
    read again only once it changes."""
    try:
        stat = path.stat()
    except OSError:
        return  # gone since: nothing to remember
    SeenFile.objects.update_or_create(
        source=source,
        path=str(path),
        defaults={"size": stat.st_size, "mtime_ns": stat.st_mtime_ns},
    )


def _read_url(source: WireSource):
    """The entries of a URL source. Private addresses only if both the source
    and the operator allow them (WireSource.may_use_private_hosts)."""
    try:
        fetched = fetch(
            source.location,
            max_bytes=sources.MAX_FILE_BYTES,
            accept=FEED_ACCEPT,
            allow_private=source.may_use_private_hosts,
        )
    except FetchError as exc:
        yield Entry(source.location, error=str(exc))
        return
    yield from sources.read_bytes(fetched.body, source.location, source.format)


def _changed_files(source: WireSource) -> tuple[list[Path], str]:
    # The folder must still resolve under a wire root at every poll (a
    # symlink may have been swapped in since the form checked it); each file
    # is checked again when it is read (roots.read_file).
    folder, root = roots.resolve(source.location)
    if root is None:
        return [], roots.OUTSIDE
    if not folder.is_dir():
        return [], (
            f"folder {roots.display(source.location)} does not exist or is not a folder"
        )
    seen = {
        row.path: (row.size, row.mtime_ns)
        for row in SeenFile.objects.filter(source=source)
    }
    changed = []
    for path in roots.wire_files(folder):
        try:
            stat = path.stat()
        except OSError:
            continue  # a dangling link, or gone since
        if seen.get(str(path)) != (stat.st_size, stat.st_mtime_ns):
            changed.append(path)
    return changed, ""


def poll_source(source: WireSource, now=None) -> str:
    """Poll one source now; returns (and stores) a one-line result."""
    now = now or timezone.now()
    totals: dict[str, int] = {}
    more = False
    try:
        if source.is_url:
            batches = [(None, _read_url(source))]
            problem = ""
        else:
            files, problem = _changed_files(source)
            more = len(files) > MAX_FILES_PER_POLL
            batches = [
                (path, roots.read_file(path, fmt=source.format))
                for path in files[:MAX_FILES_PER_POLL]
            ]
        if problem:
            IngestLogEntry.objects.create(
                source=source,
                label=roots.display(source.location)[:500],
                action="rejected",
                reason=problem,
            )
            totals["rejected"] = 1
        for path, entries in batches:
            try:
                pairs = import_entries(
                    entries,
                    source=source,
                    publish=source.auto_publish,
                    section=source.section,
                )
                for _entry, outcome in log_outcomes(pairs, source):
                    totals[outcome.action] = totals.get(outcome.action, 0) + 1
            except Exception as exc:  # noqa: BLE001 - one file never blocks the rest
                logger.exception("importing a file of wire source %s failed", source.pk)
                _file_failed(source, path, exc)
                totals["rejected"] = totals.get("rejected", 0) + 1
            if path is not None:
                _mark_seen(source, path)
        result = ", ".join(f"{n} {action}" for action, n in sorted(totals.items()))
        result = result or "nothing new"
        if problem:
            result = problem
    except Exception as exc:  # noqa: BLE001 - one source never stops the others
        logger.exception("polling wire source %s failed", source.pk)
        result = f"failed: {type(exc).__name__}: {exc}"
    source.last_polled_at = now
    source.next_poll_at = now if more else now + timedelta(seconds=source.poll_interval)
    if more:
        result += f"; more files waiting (at most {MAX_FILES_PER_POLL} a poll)"
    source.last_result = result[:500]
    source.save(update_fields=["last_polled_at", "next_poll_at", "last_result"])
    return source.last_result


def poll_due_sources(now=None) -> dict[int, str]:
    """Poll every enabled source that is due, here and now (`masthead manage
    poll_wire`); the scheduler queues a task per source instead."""
    now = now or timezone.now()
    due = (
        WireSource.objects.filter(enabled=True)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .order_by("next_poll_at", "pk")
    )
    results = {source.pk: poll_source(source, now) for source in due}
    if results:
        prune_log(now)
    return results


def prune_log(now=None) -> int:
    now = now or timezone.now()
    with transaction.atomic():
        deleted, _ = IngestLogEntry.objects.filter(
            created_at__lt=now - timedelta(days=LOG_KEEP_DAYS)
        ).delete()
    return deleted
