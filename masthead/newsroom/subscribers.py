"""What follows a change to stories (newsroom.events), one subscriber each.

core.subscribers purges the page caches (the hot cache and the CDN) by the
surrogate keys each event names (`StoriesChanged.purge()`); here, the search
and reference indexes, as a background task (a bulk batch can bring hundreds
of stories).

A new reaction (audience counts, newsletters, e-paper) is one more function
here or in its own app's subscribers module, subscribed in `connect()`.
"""

from __future__ import annotations

from django.conf import settings

from masthead.core.events import subscribe

from .events import StoriesChanged, StoryChange

# New stories: the bulk writer inserts rows without Wagtail's save signals,
# so nothing else indexes them. Updates, withdrawals, unpublishing and moves
# all save the page through Wagtail, whose own signal reindexes it already.
REINDEX = {StoryChange.PUBLISHED, StoryChange.DRAFTED}
TASK_CHUNK = 500


def index_changed_stories(event: StoriesChanged) -> None:
    if event.change not in REINDEX:
        return
    from .tasks import index_stories

    _enqueue_in_chunks(index_stories, "page_ids", event.story_ids)


# A story about to be read: its picture's renditions are made by a task, not
# by its first readers' requests (each a second or so of CPU).
PREPARE_PICTURES = {
    StoryChange.PUBLISHED,
    StoryChange.UPDATED,
    StoryChange.SCHEDULED,
}


def prepare_pictures(event: StoriesChanged) -> None:
    if event.change not in PREPARE_PICTURES:
        return
    if not settings.MASTHEAD_PREPARE_RENDITIONS:
        return
    from .tasks import prepare_renditions

    _enqueue_in_chunks(prepare_renditions, "story_ids", event.story_ids)


# Related news (newsroom.related): computed and stored when a story goes live
# or changes; when one goes off, the lists that named it are computed again.
RELATED_REFRESH = {
    StoryChange.PUBLISHED,
    StoryChange.UPDATED,
    StoryChange.MOVED,
    StoryChange.UNRESTRICTED,
}
# A deleted story's rows go with it (ON DELETE CASCADE): the lists that named
# it are one line shorter, with spare lines to fill the gap.
RELATED_FORGET = {
    StoryChange.WITHDRAWN,
    StoryChange.UNPUBLISHED,
    StoryChange.RESTRICTED,
}


def refresh_related_news(event: StoriesChanged) -> None:
    from .tasks import RELATED_BACKFILL, RELATED_BATCH, forget_related, refresh_related

    ids = event.story_ids
    if event.change in RELATED_REFRESH:
        recent_only = len(ids) > RELATED_BATCH
        if recent_only:
            # Bounded per event: the newest stories written (ids ascend).
            ids = sorted(ids)[-RELATED_BACKFILL:]
        for start in range(0, len(ids), TASK_CHUNK):
            refresh_related.enqueue(
                story_ids=ids[start : start + TASK_CHUNK], recent_only=recent_only
            )
    elif event.change in RELATED_FORGET:
        _enqueue_in_chunks(forget_related, "story_ids", ids)


def _enqueue_in_chunks(task, argument: str, ids: list[int]) -> None:
    """`task` once per TASK_CHUNK stories (a bulk batch can bring hundreds)."""
    for start in range(0, len(ids), TASK_CHUNK):
        task.enqueue(**{argument: ids[start : start + TASK_CHUNK]})


def connect() -> None:
    subscribe(StoriesChanged, index_changed_stories)
    subscribe(StoriesChanged, prepare_pictures)
    subscribe(StoriesChanged, refresh_related_news)
