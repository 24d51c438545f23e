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
from masthead.core.purge import edge_listing_urls

from .events import StoriesChanged, StoryChange

# New stories: the bulk writer inserts rows without Wagtail's save signals,
# so nothing else indexes them. Updates, withdrawals, unpublishing and moves
# all save the page through Wagtail, whose own signal reindexes it already.
REINDEX = {StoryChange.PUBLISHED, StoryChange.DRAFTED}
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
            urls.update(dict.fromkeys(edge_listing_urls(story.edition_url)))
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
