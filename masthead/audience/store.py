"""Where counts live: the database (embedded default) or Redis sorted sets.

Both count each beacon in a five-minute bucket (the last hour's window is
the last 12 of them) and an hourly bucket (24 hours, 7 days). Both apply a
spool segment exactly once: the database records the segment's name in the
same transaction as its counts; Redis runs the whole segment in one Lua
script that first sets a "done" marker. Both count a reader (address +
browser hash) once per story and kind per DEDUPE_SECONDS, and an address at
most ADDRESS_CAP times (many readers can share one address behind a NAT;
one script cannot push a story up by varying its user agent).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum

from masthead.core.outage import Outage, redis_client
from masthead.newsroom.models import ArticlePage, SectionPage

from .models import AppliedSegment, DailySalt, Grain, StoryCount

logger = logging.getLogger("masthead.audience")

FIVE_MINUTES = 300
HOUR = 3600
GRAIN_SECONDS = {Grain.FIVE_MINUTES: FIVE_MINUTES, Grain.HOUR: HOUR}
# How long buckets are kept: a little more than the longest window using them.
KEEP = {Grain.FIVE_MINUTES: 3 * HOUR, Grain.HOUR: 8 * 24 * HOUR}


@dataclass(frozen=True)
class Window:
    name: str
    grain: str
    buckets: int

    def first_bucket(self, now: float) -> int:
        size = GRAIN_SECONDS[self.grain]
        return int(now) // size * size - (self.buckets - 1) * size

    def bucket_starts(self, now: float) -> list[int]:
        size = GRAIN_SECONDS[self.grain]
        first = self.first_bucket(now)
        return [first + i * size for i in range(self.buckets)]


WINDOWS = {
    "1h": Window("1h", Grain.FIVE_MINUTES, 12),
    "24h": Window("24h", Grain.HOUR, 24),
    "7d": Window("7d", Grain.HOUR, 7 * 24),
}


def conf(name: str):
    return settings.MASTHEAD_AUDIENCE[name]


def buckets_of(at: float) -> list[tuple[str, int]]:
    return [(grain, int(at) // size * size) for grain, size in GRAIN_SECONDS.items()]


@dataclass(frozen=True)
class Story:
    locale_id: int
    path: str
    section_ids: tuple[int, ...]


def resolve(ids: Iterable[int]) -> dict[int, Story]:
    """Stories that exist, with their edition (locale) and every section
    above them: a story counts for each (Sports and Sports > Cricket)."""
    ids = {i for i in ids if 0 < i < 2**31}
    if not ids:
        return {}
    rows = list(
        ArticlePage.objects.filter(pk__in=ids).values_list("pk", "locale_id", "path")
    )
    step = ArticlePage.steplen
    prefixes = {
        path[:end] for _pk, _l, path in rows for end in range(step, len(path), step)
    }
    sections = dict(
        SectionPage.objects.filter(path__in=prefixes).values_list("path", "pk")
    )
    found = {}
    for pk, locale_id, path in rows:
        above = [path[:end] for end in range(step, len(path), step)]
        found[pk] = Story(
            locale_id, path, tuple(sections[p] for p in above if p in sections)
        )
    return found


class Dedupe:
    """The embedded default's memory of who was counted (in the flusher's
    process: exact for one server). Updated only once a segment's counts are
    committed, so a failed flush that is redone counts the same beacons."""

    MAX = 500_000

    def __init__(self):
        self.readers: dict[tuple, float] = {}
        self.addresses: dict[tuple, tuple[int, float]] = {}

    def select(self, beacons, known: set[int]):
        ttl, cap = conf("DEDUPE_SECONDS"), conf("ADDRESS_CAP")
        readers, addresses = {}, {}
        counted = []
        for b in beacons:
            if b.story not in known:
                continue
            reader = (b.reader, b.kind, b.story)
            until = readers.get(reader, self.readers.get(reader, 0.0))
            if until > b.at:
                continue
            address = (b.address, b.kind, b.story)
            n, expires = addresses.get(address, self.addresses.get(address, (0, 0.0)))
            if expires <= b.at:
                n, expires = 0, b.at + ttl
            readers[reader] = b.at + ttl
            addresses[address] = (n + 1, expires)
            if n + 1 <= cap:
                counted.append(b)
        return counted, (readers, addresses)

    def commit(self, overlay) -> None:
        readers, addresses = overlay
        if len(self.readers) > self.MAX:
            now = time.time()
            self.readers = {k: v for k, v in self.readers.items() if v > now}
            self.addresses = {k: v for k, v in self.addresses.items() if v[1] > now}
        self.readers.update(readers)
        self.addresses.update(addresses)


# The same statement on SQLite (3.24+) and PostgreSQL: add to a bucket's
# count in place, so two servers flushing at once both count (an update
# computed in Python would lose one).
UPSERT = (
    "INSERT INTO {table} (kind, grain, bucket, story_id, count) "
    "VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (kind, grain, bucket, story_id) "
    "DO UPDATE SET count = {table}.count + excluded.count"
)


class DbStore:
    name = "database"

    def __init__(self):
        self.dedupe = Dedupe()
        self._lock = threading.Lock()

    def apply(self, segment: str, beacons: list) -> int:
        with self._lock:
            if AppliedSegment.objects.filter(name=segment).exists():
                return 0
            known = set(resolve(b.story for b in beacons))
            counted, overlay = self.dedupe.select(beacons, known)
            totals: dict[tuple, int] = defaultdict(int)
            for b in counted:
                for grain, bucket in buckets_of(b.at):
                    totals[(b.kind, grain, bucket, b.story)] += 1
            table = connection.ops.quote_name(StoryCount._meta.db_table)
            sql = UPSERT.replace("{table}", table)
            with transaction.atomic():
                AppliedSegment.objects.create(name=segment)
                if totals:
                    with connection.cursor() as cursor:
                        cursor.executemany(
                            sql, [(*key, n) for key, n in sorted(totals.items())]
                        )
            self.dedupe.commit(overlay)
            return len(counted)

    def top(
        self,
        kind,
        window: Window,
        *,
        locale_id=None,
        section=None,
        minimum=1,
        limit=10,
        now=None,
    ):
        now = time.time() if now is None else now
        rows = StoryCount.objects.filter(
            kind=kind, grain=window.grain, bucket__gte=window.first_bucket(now)
        )
        if locale_id is not None:
            rows = rows.filter(story__locale_id=locale_id)
        if section is not None:
            rows = rows.filter(story__path__startswith=section.path)
        rows = (
            rows.values("story_id")
            .annotate(total=Sum("count"))
            .filter(total__gte=minimum)
            .order_by("-total", "-story_id")[:limit]
        )
        return [(r["story_id"], r["total"]) for r in rows]

    def series(self, kind, window: Window, story_ids, *, now=None):
        now = time.time() if now is None else now
        starts = window.bucket_starts(now)
        found = defaultdict(dict)
        rows = StoryCount.objects.filter(
            kind=kind, grain=window.grain, bucket__gte=starts[0], story_id__in=story_ids
        ).values_list("story_id", "bucket", "count")
        for story, bucket, n in rows:
            found[story][bucket] = n
        return {s: [found[s].get(b, 0) for b in starts] for s in story_ids}

    def prune(self, now=None) -> int:
        return prune_rows(now)


def prune_rows(now=None) -> int:
    now = time.time() if now is None else now
    removed = 0
    for grain, keep in KEEP.items():
        removed += StoryCount.objects.filter(
            grain=grain, bucket__lt=int(now) - keep
        ).delete()[0]
    AppliedSegment.objects.filter(
        applied_at__lt=datetime.fromtimestamp(now, UTC) - timedelta(days=3)
    ).delete()
    return removed


# Applied as one script: the "done" marker, the dedupe keys and every
# increment of a chunk of a segment happen together or not at all.
APPLY_SCRIPT = """
local prefix = ARGV[1]
if not redis.call('SET', prefix .. 'done:' .. ARGV[2], '1', 'NX', 'EX', 259200) then
  return -1
end
local ttl = tonumber(ARGV[3])
local cap = tonumber(ARGV[4])
local counted = 0
local increments = {}
local expiries = {}
local i = 5
while i <= #ARGV do
  local member = ARGV[i + 2]
  local nkeys = tonumber(ARGV[i + 3])
  local expires = tonumber(ARGV[i + 4])
  local fresh = redis.call('SET', prefix .. 'seen:' .. ARGV[i], '1', 'NX', 'EX', ttl)
  if fresh then
    local address = prefix .. 'addr:' .. ARGV[i + 1]
    local n = redis.call('INCR', address)
    if n == 1 then redis.call('EXPIRE', address, ttl) end
    if n <= cap then
      for j = 0, nkeys - 1 do
        local key = prefix .. ARGV[i + 5 + j]
        local per_key = increments[key]
        if not per_key then
          per_key = {}
          increments[key] = per_key
          expiries[key] = expires
        end
        per_key[member] = (per_key[member] or 0) + 1
      end
      counted = counted + 1
    end
  end
  i = i + 5 + nkeys
end
-- One ZINCRBY per story and bucket, one EXPIRE per bucket.
for key, per_key in pairs(increments) do
  for member, n in pairs(per_key) do
    redis.call('ZINCRBY', key, n, member)
  end
  redis.call('EXPIRE', key, expiries[key])
end
return counted
"""
CHUNK = 500


class RedisStore:
    name = "redis"

    def __init__(self, url: str, prefix: str = "masthead:audience:"):
        self.client = redis_client(url, socket_timeout=1.0, connect_timeout=0.5)
        self.prefix = prefix
        self.script = self.client.register_script(APPLY_SCRIPT)
        self.outage = Outage(logger, "audience", retry_after=2.0)

    @staticmethod
    def scopes(story: Story) -> list[str]:
        return ["all", f"l{story.locale_id}", *(f"s{s}" for s in story.section_ids)]

    @staticmethod
    def key(kind, grain, bucket, scope) -> str:
        return f"z:{kind}:{grain}:{bucket}:{scope}"

    def apply(self, segment: str, beacons: list) -> int:
        stories = resolve(b.story for b in beacons)
        beacons = [b for b in beacons if b.story in stories]
        counted = 0
        for offset in range(0, max(len(beacons), 1), CHUNK):
            args = [
                self.prefix,
                f"{segment}#{offset // CHUNK}",
                conf("DEDUPE_SECONDS"),
                conf("ADDRESS_CAP"),
            ]
            for b in beacons[offset : offset + CHUNK]:
                keys = [
                    (self.key(b.kind, grain, bucket, scope), KEEP[grain])
                    for grain, bucket in buckets_of(b.at)
                    for scope in self.scopes(stories[b.story])
                ]
                args += [
                    f"{b.reader}:{b.kind}:{b.story}",
                    f"{b.address}:{b.kind}:{b.story}",
                    b.story,
                    len(keys),
                    max(k[1] for k in keys),
                    *(k[0] for k in keys),
                ]
            result = self.script(args=args)
            counted += max(int(result), 0)
        return counted

    def _union(self, kind, window: Window, scope: str, now):
        keys = [
            self.prefix + self.key(kind, window.grain, b, scope)
            for b in window.bucket_starts(now)
        ]
        return self.client.zunion(keys, withscores=True)

    def top(
        self,
        kind,
        window: Window,
        *,
        locale_id=None,
        section=None,
        minimum=1,
        limit=10,
        now=None,
    ):
        now = time.time() if now is None else now
        if section is not None:
            scope = f"s{section.pk}"
        elif locale_id is not None:
            scope = f"l{locale_id}"
        else:
            scope = "all"
        pairs = [(int(m), int(s)) for m, s in self._union(kind, window, scope, now)]
        pairs = [p for p in pairs if p[1] >= minimum]
        pairs.sort(key=lambda p: (-p[1], -p[0]))
        return pairs[:limit]

    def series(self, kind, window: Window, story_ids, *, now=None):
        now = time.time() if now is None else now
        story_ids = list(story_ids)
        if not story_ids:
            return {}
        starts = window.bucket_starts(now)
        pipe = self.client.pipeline(transaction=False)
        for b in starts:
            pipe.zmscore(
                self.prefix + self.key(kind, window.grain, b, "all"), story_ids
            )
        columns = pipe.execute()
        return {
            story: [int(col[i] or 0) if col else 0 for col in columns]
            for i, story in enumerate(story_ids)
        }

    def prune(self, now=None) -> int:
        # Buckets expire by themselves (EXPIRE set with every increment).
        return 0


_store = None
_store_lock = threading.Lock()


def get_store():
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                url = settings.REDIS_URL
                _store = RedisStore(url) if url else DbStore()
    return _store


def reset_store() -> None:
    global _store
    _store = None


def prune(now: float | None = None) -> int:
    """Drop buckets older than their longest window, applied-segment records
    after three days, and salts after two days (leader only, hourly)."""
    now = time.time() if now is None else now
    removed = prune_rows(now)
    yesterday = datetime.fromtimestamp(now, UTC).date() - timedelta(days=1)
    DailySalt.objects.filter(day__lt=yesterday).delete()
    return removed
