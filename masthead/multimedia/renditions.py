"""The renditions the reader site shows, named once: the share image (Open
Graph, JSON-LD, feeds), the publisher logo, and what story pages and cards
ask for. `prepare()` makes a picture's reader renditions ahead of its first
view (newsroom.tasks.prepare_renditions)."""

from __future__ import annotations

import logging

from wagtail.images.models import Filter, SourceImageIOError

logger = logging.getLogger("masthead.multimedia")

# One rendition serves og:image, twitter:image, JSON-LD and feed media, so an
# article costs one extra rendition however many places show its picture.
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg"
LOGO_SPEC = "max-600x60|format-png"
# Parsed once: a Filter parses its spec again for every new instance.
SHARE_IMAGE_FILTER = Filter(SHARE_IMAGE_SPEC)
LOGO_FILTER = Filter(LOGO_SPEC)

# What the reader site shows of a story's lead picture, as the templates ask
# for it: the story page (pages/article_page.html), story cards
# (components/picture.html) and the share image. A test renders those pages
# after `prepare()` and expects nothing new to be made.
READER_SPECS = (
    "format-{webp,jpeg} width-{640,1024,1440}",
    "format-{webp,jpeg} fill-{480x270,960x540}",
    SHARE_IMAGE_SPEC,
)


def reader_filters() -> list[Filter]:
    return [
        Filter(spec) for pattern in READER_SPECS for spec in Filter.expand_spec(pattern)
    ]


def prepare(images) -> None:
    """Make the reader renditions of `images` that do not exist yet. A
    missing or unreadable original is logged and skipped."""
    filters = reader_filters()
    for image in images:
        try:
            image.get_renditions(*filters)
        except (OSError, ValueError, SourceImageIOError) as exc:
            logger.warning("renditions of image %s not made: %s", image.pk, exc)
