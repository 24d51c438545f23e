"""The in-process scheduler that `masthead serve` runs beside the web workers.

No cron: jobs run on an interval in threads of the serving process, one lane
(thread) per job, so a slow wire poll never delays scheduled publishing.

A leader lease makes sure that several app servers sharing one database do not
run the same job twice: a lock file under the data dir in the embedded setup, a
Redis key when REDIS_URL is set. The leader renews it every tick (its
heartbeat); a lease without a heartbeat for MASTHEAD_SCHEDULER_STALE_AFTER
seconds (a dead or hung server) is taken over by another server, and a server
that stops releases it at once. Who holds the lease (pid, host, since when) is
written into it, logged by the servers that wait, and shown in the admin
(Reports > Scheduler).

On start every job runs once, which catches up work that came due while the
server was down (Wagtail's scheduled publishing looks at `go_live_at <= now`,
so nothing is missed, only late).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections

from .outage import Outage

logger = logging.getLogger("masthead.scheduler")

REDIS_LEASE_KEY = "masthead:scheduler-leader"
REDIS_RUNS_KEY = "masthead:scheduler-runs"

# Compare-and-renew / compare-and-delete: only the holder touches its lease.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('expire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


@dataclass
class Job:
    name: str
    interval: float
    run: Callable[[], None]
    next_run: float = 0.0


# Filled by the apps in their AppConfig.ready() (register_job), so core never
# imports a feature app: the jobs every scheduler runs, in registration order.
DEFAULT_JOBS: list[Job] = []


def register_job(name: str, interval: float, func: Callable[[], None]) -> Job:
    """Have every scheduler run `func` every `interval` seconds, in its own
    lane. Registering a name again replaces the job (ready() may run twice)."""
    job = Job(name, interval, func)
    for index, registered in enumerate(DEFAULT_JOBS):
        if registered.name == name:
            DEFAULT_JOBS[index] = job
            return job
    DEFAULT_JOBS.append(job)
    return job


def publish_scheduled() -> None:
    """Wagtail's scheduled publishing and unpublishing (go_live_at / expire_at)."""
    call_command("publish_scheduled", verbosity=0)


def stale_after() -> float:
    return float(getattr(settings, "MASTHEAD_SCHEDULER_STALE_AFTER", 60))


def _now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _redis():
    from .outage import redis_client

    # No retries: the heartbeat tries again next tick anyway.
    return redis_client(settings.REDIS_URL, socket_timeout=2, connect_timeout=1)


# While Redis is down nobody can hold the lease, so no server leads: scheduled
# publishing waits and catches up when Redis is back (jobs act on everything
# due by then). Said once per 30 s, not once per tick.
_redis_outage = Outage(logger, "scheduler", retry_after=0)


def _lock_path() -> Path:
    return Path(settings.DATA_DIR) / "scheduler.lock"


def describe(holder: dict | None) -> str:
    if not holder:
        return "nobody"
    age = holder.get("heartbeat_age")
    beat = f", last heartbeat {age:.0f} s ago" if age is not None else ""
    return (
        f"pid {holder.get('pid', '?')} on host {holder.get('host', '?')} "
        f"since {holder.get('since', '?')}{beat}"
    )


def current_holder() -> dict | None:
    """Who holds the leader lease: pid, host, since (ISO time), heartbeat_age
    (seconds) and stale (no heartbeat for longer than the stale limit); None
    when nobody does. Readable from any process (the admin uses it)."""
    if settings.REDIS_URL:
        try:
            client = _redis()
            raw = client.get(REDIS_LEASE_KEY)
            ttl = client.ttl(REDIS_LEASE_KEY)
        except Exception:  # noqa: BLE001 - the admin shows "unknown"
            return None
        if not raw:
            return None
        info = _parse(raw)
        limit = stale_after()
        info["heartbeat_age"] = max(0.0, limit - ttl) if ttl and ttl > 0 else None
        info["stale"] = False  # Redis drops a lease that is not renewed
        return info
    path = _lock_path()
    try:
        raw = path.read_bytes()
        mtime = path.stat().st_mtime
    except OSError:
        return None
    if not raw.strip():
        return None
    info = _parse(raw)
    info["heartbeat_age"] = max(0.0, time.time() - mtime)
    info["stale"] = info["heartbeat_age"] > stale_after()
    return info


def _parse(raw: bytes) -> dict:
    try:
        info = json.loads(raw)
    except ValueError:
        return {}
    return info if isinstance(info, dict) else {}


class LeaderLock:
    """A lease held by at most one scheduler per installation.

    `acquire()` is called every tick: it takes a free (or stale) lease, renews
    the one this process holds (the heartbeat), and answers whether this
    process leads. `release()` gives it up."""

    def __init__(self):
        self.token = uuid.uuid4().hex
        self.info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": None,
            "token": self.token,
        }
        self._fd: int | None = None
        self._redis = None
        self._value: str | None = None
        self._last_reported: str | None = None
        self._last_holder: dict | None = None

    # -- public -----------------------------------------------------------------

    def acquire(self) -> bool:
        if settings.REDIS_URL:
            return self._acquire_redis()
        return self._acquire_file()

    def release(self) -> None:
        if self._value is not None and self._redis is not None:
            with contextlib.suppress(Exception):
                self._redis.eval(_RELEASE, 1, REDIS_LEASE_KEY, self._value)
            self._value = None
            logger.info("scheduler: released the leader lease")
        if self._fd is not None:
            if self._still_ours():
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, 0)
                logger.info("scheduler: released the leader lock")
            self._close()

    # -- reporting ----------------------------------------------------------------

    def _standing_by(self, holder: dict | None) -> None:
        who = (holder or {}).get("token") or "unknown"
        if who == self._last_reported:
            return
        self._last_reported = who
        self._last_holder = holder
        logger.warning(
            "scheduler: standing by, the scheduler lock is held by %s; scheduled "
            "publishing runs there (this server takes over if it stops "
            "renewing the lock for %.0f s)",
            describe(holder),
            stale_after(),
        )

    def _leading(self, how: str) -> None:
        self._last_reported = None
        logger.info(
            "scheduler: %s the leader lock (pid %s on host %s)",
            how,
            self.info["pid"],
            self.info["host"],
        )

    # -- Redis ----------------------------------------------------------------------

    def _acquire_redis(self) -> bool:
        try:
            leading = self._try_redis()
        except Exception as error:  # noqa: BLE001 - no Redis, no leadership this round
            # The lease value is kept: if Redis comes back with it, we renew it.
            _redis_outage.failed(error)
            return False
        _redis_outage.recovered()
        return leading

    def _try_redis(self) -> bool:
        ttl = max(2, int(round(stale_after())))
        if self._redis is None:
            self._redis = _redis()
        if self._value is not None:
            if self._redis.eval(_RENEW, 1, REDIS_LEASE_KEY, self._value, ttl):
                return True
            logger.warning("scheduler: lost the leader lease (it expired)")
            self._value = None
        self.info["since"] = _now_iso()
        value = json.dumps(self.info)
        if self._redis.set(REDIS_LEASE_KEY, value, nx=True, ex=ttl):
            self._value = value
            if self._last_holder:
                previous = dict(self._last_holder, heartbeat_age=None)
                logger.warning(
                    "scheduler: took the scheduler lease, held before by %s "
                    "(released, or expired: stopped, hung or dead server)",
                    describe(previous),
                )
                self._last_holder = None
            self._leading("took")
            return True
        holder = current_holder()
        self._standing_by(holder)
        return False

    # -- file -----------------------------------------------------------------------

    def _still_ours(self) -> bool:
        try:
            mine = os.fstat(self._fd)
            there = os.stat(_lock_path())
        except OSError:
            return False
        return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)

    def _close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing drops the flock
            self._fd = None

    def _write_info(self, fd: int) -> None:
        self.info["since"] = _now_iso()
        data = json.dumps(self.info).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
        os.utime(fd)

    def _acquire_file(self) -> bool:
        path = _lock_path()
        if self._fd is not None:
            if self._still_ours():
                with contextlib.suppress(OSError):
                    os.utime(self._fd)  # the heartbeat
                return True
            logger.warning(
                "scheduler: lost the leader lock: another server took it over "
                "(this one had stopped renewing it); now held by %s",
                describe(current_holder()),
            )
            self._close()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return self._take_over_if_stale()
        self._fd = fd
        if not self._still_ours():  # replaced between open and flock
            self._close()
            return False
        self._write_info(fd)
        self._leading("took")
        return True

    def _take_over_if_stale(self) -> bool:
        """The lock is flocked by a live process. If that process has not
        renewed it for the stale limit (hung, stopped), replace the lock file:
        the hung holder keeps its flock on the old, unlinked file and steps
        down when it wakes up and finds the file replaced."""
        path = _lock_path()
        holder = current_holder()
        if holder is None or not holder.get("stale"):
            self._standing_by(holder)
            return False
        guard = os.open(path.with_suffix(".takeover"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(guard, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # another server is taking over right now
            holder = current_holder()
            if holder is None or not holder.get("stale"):
                return False  # renewed or released meanwhile; retry next tick
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{self.token[:8]}")
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._write_info(fd)
            os.replace(tmp, path)
            self._fd = fd
        finally:
            os.close(guard)
        logger.warning(
            "scheduler: took over the scheduler lock from %s: it stopped renewing "
            "it (hung or stopped server)",
            describe(holder),
        )
        self._leading("took over")
        return True


# -- last runs, for the admin --


def _runs_path() -> Path:
    return Path(settings.DATA_DIR) / "scheduler-runs.json"


_runs_lock = threading.Lock()


def record_run(name: str, started: float, finished: float, error: str = "") -> None:
    entry = {
        "started": datetime.fromtimestamp(started, UTC).isoformat(),
        "seconds": round(finished - started, 3),
        "ok": not error,
        "error": error[:500],
        "pid": os.getpid(),
        "host": socket.gethostname(),
    }
    try:
        if settings.REDIS_URL:
            _redis().hset(REDIS_RUNS_KEY, name, json.dumps(entry))
            return
        with _runs_lock:
            path = _runs_path()
            runs = last_runs()
            runs[name] = entry
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(runs))
            os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - bookkeeping must never stop a job
        logger.warning("scheduler: could not record the run of %s", name)


def last_runs() -> dict[str, dict]:
    """The last run of each job (by whichever server led then)."""
    try:
        if settings.REDIS_URL:
            raw = _redis().hgetall(REDIS_RUNS_KEY)
            return {k.decode(): _parse(v) for k, v in raw.items()}
        return _parse(_runs_path().read_bytes())
    except Exception:  # noqa: BLE001 - nothing recorded yet, or unreadable
        return {}


# -- the scheduler --


class Scheduler:
    def __init__(self, jobs: list[Job] | None = None, tick: float = 1.0):
        # Copies: each scheduler keeps its own next-run times.
        self.jobs = [replace(job) for job in (jobs or DEFAULT_JOBS)]
        self.tick = tick
        self.stopping = threading.Event()
        self.leading = threading.Event()
        self.lock = LeaderLock()
        self.thread: threading.Thread | None = None
        self.lanes: list[threading.Thread] = []

    def run_job_if_due(self, job: Job, now: float | None = None) -> bool:
        """Run `job` if its interval has passed; True if it ran and succeeded."""
        now = time.monotonic() if now is None else now
        if job.next_run > now:
            return False
        job.next_run = now + job.interval
        started = time.time()
        error = ""
        try:
            job.run()
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the rest
            logger.exception("scheduler: job %s failed", job.name)
            error = f"{type(exc).__name__}: {exc}"
        record_run(job.name, started, time.time(), error)
        return not error

    def run_due(self, now: float | None = None) -> list[str]:
        """Run every due job once, here and now (in order), if this process
        leads; the names of the jobs that ran and succeeded."""
        if not self.lock.acquire():
            return []
        return [job.name for job in self.jobs if self.run_job_if_due(job, now)]

    # -- threads ----------------------------------------------------------------------

    def heartbeat(self) -> None:
        """Renew (or take) the lease every tick; lanes run only while leading."""
        while not self.stopping.is_set():
            if self.lock.acquire():
                self.leading.set()
            else:
                self.leading.clear()
            self.stopping.wait(self.tick)
        self.leading.clear()

    def lane(self, job: Job) -> None:
        while not self.stopping.is_set():
            if self.leading.is_set():
                close_old_connections()
                try:
                    self.run_job_if_due(job)
                finally:
                    close_old_connections()
            self.stopping.wait(self.tick)

    def start(self) -> None:
        logger.info("scheduler: started with %s", ", ".join(j.name for j in self.jobs))
        self.thread = threading.Thread(
            target=self.heartbeat, name="masthead-scheduler", daemon=True
        )
        self.thread.start()
        for job in self.jobs:
            lane = threading.Thread(
                target=self.lane, args=(job,), name=f"masthead-{job.name}", daemon=True
            )
            lane.start()
            self.lanes.append(lane)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop starting jobs, give running ones `timeout` seconds, and release
        the lease either way (a stuck job must not keep it)."""
        self.stopping.set()
        deadline = time.monotonic() + timeout
        for thread in [self.thread, *self.lanes]:
            if thread is not None:
                thread.join(max(0.0, deadline - time.monotonic()))
        self.leading.clear()
        self.lock.release()
