"""Wire polls as background tasks: the scheduler's wire lane only queues one
task per due source, and the workers poll them, so a slow feed holds up
neither scheduled publishing nor the other sources, and polls spread over
every worker of a scaled-out newsroom.

Queuing a poll claims it: the source's `next_poll_at` moves on by its poll
interval (a conditional update, so two schedulers cannot both claim it), and
the task, queued once that has committed, carries the claimed time. The lane
does not queue the source again while the task waits. A task polls only while
`next_poll_at` still holds its time: run twice (its worker died after polling
and it was requeued), or after someone else polled the source (`masthead
manage poll_wire`, a newer claim), it finds the time moved and does nothing.
A claim whose task never ran expires with the interval and is queued again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .models import WireSource
from .polling import poll_source, prune_log

logger = logging.getLogger("masthead.wire")


@task(queue_name="wire")
def poll_wire_source(source_id: int, claimed_until: str) -> str:
    """Poll one source if the claim this task was queued with still holds."""
    claimed = datetime.fromisoformat(claimed_until)
    source = WireSource.objects.filter(
        pk=source_id, enabled=True, next_poll_at=claimed
    ).first()
    if source is None:
        return "skipped: polled since, disabled or deleted"
    result = poll_source(source)
    prune_log()
    return result


def enqueue_due_sources(*, now: datetime | None = None) -> list[int]:
    """The scheduler's wire job: claim every enabled source that is due and
    queue one poll task for it; the ids of the sources queued."""
    now = now or timezone.now()
    due = (
        WireSource.objects.filter(enabled=True)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .order_by("next_poll_at", "pk")
    )
    queued = []
    for source in due:
        claimed = now + timedelta(seconds=source.poll_interval)
        with transaction.atomic():
            taken = WireSource.objects.filter(
                pk=source.pk, next_poll_at=source.next_poll_at
            ).update(next_poll_at=claimed)
            if not taken:
                continue  # polled or claimed meanwhile
            transaction.on_commit(
                partial(poll_wire_source.enqueue, source.pk, claimed.isoformat())
            )
        queued.append(source.pk)
    return queued
