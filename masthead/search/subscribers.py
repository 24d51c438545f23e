"""The search index follows the newsroom's events (newsroom.events).

Every change that can make a story appear, change or disappear for readers
re-syncs those stories (index.sync reads their state now, so one function
serves publish, update, withdraw, restrict and the rest). A few stories —
an editor's action — are indexed at once, after commit, so the story is
findable when the editor's page reloads; a bulk batch is a background task.
"""

from __future__ import annotations

from masthead.core.events import subscribe
from masthead.newsroom.events import StoriesChanged, StoryChange

# Drafts and schedules change nothing a reader can find.
IGNORED = {StoryChange.DRAFTED, StoryChange.SCHEDULED}
AT_ONCE = 20
TASK_CHUNK = 500


def follow_stories(event: StoriesChanged) -> None:
    if event.change in IGNORED:
        return
    ids = event.story_ids
    if len(ids) <= AT_ONCE:
        from .index import sync

        sync(ids)
        return
    from .tasks import index_stories

    for start in range(0, len(ids), TASK_CHUNK):
        index_stories.enqueue(story_ids=ids[start : start + TASK_CHUNK])


def connect() -> None:
    subscribe(StoriesChanged, follow_stories)
