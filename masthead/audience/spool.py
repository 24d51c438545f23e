"""The spool: beacons on disk between the request and the counts.

The request path only appends one line (`time kind story reader address`) to
a segment file with a single os.write() on an O_APPEND descriptor, then
answers. Once write() has returned, the line is the kernel's: a `kill -9` of
the worker cannot lose it, so no beacon answered 2xx is lost to a crashed
process (a power cut may lose what the kernel had not written out yet, the
last seconds, as SQLite's WAL with synchronous=NORMAL would). Writing a line
costs microseconds and no lock shared with other processes, which is what
lets the endpoint answer nearly as fast as a trivial one.

Each process writes its own segment per SEGMENT_SECONDS
(`<start>-<host>-<pid>-<n>.log`). The flusher (a service of `masthead serve`, or
`masthead manage flush_audience`) takes each closed segment, applies it to
the store together with the record that it was applied (one transaction, or
one Redis script), then deletes it: a flush that dies half-way is redone, never
counted twice. While the store is unreachable (Redis down) segments wait on
disk and are applied when it is back.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from masthead.core.outage import REDIS_DOWN

logger = logging.getLogger("masthead.audience")

SUFFIX = ".log"
HOST = socket.gethostname().replace("-", "_").replace("/", "_")[:40] or "host"


def spool_dir() -> Path:
    return Path(settings.DATA_DIR) / "audience" / "spool"


def conf(name: str):
    return settings.MASTHEAD_AUDIENCE[name]


def flush_every() -> float:
    return float(conf("FLUSH_SECONDS"))


@dataclass(frozen=True, slots=True)
class Beacon:
    at: float
    kind: str  # "v" or "r"
    story: int
    reader: str
    address: str


class SpoolWriter:
    """This process's current segment. Threads of a worker share it under a
    lock (a write is microseconds); a shared flock on the file during each
    write lets the flusher wait for writes in flight before it takes a
    segment, and a writer that finds its segment taken opens a new one."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._start = -1
        self._pid = -1
        self._opened = 0

    def _open(self, start: int) -> None:
        directory = self.directory or spool_dir()
        directory.mkdir(parents=True, exist_ok=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        # A sequence number too: a segment taken early (the final flush)
        # is followed by a new file, never one of the same (applied) name.
        self._opened += 1
        name = f"{start:012d}-{HOST}-{os.getpid()}-{self._opened}{SUFFIX}"
        self._fd = os.open(
            directory / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640
        )
        self._start = start
        self._pid = os.getpid()

    def append(self, kind: str, story: int, reader: str, address: str) -> None:
        """Raise OSError when the line could not be written (the caller
        answers 503: nothing was accepted)."""
        now = time.time()
        seconds = int(conf("SEGMENT_SECONDS"))
        start = int(now) // seconds * seconds
        line = f"{now:.3f} {kind} {story} {reader} {address}\n".encode("ascii")
        with self._lock:
            for _attempt in range(3):
                # A forked process (granian's workers) opens its own file.
                if self._fd is None or start != self._start or self._pid != os.getpid():
                    self._open(start)
                fcntl.flock(self._fd, fcntl.LOCK_SH)
                try:
                    if os.fstat(self._fd).st_nlink == 0:
                        # The flusher took this segment (we were paused past
                        # its settling time): write to a fresh one.
                        self._start = -1
                        continue
                    written = os.write(self._fd, line)
                finally:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)
                if written != len(line):
                    raise OSError("short write to the audience spool")
                return
            raise OSError("could not find an open audience spool segment")


_writer = SpoolWriter()


def append(kind: str, story: int, reader: str, address: str) -> None:
    _writer.append(kind, story, reader, address)


# -- reading and flushing --------------------------------------------------------


def closed_segments(directory: Path, now: float | None = None) -> list[Path]:
    """Segments whose time is over and settled, oldest first. `now=inf` takes
    them all (the final flush after the workers have stopped)."""
    now = time.time() if now is None else now
    horizon = now - conf("SEGMENT_SECONDS") - conf("SETTLE_SECONDS")
    found = []
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return []
    for entry in entries:
        if not entry.name.endswith(SUFFIX):
            continue
        try:
            start = int(entry.name.split("-", 1)[0])
        except ValueError:
            continue
        if start <= horizon:
            found.append(Path(entry.path))
    return sorted(found)


def parse(data: bytes) -> Iterator[Beacon]:
    """The beacons of a segment; a torn last line (a process killed in the
    middle of a write is not possible with one write(), but a truncated file
    is) or a line that is not ours is skipped."""
    for raw in data.split(b"\n"):
        parts = raw.split(b" ")
        if len(parts) != 5:
            continue
        try:
            at = float(parts[0])
            kind = parts[1].decode("ascii")
            story = int(parts[2])
            reader = parts[3].decode("ascii")
            address = parts[4].decode("ascii")
        except (ValueError, UnicodeDecodeError):
            continue
        if kind in ("v", "r"):
            yield Beacon(at, kind, story, reader, address)


class FlushLock:
    """One flusher per spool at a time, across processes (the server's
    service and a `manage flush_audience` run)."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / ".flush.lock"

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o640)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def flush(*, everything: bool = False, directory: Path | None = None) -> int:
    """Apply closed segments to the store; return how many beacons were read.
    `everything` also takes segments still being written (tests, the final
    flush once the workers are gone)."""
    from .store import get_store

    directory = directory or spool_dir()
    store = get_store()
    total = 0
    with FlushLock(directory):
        now = float("inf") if everything else None
        for path in closed_segments(directory, now):
            try:
                fd = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                # Wait for writes in flight; writers that come later see the
                # file unlinked and move on to a new segment.
                fcntl.flock(fd, fcntl.LOCK_EX)
                data = b""
                while chunk := os.read(fd, 1 << 20):
                    data += chunk
                beacons = list(parse(data))
                try:
                    store.apply(path.name, beacons)
                except REDIS_DOWN:
                    logger.warning(
                        "audience: Redis is unreachable; %s waits in the spool",
                        path.name,
                    )
                    return total
                path.unlink(missing_ok=True)
                total += len(beacons)
            finally:
                os.close(fd)  # releases the flock
    return total
