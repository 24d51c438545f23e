"""Purges by surrogate key: a shared log every worker and app server reads.

A response names what it shows with surrogate keys (masthead.core.surrogate):
a story page `p12`, an edition's listings `e3`, a section `s7`, a tag `t40`,
an author `a5`; every response also carries `all`, and one that names nothing
carries `stories` (it may list any story). A change appends one line to the
purge log naming the keys it touched: a publish purges its story, sections,
edition, tags and authors, not the archive.

The log is a file under the data dir on one machine (appended under a lock,
read by every worker from where it left off), or a sorted set in Redis when
REDIS_URL is set (shared by app servers). Its position — an epoch and an
offset — is the *stamp* a cached page carries: taken before the page renders,
so a purge that lands during the render is after the stamp and the page is
stale as soon as anyone reads the purge. A reader that cannot tell what was
purged before a stamp (the log was rotated, flushed or trimmed past it) treats
the page as gone.

A purge is *soft* (a publish, an update: the old page may be served while one
request renders the new one) or *hard* (a withdrawal, unpublishing, a
restriction, a deletion: the old page is never served again).
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from .outage import REDIS_DOWN, Outage, redis_client

logger = logging.getLogger("masthead.purge")

ALL = "all"
STORIES = "stories"
# What a reader's epoch is while the log cannot be read (Redis down): pages
# made then are kept briefly and dropped when the log is back.
UNAVAILABLE = "unavailable"
# A page's verdict against the purges a reader knows.
FRESH, STALE, GONE = 0, 1, 2
KEY_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# The file log starts afresh (a new epoch: every kept page is dropped) when it
# grows past this: about 80,000 publishes.
MAX_LOG_BYTES = 8 * 1024 * 1024
# Redis keeps this many purges; a reader further behind drops everything.
REDIS_KEEP = 20000
REDIS_PREFIX = "masthead:purges:"


def clean_keys(keys: Iterable[str]) -> list[str]:
    return sorted({key for key in keys if key and KEY_RE.match(key)})


def _line(keys: Iterable[str], hard: bool) -> str:
    return ("H " if hard else "S ") + " ".join(keys)


def _parse(line: str) -> tuple[bool, list[str]]:
    kind, _sep, rest = line.partition(" ")
    return kind == "H", rest.split()


class FilePurgeLog:
    """The log as a file: `masthead-purges <epoch>` then one `S|H key ...`
    line per purge. Offsets are byte offsets; appends hold an flock on a
    side file, so a rotation never races an append."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.path = self.directory / "purges.log"
        self.lock_path = self.directory / "purges.lock"

    def _new_file(self) -> None:
        tmp = self.path.with_name(f".purges.{os.getpid()}.{time.monotonic_ns()}")
        tmp.write_bytes(f"masthead-purges {uuid.uuid4().hex[:16]}\n".encode())
        os.replace(tmp, self.path)

    def append(self, keys: list[str], hard: bool) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        data = (_line(keys, hard) + "\n").encode()
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                size = self.path.stat().st_size
            except FileNotFoundError:
                size = -1
            if size < 0 or size + len(data) > MAX_LOG_BYTES:
                self._new_file()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)

    def _ensure(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not self.path.exists():
                self._new_file()

    def read(self, epoch: str, offset: int):
        """(epoch, new offset, floor, [(end offset, hard, keys)]) after
        `offset` in `epoch`; from the start when the epoch changed."""
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            self._ensure()
            handle = open(self.path, "rb")
        with handle:
            header = handle.readline()
            if not header.endswith(b"\n"):
                return "", 0, 0, []
            file_epoch = header.split()[-1].decode()
            if file_epoch != epoch:
                offset = len(header)
            handle.seek(offset)
            data = handle.read()
        end = data.rfind(b"\n") + 1
        purges, position = [], offset
        for raw in data[:end].splitlines(keepends=True):
            position += len(raw)
            hard, keys = _parse(raw.decode(errors="replace").strip())
            purges.append((position, hard, keys))
        return file_epoch, offset + end, 0, purges

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


APPEND_SCRIPT = """
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  epoch = ARGV[3]
  redis.call('SET', KEYS[1], epoch)
end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[3], seq, seq .. ' ' .. ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(tonumber(ARGV[2]) + 1))
return seq
"""


class RedisPurgeLog:
    """The log in Redis: an epoch, a counter and a sorted set of the last
    REDIS_KEEP purges scored by the counter. A FLUSHDB starts a new epoch."""

    def __init__(self, url: str, *, socket_timeout: float = 0.25):
        self.client = redis_client(url, socket_timeout=socket_timeout)
        self.keys = [REDIS_PREFIX + name for name in ("epoch", "seq", "log")]
        self.script = self.client.register_script(APPEND_SCRIPT)

    def append(self, keys: list[str], hard: bool) -> None:
        self.script(
            keys=self.keys, args=[_line(keys, hard), REDIS_KEEP, uuid.uuid4().hex[:16]]
        )

    def read(self, epoch: str, offset: int):
        pipe = self.client.pipeline(transaction=False)
        pipe.get(self.keys[0])
        pipe.zrange(self.keys[2], 0, 0, withscores=True)
        pipe.zrangebyscore(self.keys[2], f"({offset}", "+inf", withscores=True)
        got_epoch, first, rows = pipe.execute()
        if got_epoch is None:  # a new (or flushed) log: start an epoch
            self.client.set(self.keys[0], uuid.uuid4().hex[:16], nx=True)
            got_epoch = self.client.get(self.keys[0])
        log_epoch = got_epoch.decode()
        if log_epoch != epoch:  # a new reader, or the log was flushed
            offset = 0
            rows = self.client.zrangebyscore(
                self.keys[2], "-inf", "+inf", withscores=True
            )
        floor = int(first[0][1]) - 1 if first else 0
        purges, position = [], offset
        for member, score in rows:
            position = int(score)
            _seq, _sep, line = member.decode(errors="replace").partition(" ")
            hard, keys = _parse(line)
            purges.append((position, hard, keys))
        return log_epoch, position, floor, purges

    def clear(self) -> None:
        self.client.delete(*self.keys)


class PurgeReader:
    """What one process knows of the log: for each key, the position of its
    last soft and hard purge. `refresh()` reads what was appended since, at
    most every `interval` seconds unless forced."""

    def __init__(self, log, interval: float = 0.25):
        self.log = log
        self.interval = interval
        self.lock = threading.Lock()
        self.log_epoch = ""  # the log's own epoch, kept through an outage
        self.epoch = ""  # what stamps are compared with (UNAVAILABLE in one)
        self.offset = 0
        self.floor = 0
        self.soft: dict[str, int] = {}
        self.hard: dict[str, int] = {}
        self.changes = 0  # bumped whenever a verdict may have changed
        self.checked_at = float("-inf")
        self.pending: list[tuple[list[str], bool]] = []
        self.outage = Outage(logger, "purge log")
        self.refresh(force=True)

    @property
    def available(self) -> bool:
        return self.epoch != UNAVAILABLE

    def stamp(self) -> tuple[str, int]:
        return (self.epoch, self.offset)

    def refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.checked_at < self.interval:
            return
        with self.lock:
            if not force and now - self.checked_at < self.interval:
                return
            self.checked_at = now
            self._read()

    def _read(self) -> None:
        if isinstance(self.log, RedisPurgeLog) and self.outage.skipping():
            return
        try:
            while self.pending:  # purges made while the log was unreachable
                keys, hard = self.pending[0]
                self.log.append(keys, hard)
                self.pending.pop(0)
            epoch, offset, floor, purges = self.log.read(self.log_epoch, self.offset)
        except REDIS_DOWN as error:
            self.outage.failed(error)
            if self.epoch != UNAVAILABLE:
                self.epoch = UNAVAILABLE
                self.changes += 1
            return
        self.outage.recovered()
        if epoch != self.log_epoch:
            self.soft, self.hard = {}, {}
            self.log_epoch = epoch
        changed = epoch != self.epoch or offset != self.offset or floor != self.floor
        self.epoch, self.offset, self.floor = epoch, offset, floor
        for position, hard, keys in purges:
            into = self.hard if hard else self.soft
            for key in keys:
                into[key] = position
        if changed:
            self.changes += 1

    def append(self, keys: list[str], hard: bool) -> None:
        try:
            self.log.append(keys, hard)
        except REDIS_DOWN as error:
            self.outage.failed(error)
            self.pending.append((keys, hard))

    def verdict(self, tags: Iterable[str], stamp) -> int:
        epoch, offset = stamp
        if epoch != self.epoch:
            return GONE
        if epoch == UNAVAILABLE:
            return FRESH  # kept briefly; see the hot cache
        if offset < self.floor:
            return GONE
        verdict = FRESH
        hard, soft = self.hard, self.soft
        if hard.get(ALL, -1) > offset:
            return GONE
        if soft.get(ALL, -1) > offset:
            verdict = STALE
        for key in tags:
            if hard.get(key, -1) > offset:
                return GONE
            if soft.get(key, -1) > offset:
                verdict = STALE
        return verdict

    def version(self, key: str) -> str:
        """Changes whenever `key` or everything is purged; UNAVAILABLE while
        the log cannot be read (a purge then may be missed)."""
        if self.epoch == UNAVAILABLE:
            return UNAVAILABLE
        return "{}.{}".format(
            self.epoch,
            max(
                self.soft.get(key, 0),
                self.hard.get(key, 0),
                self.soft.get(ALL, 0),
                self.hard.get(ALL, 0),
                self.floor,
            ),
        )


def purge_log():
    return _purge_log(
        settings.REDIS_URL, str(settings.DATA_DIR), settings.REDIS_SOCKET_TIMEOUT
    )


@functools.lru_cache(maxsize=4)
def _purge_log(redis_url: str, data_dir: str, socket_timeout: float):
    if redis_url:
        return RedisPurgeLog(redis_url, socket_timeout=socket_timeout)
    return FilePurgeLog(Path(data_dir) / "cache")


def reader() -> PurgeReader:
    """This process's reader of the configured log."""
    return _reader(purge_log(), settings.MASTHEAD_PAGE_CACHE["PURGE_CHECK_INTERVAL"])


@functools.lru_cache(maxsize=4)
def _reader(log, interval: float) -> PurgeReader:
    return PurgeReader(log, interval)


def purge_keys(keys: Iterable[str], *, hard: bool = False) -> None:
    """Purge every cached page carrying any of `keys`, in every worker and
    app server within PURGE_CHECK_INTERVAL, and at the CDN when one is
    configured (a background task)."""
    keys = clean_keys(keys)
    if not keys:
        return
    current = reader()
    current.append(keys, hard)
    current.refresh(force=True)
    logger.debug("purged %s%s", " ".join(keys), " (hard)" if hard else "")
    if settings.MASTHEAD_PURGE_URL:
        from .tasks import purge_edge

        purge_edge.enqueue(keys=keys, hard=hard)


def purge_all_pages(*, hard: bool = False) -> None:
    """Every cached public page, everywhere."""
    purge_keys([ALL], hard=hard)


def key_version(key: str) -> str:
    """A string that changes whenever `key` (a surrogate key such as `e3`) or
    everything is purged: part of the cache key of a fragment (rails, chrome)
    that must follow those purges."""
    current = reader()
    current.refresh()
    return current.version(key)


def current_generation() -> str:
    """The log's position now: changes with every purge."""
    current = reader()
    current.refresh()
    return "{}.{}".format(*current.stamp())
