"""The page cache shared by every worker: rendered pages and render locks.

One page rendered by one worker is kept here for all of them, so a page is
rendered once per change whatever the number of workers, and (on the
embedded default) kept across a restart. Files under the data dir on one
machine — `os.replace`d whole, so a reader never sees half a page — or Redis
when REDIS_URL is set, for every app server.

A record is a `marshal`led tuple (only strings, bytes and numbers: reading
one runs no code) holding the page and what the hot cache needs to judge it:
its surrogate keys, the purge-log stamp taken before it rendered, and when.

Render locks make single flight: one render of a page at a time in a server
(an flock on a per-page file, released by the kernel if the worker dies; in
Redis, SET NX with an expiry).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import logging
import marshal
import os
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings

from .outage import REDIS_DOWN, Outage, redis_client

logger = logging.getLogger("masthead.cache")

FORMAT = 1
REDIS_PREFIX = "masthead:page:"
LOCK_SECONDS = 30


def digest(key: str) -> str:
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def dump(record: tuple) -> bytes:
    return marshal.dumps((FORMAT, *record))


def load(data: bytes | None):
    if not data:
        return None
    try:
        # Written by this server's own workers into its data dir or Redis,
        # both as trusted as its database.
        value = marshal.loads(data)  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(value, tuple) or not value or value[0] != FORMAT:
        return None
    return value[1:]


class FileLock:
    def __init__(self, fd: int):
        self.fd = fd

    def release(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)  # closing drops the flock


class NoLock:
    """Held when the store cannot lock (Redis down): render and go on."""

    def release(self) -> None:
        pass


class FileStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str, suffix: str = "") -> Path:
        name = digest(key)
        return self.root / name[:2] / (name + suffix)

    def get(self, key: str):
        try:
            record = load(self._path(key).read_bytes())
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            logger.warning("page store: cannot read %s: %s", key, error)
            return None
        if record is None or record[0] != key:
            return None
        return record

    def put(self, key: str, record: tuple, seconds: float) -> None:
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(dump(record))
            os.replace(tmp, path)
        except OSError as error:
            logger.warning("page store: cannot keep %s: %s", key, error)
            tmp.unlink(missing_ok=True)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def lock(self, key: str):
        """A held render lock, or None when another render holds it."""
        path = self._path(key, ".lock")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return NoLock()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        return FileLock(fd)

    def prune(self, older_than: float, max_bytes: int) -> int:
        """Drop pages written before `older_than` (epoch seconds), then the
        oldest until the store holds at most `max_bytes`; and stale locks."""
        removed, kept = 0, []
        now = time.time()
        for directory in self.root.glob("??"):
            for path in directory.iterdir():
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    continue
                if path.name.endswith(".lock") or path.name.startswith("."):
                    if stat.st_mtime < now - 3600:
                        path.unlink(missing_ok=True)
                    continue
                if stat.st_mtime < older_than:
                    path.unlink(missing_ok=True)
                    removed += 1
                else:
                    kept.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _mtime, size, _path in kept)
        for _mtime, size, path in sorted(kept):
            if total <= max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class RedisLock:
    def __init__(self, store: RedisStore, name: str, token: str):
        self.store, self.name, self.token = store, name, token

    def release(self) -> None:
        with contextlib.suppress(*REDIS_DOWN):
            self.store.release_script(keys=[self.name], args=[self.token])


RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisStore:
    """Pages in Redis, expiring by themselves; fails open (a miss) while
    Redis is unreachable."""

    def __init__(self, url: str, *, socket_timeout: float = 0.25):
        self.client = redis_client(url, socket_timeout=socket_timeout)
        self.release_script = self.client.register_script(RELEASE_SCRIPT)
        self.outage = Outage(logger, "shared page cache")

    def _call(self, fallback, method, *args, **kwargs):
        return self.outage.call(fallback, method, *args, **kwargs)

    def get(self, key: str):
        record = load(self._call(None, self.client.get, REDIS_PREFIX + digest(key)))
        if record is None or record[0] != key:
            return None
        return record

    def put(self, key: str, record: tuple, seconds: float) -> None:
        self._call(
            None,
            self.client.set,
            REDIS_PREFIX + digest(key),
            dump(record),
            ex=max(1, int(seconds)),
        )

    def delete(self, key: str) -> None:
        self._call(None, self.client.delete, REDIS_PREFIX + digest(key))

    def lock(self, key: str):
        name = REDIS_PREFIX + "lock:" + digest(key)
        token = uuid.uuid4().hex
        got = self._call("down", self.client.set, name, token, nx=True, ex=LOCK_SECONDS)
        if got == "down":
            return NoLock()
        return RedisLock(self, name, token) if got else None

    def prune(self, older_than: float, max_bytes: int) -> int:
        return 0  # entries expire by themselves

    def clear(self) -> None:
        keys = self._call([], lambda: list(self.client.scan_iter(REDIS_PREFIX + "*")))
        if keys:
            self._call(None, self.client.delete, *keys)


def page_store():
    return _page_store(
        settings.REDIS_URL, str(settings.DATA_DIR), settings.REDIS_SOCKET_TIMEOUT
    )


@functools.lru_cache(maxsize=4)
def _page_store(redis_url: str, data_dir: str, socket_timeout: float):
    if redis_url:
        return RedisStore(redis_url, socket_timeout=socket_timeout)
    return FileStore(Path(data_dir) / "cache" / "pages")


def prune_page_store() -> int:
    conf = settings.MASTHEAD_PAGE_CACHE
    return page_store().prune(
        time.time() - conf["TTL"] - conf["GRACE"], conf["SHARED_MAX_BYTES"]
    )
