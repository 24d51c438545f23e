"""The in-process scheduler that `masthead serve` runs beside the web workers.

No cron: jobs run on an interval in a thread of the serving process. A lock
(a database row-free file lock in the embedded setup, a Redis lock when
REDIS_URL is set) makes sure that several app servers sharing one database do
not run the same job twice. On start every job runs once, which catches up
work that came due while the server was down (Wagtail's scheduled publishing
looks at `go_live_at <= now`, so nothing is missed, only late).
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections

logger = logging.getLogger("masthead.scheduler")


@dataclass
class Job:
    name: str
    interval: float
    run: Callable[[], None]
    next_run: float = 0.0


def publish_scheduled() -> None:
    """Wagtail's scheduled publishing and unpublishing (go_live_at / expire_at)."""
    call_command("publish_scheduled", verbosity=0)


def poll_wire_sources() -> None:
    """Wire sources whose poll interval has passed (see masthead.wire.polling)."""
    from masthead.wire.polling import poll_due_sources

    poll_due_sources()


DEFAULT_JOBS = [
    Job("publish_scheduled", 15.0, publish_scheduled),
    Job("poll_wire_sources", 30.0, poll_wire_sources),
]


class LeaderLock:
    """Held by at most one scheduler per installation."""

    def __init__(self):
        self._file = None
        self._redis = None
        self._token = None

    def acquire(self) -> bool:
        if settings.REDIS_URL:
            import uuid

            import redis

            if self._redis is None:
                self._redis = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1)
                self._token = uuid.uuid4().hex
            key = "masthead:scheduler-leader"
            try:
                if self._redis.set(key, self._token, nx=True, ex=60):
                    return True
                if self._redis.get(key) == self._token.encode():
                    self._redis.expire(key, 60)
                    return True
            except Exception:  # noqa: BLE001 - no Redis, no leadership this round
                logger.warning("scheduler: Redis unavailable, skipping this round")
            return False
        if self._file is None:
            path = Path(settings.DATA_DIR) / "scheduler.lock"
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                return False
            self._file = handle
        return True


class Scheduler:
    def __init__(self, jobs: list[Job] | None = None, tick: float = 1.0):
        # Copies: each scheduler keeps its own next-run times.
        self.jobs = [replace(job) for job in (jobs or DEFAULT_JOBS)]
        self.tick = tick
        self.stopping = threading.Event()
        self.lock = LeaderLock()
        self.thread: threading.Thread | None = None

    def run_due(self, now: float | None = None) -> list[str]:
        now = time.monotonic() if now is None else now
        ran = []
        if not self.lock.acquire():
            return ran
        for job in self.jobs:
            if job.next_run > now:
                continue
            job.next_run = now + job.interval
            try:
                job.run()
                ran.append(job.name)
            except Exception:  # noqa: BLE001 - one failing job must not stop the rest
                logger.exception("scheduler: job %s failed", job.name)
        return ran

    def loop(self) -> None:
        logger.info("scheduler: started with %s", ", ".join(j.name for j in self.jobs))
        while not self.stopping.is_set():
            close_old_connections()
            try:
                self.run_due()
            finally:
                close_old_connections()
            self.stopping.wait(self.tick)

    def start(self) -> None:
        self.thread = threading.Thread(
            target=self.loop, name="masthead-scheduler", daemon=True
        )
        self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)
