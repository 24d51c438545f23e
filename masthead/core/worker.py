"""The background-task worker: runs what Wagtail and the apps queue with
django-tasks (reference-index updates, CDN purges, file deletions, wire polls).

Claiming a task is django-tasks-db's job (`Worker` in its `db_worker`
command: one row at a time in a transaction, SKIP LOCKED on PostgreSQL, an
exclusive transaction on SQLite); this module only adds what a newsroom that
must not lose a purge needs around it:

- a worker id that names the host, the pid and the process's start time, so a
  task left RUNNING by a worker that died (SIGKILL, OOM, power cut) can be told
  from one that is still at work, even once the pid has been reused;
- `requeue_abandoned()`, run at start and every REQUEUE_EVERY seconds: such a
  task, or one running for longer than MASTHEAD_TASK_TIME_LIMIT seconds (its
  worker hung, or died on another machine), goes back to READY. Tasks may thus
  run twice; ours are written to be safe when they do;
- a stop that finishes the task in hand: `stop()` (SIGTERM or Ctrl-C in
  `masthead worker`, serving stopping in `masthead serve`) lets the current task
  end and takes no other. A second signal exits at once; the task it leaves
  RUNNING is requeued by the next worker on this host.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("masthead.tasks")

# How often a worker looks for tasks whose worker died or that ran too long.
REQUEUE_EVERY = 30.0
# Tasks run between two of those looks when the queue never empties.
TASKS_PER_ROUND = 10
WORKER_ID_LENGTH = 64  # DBTaskResult keeps worker ids up to 64 characters


def process_start(pid: int) -> str | None:
    """When the kernel started process `pid` (clock ticks since boot, as
    /proc/<pid>/stat says); None when no such live process exists. Where there
    is no /proc, "0" for any live pid (the pid alone then identifies it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # alive, someone else's
        return "0"
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] in ("Z", "X"):  # a zombie has finished running
        return None
    return fields[19]  # field 22, starttime, counting from the state (field 3)


def make_worker_id() -> str:
    """`host:pid:start:suffix`, at most 64 characters. The suffix tells apart
    the workers of one process (threads); the host is shortened to fit."""
    pid = os.getpid()
    tail = f":{pid}:{process_start(pid) or '0'}:{secrets.token_hex(3)}"
    host = socket.gethostname().replace(":", "-")
    return host[: WORKER_ID_LENGTH - len(tail)] + tail


def worker_is_gone(worker_id: str) -> bool:
    """True when `worker_id` names a worker on this host whose process has
    ended (its pid is gone, or belongs to a process started later). False when
    it is alive, runs elsewhere, or the id is not one of ours: those only the
    time limit can judge."""
    parts = worker_id.rsplit(":", 3)
    if len(parts) != 4 or not parts[1].isdigit():
        return False
    host, pid, started, _suffix = parts
    here = socket.gethostname().replace(":", "-")
    if not here.startswith(host) or not host:
        return False
    return process_start(int(pid)) != started


def task_label(result: DBTaskResult) -> str:
    """The task's name and arguments, as the logs and the admin show them."""
    args = result.args_kwargs or {}
    shown = [repr(arg) for arg in args.get("args", [])]
    shown += [f"{key}={value!r}" for key, value in args.get("kwargs", {}).items()]
    return f"{result.task_name}({', '.join(shown)})"


def requeue_abandoned(*, time_limit: float | None = None) -> int:
    """Put tasks that will never finish back in the queue: RUNNING ones whose
    worker on this host has died, and RUNNING ones started more than
    `time_limit` seconds ago (MASTHEAD_TASK_TIME_LIMIT). The number requeued."""
    limit = settings.MASTHEAD_TASK_TIME_LIMIT if time_limit is None else time_limit
    too_old = timezone.now() - timedelta(seconds=limit)
    requeued = 0
    for result in DBTaskResult.objects.running().order_by("started_at"):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if result.started_at is not None and result.started_at < too_old:
            reason = f"it has been running for more than {limit:.0f} s"
        elif worker_is_gone(worker):
            reason = f"its worker {worker} is gone"
        else:
            continue
        # Only if nobody finished or requeued it meanwhile.
        changed = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
        if changed:
            requeued += 1
            logger.warning(
                "tasks: requeued task %s %s: %s", result.pk, task_label(result), reason
            )
    return requeued


def prune_finished_results(*, keep_days: int | None = None) -> int:
    """Delete successful and failed task results that finished more than
    `keep_days` (MASTHEAD_TASK_RESULTS_KEEP_DAYS) ago; the number deleted."""
    days = settings.MASTHEAD_TASK_RESULTS_KEEP_DAYS if keep_days is None else keep_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=cutoff,
    ).delete()
    if deleted:
        logger.info("tasks: pruned %s task results older than %s days", deleted, days)
    return deleted


class Worker(DatabaseWorker):
    """django-tasks-db's worker, run in rounds of at most TASKS_PER_ROUND
    tasks (its batch mode), with a look for abandoned tasks between rounds and
    a stop that can come from any thread."""

    def __init__(
        self,
        *,
        queue_names: list[str] | None = None,
        interval: float = 1.0,
        backend_name: str = DEFAULT_TASK_BACKEND_ALIAS,
    ):
        super().__init__(
            queue_names=queue_names or ["*"],
            interval=interval,
            batch=True,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=TASKS_PER_ROUND,
            worker_id=make_worker_id(),
            excluded_queue_names=[],
        )
        self.stopping = threading.Event()
        self.stopped = threading.Event()
        self._next_requeue = 0.0

    def stop(self) -> None:
        """Take no new task; the one running now finishes."""
        self.running = False
        self.stopping.set()

    def run_forever(self, *, until_empty: bool = False) -> None:
        logger.info(
            "tasks: worker %s started (queues %s)",
            self.worker_id,
            ",".join(self.queue_names),
        )
        try:
            while not self.stopping.is_set():
                self._requeue_if_due()
                self._run_tasks = 0
                try:
                    self.run()  # batch mode: returns once the queue is empty
                except DatabaseError:
                    logger.exception("tasks: worker %s: database error", self.worker_id)
                drained = self._run_tasks < TASKS_PER_ROUND
                if drained and until_empty:
                    break
                if drained and not self.stopping.is_set():
                    self.stopping.wait(self.interval)
        finally:
            connection.close()
            self.stopped.set()
            logger.info("tasks: worker %s stopped", self.worker_id)

    def _requeue_if_due(self) -> None:
        now = time.monotonic()
        if now < self._next_requeue:
            return
        self._next_requeue = now + REQUEUE_EVERY
        try:
            requeue_abandoned()
        except DatabaseError:
            logger.exception("tasks: could not look for abandoned tasks")

    # -- in masthead serve ------------------------------------------------------

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(
            target=self.run_forever, name="masthead-worker", daemon=True
        )
        thread.start()
        return thread


def run_worker(
    *,
    queue_names: list[str] | None = None,
    interval: float = 1.0,
    until_empty: bool = False,
) -> int:
    """`masthead worker`: a worker in the foreground until SIGTERM or Ctrl-C,
    which finish the current task; a second one exits at once. `until_empty`
    returns once the queue is empty (after a bulk load, or from cron)."""
    from .server import pending_migrations

    if pending_migrations():
        print(
            "masthead: database migrations are not applied; "
            "run `masthead manage migrate` first.",
            file=sys.stderr,
        )
        return 2
    connection.close()
    worker = Worker(queue_names=queue_names, interval=interval)

    def on_signal(signum, frame):
        name = signal.strsignal(signum)
        if worker.stopping.is_set():
            logger.warning(
                "tasks: %s again, exiting now; the task in hand is requeued by "
                "the next worker on this host",
                name,
            )
            os._exit(1)
        logger.warning("tasks: %s, stopping after the current task", name)
        worker.stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"masthead: worker {worker.worker_id} running", flush=True)
    worker.run_forever(until_empty=until_empty)
    print("masthead: worker stopped", flush=True)
    return 0
