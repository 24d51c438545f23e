"""After a big bulk load the planner knows what the tables hold (PostgreSQL),
so reads that join stories pick the story's index, not a scan of its language.
"""

import pytest
from django.db import connection

from masthead.newsroom import bulk

pytestmark = pytest.mark.django_db


def estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_a_big_bulk_load_refreshes_the_planners_statistics(newsroom, monkeypatch):
    if connection.vendor != "postgresql":
        monkeypatch.setattr(bulk, "_written", bulk.STATISTICS_AFTER)
        assert bulk.refresh_statistics() is False  # SQLite: left alone
        return
    monkeypatch.setattr(bulk, "_written", bulk.STATISTICS_AFTER - 1)
    assert bulk.refresh_statistics() is False  # not big enough yet
    monkeypatch.setattr(bulk, "_written", bulk.STATISTICS_AFTER)
    assert bulk.refresh_statistics() is True
    assert estimated_rows("wagtailcore_page") >= 5
    assert estimated_rows("newsroom_articlepage") >= 3
    assert bulk._written == 0
