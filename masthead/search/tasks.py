"""Background indexing of bulk batches (safe to run twice: index.sync reads
the stories' current state)."""

from __future__ import annotations

from django_tasks import task


@task()
def index_stories(story_ids: list[int]) -> int:
    from .index import sync

    return sync(story_ids)
