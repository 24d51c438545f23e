"""Background work on pictures: making a new story's renditions before its
first readers ask for them (run by `masthead serve`'s worker or
`masthead worker`)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from wagtail.images.models import Filter, SourceImageIOError

logger = logging.getLogger("masthead.multimedia")

# What the reader site shows of a story's lead picture, as the templates ask
# for it: the story page (components in pages/article_page.html), story cards
# (components/picture.html) and the share image (syndication.common). A test
# renders those pages after `prepare_renditions` and expects nothing new.
READER_SPECS = (
    "format-{webp,jpeg} width-{640,1024,1440}",
    "format-{webp,jpeg} fill-{480x270,960x540}",
    "fill-1200x630|format-jpeg",
)
# Only news: a story older than this (an archive backfill) makes its
# renditions on its first view instead of occupying the worker for hours.
RECENT = timedelta(days=2)


def reader_filters() -> list[Filter]:
    specs = []
    for pattern in READER_SPECS:
        specs.extend(Filter.expand_spec(pattern))
    return [Filter(spec) for spec in specs]


@task()
def prepare_renditions(story_ids: list[int]) -> int:
    """Make the reader renditions of the lead pictures of recent stories among
    `story_ids`; how many pictures were prepared. Safe to run twice."""
    from masthead.newsroom.models import ArticlePage

    since = timezone.now() - RECENT
    stories = (
        ArticlePage.objects.filter(pk__in=story_ids, published_at__gte=since)
        .exclude(lead_image=None)
        .select_related("lead_image")
    )
    images = {story.lead_image_id: story.lead_image for story in stories}
    filters = reader_filters()
    for image in images.values():
        try:
            image.get_renditions(*filters)
        except (OSError, ValueError, SourceImageIOError) as exc:
            logger.warning("renditions of image %s not made: %s", image.pk, exc)
    return len(images)
