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
