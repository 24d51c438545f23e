"""Writing the reader-search index (the services of this app).

`sync(ids)` makes the index agree with the newsroom for those stories: a
story a stranger may read gets its row (re)written, any other loses it. It
reads the current state rather than trusting the event, so it is safe to run
twice and in any order. `rebuild()` does every story, in chunks.
"""

# SQL here is built from constants and "%s" placeholders only; every value a
# reader or editor supplies is a query parameter.
# ruff: noqa: S608

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from masthead.newsroom.models import ArticleByline, ArticlePage, ArticleTag
from masthead.newsroom.selectors import published_articles, sections_by_path

from . import schema, text

CHUNK = 500
_COLUMNS = (
    "story_id, rank_key, locale_id, section_id, published_at, title, "
    "standfirst, body, facets"
)


def rank_key(published_at, story_id: int) -> int:
    """Publication order as one integer: seconds since 1970 in the high bits,
    the story id's low 20 bits to keep keys unique within a second."""
    return (int(published_at.timestamp()) << 20) | (story_id & 0xFFFFF)


def _readable(ids: Iterable[int]):
    return (
        published_articles()
        .filter(pk__in=list(ids), withdrawn_at__isnull=True)
        .order_by()
        .values_list(
            "pk",
            "locale_id",
            "path",
            "title",
            "kicker",
            "standfirst",
            "kind",
            "byline_text",
            "published_at",
            "first_published_at",
            Cast("body", TextField()),
        )
    )


def _rows(ids: list[int]) -> list[tuple]:
    stories = list(_readable(ids))
    if not stories:
        return []
    found = [story[0] for story in stories]
    authors: dict[int, list[int]] = {}
    for page_id, author_id in ArticleByline.objects.filter(
        page_id__in=found
    ).values_list("page_id", "author_id"):
        authors.setdefault(page_id, []).append(author_id)
    tags: dict[int, list[str]] = {}
    for page_id, name in ArticleTag.objects.filter(
        content_object_id__in=found
    ).values_list("content_object_id", "tag__name"):
        tags.setdefault(page_id, []).append(name)
    sections = sections_by_path()
    steplen = ArticlePage.steplen
    rows = []
    for pk, locale_id, path, title, kicker, standfirst, kind, byline, *rest in stories:
        published_at, first_published_at, body = rest
        published_at = published_at or first_published_at
        if published_at is None:
            continue
        above = [
            sections[path[:end]]
            for end in range(steplen * 3, len(path), steplen)
            if path[:end] in sections
        ]
        facets = [f"e{locale_id}", f"k{kind}"]
        facets += [f"s{section.pk}" for section in above]
        facets += [f"a{author}" for author in authors.get(pk, ())]
        rows.append(
            (
                pk,
                rank_key(published_at, pk),
                locale_id,
                above[0].pk if above else None,
                published_at,
                text.normalise(title),
                text.normalise(f"{kicker} {standfirst}".strip()),
                " ".join(
                    [text.body_text(body), *tags.get(pk, ()), text.normalise(byline)]
                ).strip(),
                " ".join(facets),
            )
        )
    return rows


def _delete(cursor, ids: list[int]) -> None:
    marks = ", ".join(["%s"] * len(ids))
    if connection.vendor == "sqlite":
        cursor.execute(
            "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, "
            "standfirst, body, facets) SELECT 'delete', rank_key, title, "
            f"standfirst, body, facets FROM search_entry WHERE story_id IN ({marks})",
            ids,
        )
    cursor.execute(f"DELETE FROM search_entry WHERE story_id IN ({marks})", ids)


def _insert(cursor, rows: list[tuple]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        cursor.executemany(
            f"INSERT INTO search_entry ({_COLUMNS}, document) VALUES "
            f"(%s, %s, %s, %s, %s, %s, %s, %s, %s, {schema.POSTGRES_DOCUMENT})",
            [
                (
                    *row,
                    text.words(row[5]),
                    text.words(row[6]),
                    text.words(row[7]),
                    ["_" + facet for facet in row[8].split()],
                )
                for row in rows
            ],
        )
        return
    cursor.executemany(
        f"INSERT INTO search_entry ({_COLUMNS}) VALUES "
        "(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        rows,
    )
    if connection.vendor == "sqlite":
        keys = [row[1] for row in rows]
        marks = ", ".join(["%s"] * len(keys))
        cursor.execute(
            "INSERT INTO search_entry_fts(rowid, title, standfirst, body, facets) "
            "SELECT rank_key, title, standfirst, body, facets FROM search_entry "
            f"WHERE rank_key IN ({marks})",
            keys,
        )


def sync(ids: Iterable[int]) -> int:
    """Index the readable stories among `ids`, drop the others; how many are
    indexed now."""
    ids = sorted({int(pk) for pk in ids})
    indexed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = _rows(chunk)
        with transaction.atomic(), connection.cursor() as cursor:
            _delete(cursor, chunk)
            _insert(cursor, rows)
        indexed += len(rows)
    return indexed


def rebuild(progress: Callable[[int, int], None] | None = None) -> tuple[int, float]:
    """Empty the index and index every readable story; (stories, seconds).
    `progress(done, total)` is called after each chunk."""
    started = time.monotonic()
    ids = list(published_articles().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS search_entry_fts")
            cursor.execute("DELETE FROM search_entry")
            for statement in schema.SQLITE_CREATE:
                cursor.execute(statement)
        else:
            # Not TRUNCATE: it refuses while the transaction has deferred
            # constraint checks pending (as in a test, or after a bulk write).
            cursor.execute("DELETE FROM search_entry")
    indexed = 0
    for start in range(0, len(ids), CHUNK):
        rows = _rows(ids[start : start + CHUNK])
        with transaction.atomic(), connection.cursor() as cursor:
            _insert(cursor, rows)
        indexed += len(rows)
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')"
            )
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")
    return indexed, time.monotonic() - started
