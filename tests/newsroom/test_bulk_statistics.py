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


def test_tables_autovacuum_would_never_analyse_are_analysed_after_migrations(db):
    """A view-restriction table with a handful of rows is never analysed by
    autovacuum; unanalysed, PostgreSQL guessed it big and scanned every page
    of a language to find a dozen stories by id."""
    from django.core.management import call_command

    if connection.vendor != "postgresql":
        assert bulk.analyse_unseen_tables() == []
        return
    with connection.cursor() as cursor:
        # A table no ANALYZE has seen yet, as after a fresh install.
        cursor.execute("CREATE TABLE masthead_unseen (id integer)")
    assert "masthead_unseen" in never_analysed()
    call_command("migrate", verbosity=0)  # nothing to apply: the signal runs
    assert never_analysed() == []
    assert bulk.analyse_unseen_tables() == []  # nothing left to do


def never_analysed() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples < 0 "
            "AND relnamespace = current_schema()::regnamespace"
        )
        return [row[0] for row in cursor.fetchall()]
