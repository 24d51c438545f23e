"""Background work for the newsroom (django-tasks; run by `masthead serve`'s
worker or `masthead worker`). Every task is safe to run twice: a worker
killed half-way has its task run again."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("masthead.tasks")


@task()
def index_stories(page_ids: list[int]) -> int:
    """Bring the search and reference indexes up to date for these stories
    (those written in bulk have had neither yet)."""
    from .bulk import index_pages

    index_pages(list(page_ids))
    return len(page_ids)


# Only news: a story older than this (an archive backfill) makes its
# renditions on its first view instead of occupying the worker for hours.
RECENT_FOR_RENDITIONS = timedelta(days=2)


@task()
def prepare_renditions(story_ids: list[int]) -> int:
    """Make the reader renditions of the lead pictures of recent stories among
    `story_ids`; how many pictures were prepared. Safe to run twice."""
    from masthead.multimedia.renditions import prepare

    from .models import ArticlePage

    since = timezone.now() - RECENT_FOR_RENDITIONS
    stories = (
        ArticlePage.objects.filter(pk__in=story_ids, published_at__gte=since)
        .exclude(lead_image=None)
        .select_related("lead_image")
    )
    images = {story.lead_image_id: story.lead_image for story in stories}
    prepare(images.values())
    return len(images)


# A batch larger than this is a backfill (an archive or a wire dump): only
# its stories of the last two days (news, as for renditions), and at most the
# RELATED_BACKFILL newest of them, get their related news computed now (each
# ~20-40 ms of the worker); the others use the on-the-fly fallback until they
# are published again. An editor's own change to an old story (a few stories)
# is always computed, so its picks show.
RELATED_BATCH = 20
RELATED_BACKFILL = 500
RECENT_FOR_RELATED = timedelta(days=2)


@task()
def refresh_related(story_ids: list[int], recent_only: bool = False) -> int:
    """Compute and store the related news of `story_ids` and put them into
    their neighbours' lists (newsroom.related); how many lists were computed.
    Safe to run twice."""
    from .related import refresh

    since = timezone.now() - RECENT_FOR_RELATED if recent_only else None
    return refresh(story_ids, since=since).stories


@task()
def forget_related(story_ids: list[int]) -> int:
    """After stories went off: the lists that named them, computed again, and
    those pages purged softly (a withdrawn headline should not stay linked
    for a page lifetime). Safe to run twice."""
    from masthead.core import surrogate
    from masthead.core.purge import purge_keys

    from .related import forget

    listing = forget(story_ids)
    if listing:
        purge_keys([surrogate.page(pk) for pk in listing], hard=False)
    return len(listing)
