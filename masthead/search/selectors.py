"""Reading the reader-search index.

Cost is bounded whatever the archive's size: the engine walks its full-text
index in publication order (SQLite: FTS rowid = rank_key, descending;
PostgreSQL: the GIN match, then the (locale, rank_key) order) and stops at
the WINDOW newest matches. Those are ranked — relevance (BM25 on SQLite,
ts_rank on PostgreSQL; title above standfirst above body) normalised to the
best in the window, plus a recency bonus halving every HALF_LIFE — so the
recent match comes first when relevance ties. The count is exact up to
COUNT_CAP; the section facets are counted over the window (exact when the
count fits in it).

Every filter is part of the same statement: edition, kind, author and section
are words of the `facets` column (lexemes on PostgreSQL), the date range a
range of rank_key. A story must still be readable when its card is loaded
(`published_articles`), so a row left behind never shows.
"""

# SQL here is built from constants and "%s" placeholders only; every value a
# reader or editor supplies is a query parameter.
# ruff: noqa: S608

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from masthead.newsroom.selectors import finish, published_articles

from . import text

WINDOW = 400
COUNT_CAP = 1_000
MAX_WORDS = 12
MAX_QUERY_CHARS = 200
HALF_LIFE = timedelta(days=14)
RECENCY_WEIGHT = 0.35
# Column weights for SQLite's bm25(): title, standfirst, body, facets.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.0)


@dataclass(frozen=True, kw_only=True)
class Filters:
    locale_id: int | None = None
    section_id: int | None = None
    kind: str | None = None
    author_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    zone: str = settings.TIME_ZONE

    def facets(self) -> list[str]:
        """The filters that are words of the index (the edition is a column:
        as a word it would be on nearly every story, and intersecting with
        it costs more than checking the column)."""
        facets = []
        if self.section_id is not None:
            facets.append(f"s{self.section_id}")
        if self.kind:
            facets.append(f"k{self.kind}")
        if self.author_id is not None:
            facets.append(f"a{self.author_id}")
        return facets

    def key_range(self) -> tuple[int | None, int | None]:
        """The date range (whole days in the edition's zone) as rank_keys."""
        zone = ZoneInfo(self.zone)
        low = high = None
        if self.date_from:
            start = datetime.combine(self.date_from, datetime.min.time(), zone)
            low = int(start.timestamp()) << 20
        if self.date_to:
            end = datetime.combine(
                self.date_to + timedelta(days=1), datetime.min.time(), zone
            )
            high = (int(end.timestamp()) << 20) - 1
        return low, high


@dataclass
class Results:
    words: list[str]
    count: int = 0
    more: bool = False  # the count stopped at COUNT_CAP
    ids: list[int] = field(default_factory=list)  # ranked, at most WINDOW
    facets: dict[int, int] = field(default_factory=dict)  # section id -> matches
    seconds: float = 0.0

    @property
    def windowed(self) -> bool:
        """More matches than were ranked (only the newest WINDOW were)."""
        return self.count > len(self.ids)


def search(query: str, filters: Filters, *, window: int = WINDOW) -> Results:
    """Ranked story ids matching every word of `query` under `filters`."""
    started = time.perf_counter()
    words = text.query_words(query[:MAX_QUERY_CHARS], MAX_WORDS)
    results = Results(words=words)
    if not words:
        return results
    engine = _engine()
    if engine == "postgresql":
        rows, count = _postgres(words, filters, window)
    elif engine == "sqlite":
        rows, count = _sqlite(words, filters, window)
    else:
        rows, count = _wagtail(words, filters, window)
    results.count = min(count, COUNT_CAP)
    results.more = count > COUNT_CAP
    results.ids = _rank(rows)
    for row in rows:
        if row[2] is not None:
            results.facets[row[2]] = results.facets.get(row[2], 0) + 1
    results.seconds = time.perf_counter() - started
    return results


# Wagtail backends that keep their index in this database: readers use our
# index beside it. Any other (OpenSearch, Elasticsearch) has the better index
# for a large archive, and readers' search goes through it.
_DATABASE_BACKENDS = (
    "modelsearch.backends.database.sqlite",
    "modelsearch.backends.database.postgres",
)


def _engine() -> str:
    from wagtail.search.backends import get_search_backend

    module = type(get_search_backend()).__module__
    if module.startswith(_DATABASE_BACKENDS) and connection.vendor in (
        "sqlite",
        "postgresql",
    ):
        return connection.vendor
    return "wagtail"


def _wagtail(words, filters: Filters, window: int):
    """Through the configured Wagtail backend: its relevance order, the
    filters as its filter fields; readability is checked when the cards load."""
    from wagtail.search.backends import get_search_backend

    from masthead.newsroom.models import ArticleByline, ArticlePage, SectionPage
    from masthead.newsroom.selectors import sections_by_path

    from .index import rank_key

    stories = ArticlePage.objects.live()  # a withdrawn story is not live
    if filters.locale_id is not None:
        stories = stories.filter(locale_id=filters.locale_id)
    if filters.kind:
        stories = stories.filter(kind=filters.kind)
    if filters.section_id is not None:
        path = SectionPage.objects.filter(pk=filters.section_id).values_list(
            "path", flat=True
        )
        stories = stories.filter(path__startswith=path.first() or "-")
    if filters.author_id is not None:
        stories = stories.filter(
            pk__in=list(
                ArticleByline.objects.filter(author_id=filters.author_id).values_list(
                    "page_id", flat=True
                )
            )
        )
    zone = ZoneInfo(filters.zone)
    if filters.date_from:
        start = datetime.combine(filters.date_from, datetime.min.time(), zone)
        stories = stories.filter(published_at__gte=start)
    if filters.date_to:
        end = datetime.combine(
            filters.date_to + timedelta(days=1), datetime.min.time(), zone
        )
        stories = stories.filter(published_at__lt=end)
    found = get_search_backend().search(" ".join(words), stories, operator="and")
    hits = list(found[:window])
    sections = sections_by_path()
    steplen = ArticlePage.steplen
    rows = []
    for position, story in enumerate(hits):
        top = sections.get(story.path[: steplen * 3])
        published = story.published_at or story.first_published_at
        rows.append(
            (
                story.pk,
                rank_key(published, story.pk) if published else 0,
                top.pk if top else None,
                1.0 - position / max(len(hits), 1),
            )
        )
    count = found.count() if len(hits) >= window else len(hits)
    return rows, count


def _rank(rows: list[tuple]) -> list[int]:
    """rows: (story id, rank_key, section id, relevance) -> ids, best first."""
    if not rows:
        return []
    best = max(row[3] for row in rows) or 1.0
    now = time.time()
    half_life = HALF_LIFE.total_seconds()

    def score(row):
        age = max(0.0, now - (row[1] >> 20))
        return row[3] / best + RECENCY_WEIGHT * 0.5 ** (age / half_life)

    return [
        row[0] for row in sorted(rows, key=lambda r: (score(r), r[1]), reverse=True)
    ]


def _capped_count(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM ({sql} LIMIT {COUNT_CAP + 1}) AS m", params
        )
        return cursor.fetchone()[0]


def _fts_word(word: str) -> str:
    """One query word for FTS5: a quoted token, or its forms OR-ed (words
    hold only letters, digits and marks: nothing to escape)."""
    found = text.forms(word)
    if len(found) == 1:
        return f'"{word}"'
    return "(" + " OR ".join(f'"{form}"' for form in found) + ")"


def _sqlite(words, filters: Filters, window: int):
    each = " AND ".join(_fts_word(word) for word in words)
    match = "{title standfirst body} : (" + each + ")"
    facets = filters.facets()
    if facets:
        match += " AND facets : (" + " AND ".join(f'"{f}"' for f in facets) + ")"
    # CROSS JOIN keeps the full-text index the outer loop, walked newest
    # first; each match is checked against its row by the unique rank_key.
    where = "search_entry_fts MATCH %s"
    params: list = [match]
    if filters.locale_id is not None:
        where += " AND e.locale_id = %s"
        params.append(filters.locale_id)
    low, high = filters.key_range()
    if low is not None:
        where += " AND search_entry_fts.rowid >= %s"
        params.append(low)
    if high is not None:
        where += " AND search_entry_fts.rowid <= %s"
        params.append(high)
    source = (
        "search_entry_fts CROSS JOIN search_entry e "
        "ON e.rank_key = search_entry_fts.rowid"
    )
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.story_id, e.rank_key, e.section_id, "
            f"-bm25(search_entry_fts, {weights}) FROM {source} WHERE {where} "
            "ORDER BY search_entry_fts.rowid DESC LIMIT %s",
            [*params, window],
        )
        rows = cursor.fetchall()
    count = len(rows)
    if count >= window:
        count = _capped_count(f"SELECT 1 FROM {source} WHERE {where}", params)
    return rows, count


# PostgreSQL: the planner likes to walk the (locale, rank_key) index newest
# first and test each story's document, which for a word in a few percent of
# the stories reads thousands of documents (a third of a second at 100,000).
# Instead the GIN index finds the matches (`rank_key + 0` keeps the walk out
# of the plan) among the newest 2,000 stories first, then 20,000, and only
# when they hold fewer than a window of matches among all of them: a rare word
# has few matches anywhere, a common one fills the window from recent stories.
# Relevance is computed for the window's rows only.
RECENT_STEPS = (2_000, 20_000)
RECENT_KEY_SECONDS = 600


def _recent_key(locale_id: int | None, rows: int) -> int | None:
    """rank_key of the `rows`-th newest story (of the edition), kept a few
    minutes; None when there are fewer."""
    key = f"search:recent-key:{locale_id}:{rows}"
    cached = cache.get(key)
    if cached is None:
        where, params = "", []
        if locale_id is not None:
            where, params = "WHERE locale_id = %s", [locale_id]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rank_key FROM search_entry {where} "
                f"ORDER BY rank_key DESC OFFSET {int(rows)} LIMIT 1",
                params,
            )
            row = cursor.fetchone()
        cached = row[0] if row else 0
        cache.set(key, cached, RECENT_KEY_SECONDS)
    return cached or None


def _tsquery(words: list[str], facets: list[str]) -> tuple[str, list]:
    """SQL for the query's tsquery, and its parameters. English words (as
    the Snowball stems the index holds) and the facets go through the same
    SQL function as the index; each Bengali word is any of its forms, as
    tsquery text built here (words hold only letters, digits and marks:
    nothing to escape)."""
    english = [word for word in words if not text.is_bengali(word)]
    groups = [
        "(" + " | ".join(f"'{form}'" for form in text.forms(word)) + ")"
        for word in words
        if text.is_bengali(word)
    ]
    parts, params = [], []
    if english or facets:
        parts.append("masthead_search_query(%s::text[], %s::text[])")
        params += [english, facets]
    if groups:
        parts.append("%s::tsquery")
        params.append(" & ".join(groups))
    return "(" + " && ".join(parts) + ")", params


def _postgres(words, filters: Filters, window: int):
    facets = ["_" + facet for facet in filters.facets()]
    query, query_params = _tsquery(words, facets)
    where = f"document @@ {query}"
    params: list = list(query_params)
    if filters.locale_id is not None:
        where += " AND locale_id = %s"
        params.append(filters.locale_id)
    low, high = filters.key_range()
    if high is not None:
        where += " AND rank_key <= %s"
        params.append(high)

    def newest(low_key):
        sql, args = where, list(params)
        if low_key is not None:
            sql += " AND rank_key >= %s"
            args.append(low_key)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT story_id, rank_key, section_id, "
                f"ts_rank(document, {query}) "
                "FROM (SELECT story_id, rank_key, section_id, document "
                f"FROM search_entry WHERE {sql} ORDER BY rank_key + 0 DESC "
                "LIMIT %s) AS newest",
                [*query_params, *args, window],
            )
            return cursor.fetchall()

    rows = None
    for step in RECENT_STEPS:
        recent = _recent_key(filters.locale_id, step)
        if recent is None or (low is not None and low >= recent):
            break
        rows = newest(recent)
        if len(rows) >= window:
            break
        rows = None  # too few recent matches: look further back
    if rows is None:
        rows = newest(low)
    count = len(rows)
    if count >= window:
        if low is not None:
            where += " AND rank_key >= %s"
            params.append(low)
        count = _capped_count(f"SELECT 1 FROM search_entry WHERE {where}", params)
    return rows, count


# -- loading a page of results ------------------------------------------------


def stories(ids: list[int], words: list[str], edition=None) -> list:
    """The readable stories among `ids`, in that order, ready as cards, each
    with `.snippet` (safe HTML: escaped text, matches in <mark>)."""
    from django.utils.safestring import mark_safe

    from .models import SearchEntry

    found = {
        story.pk: story for story in published_articles(edition).filter(pk__in=ids)
    }
    texts = dict(
        SearchEntry.objects.filter(story_id__in=list(found)).values_list(
            "story_id", "body"
        )
    )
    listing = []
    for pk in ids:
        story = found.get(pk)
        if story is None:
            continue
        source = texts.get(pk, "")
        if not text.has_match(source, words):
            source = story.standfirst or source
        story.snippet = mark_safe(text.snippet(source, words))  # noqa: S308
        listing.append(story)
    finish(listing)
    return listing
