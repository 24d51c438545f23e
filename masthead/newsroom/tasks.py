"""Background work for the newsroom (django-tasks; run by `masthead serve`'s
worker or `masthead worker`). Every task is safe to run twice: a worker
killed half-way has its task run again."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger("masthead.tasks")


@task()
def index_stories(page_ids: list[int]) -> int:
    """Bring the search and reference indexes up to date for these stories
    (those written in bulk have had neither yet)."""
    from .bulk import index_pages

    index_pages(list(page_ids))
    return len(page_ids)
