"""What follows a change to stories (newsroom.events), one subscriber each.

core.subscribers purges the hot page cache on every event; here:
- the search and reference indexes, as a background task (a bulk batch can
  bring hundreds of stories);
- the CDN or Varnish in front, when configured: the story's address (and the
  one it had before a move), its sections, its edition's front, the feeds and
  the sitemaps. Wagtail's PurgeBatch sends the PURGE requests from a task.

A new reaction (audience counts, newsletters, e-paper) is one more function
here or in its own app's subscribers module, subscribed in `connect()`.
"""

from __future__ import annotations

from django.conf import settings

from masthead.core.events import subscribe
from masthead.core.purge import EDGE_PATHS, SITE_PATHS

from .events import StoriesChanged, StoryChange

# Changes after which what search finds (or how it is filtered) differs.
REINDEX = {
    StoryChange.PUBLISHED,
    StoryChange.UPDATED,
    StoryChange.DRAFTED,
    StoryChange.WITHDRAWN,
    StoryChange.UNPUBLISHED,
    StoryChange.MOVED,
}
INDEX_CHUNK = 500


def index_changed_stories(event: StoriesChanged) -> None:
    if event.change not in REINDEX:
        return
    from .tasks import index_stories

    ids = event.story_ids
    for start in range(0, len(ids), INDEX_CHUNK):
        index_stories.enqueue(page_ids=ids[start : start + INDEX_CHUNK])


def edge_urls(event: StoriesChanged) -> list[str]:
    urls: dict[str, None] = {}  # ordered, without repeats
    for story in event.stories:
        for url in (story.url, story.old_url, *story.section_urls):
            if url:
                urls[url] = None
        if story.edition_url:
            urls[story.edition_url] = None
            for path in EDGE_PATHS:
                urls[story.edition_url + path] = None
            site = "/".join(story.edition_url.split("/", 3)[:3])
            for path in SITE_PATHS:
                urls[site + path] = None
    return list(urls)


def purge_edge_for_stories(event: StoriesChanged) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    if event.change in (StoryChange.DRAFTED, StoryChange.SCHEDULED):
        return  # readers see nothing new yet
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_urls(edge_urls(event))
    batch.purge()


def connect() -> None:
    subscribe(StoriesChanged, index_changed_stories)
    subscribe(StoriesChanged, purge_edge_for_stories)
