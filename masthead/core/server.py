"""`masthead serve`: granian serving the WSGI app, static and media files, plus
the scheduler and a background-task worker in this (the parent) process."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .stopping import stop_requests

logger = logging.getLogger("masthead.server")


def pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def granian_command(*, host: str, port: int, workers: int) -> list[str]:
    # Of the media, only Wagtail's renditions are files readers may fetch:
    # original pictures and documents are never served as files.
    renditions = Path(settings.MEDIA_ROOT) / "images"
    renditions.mkdir(parents=True, exist_ok=True)  # granian needs it to exist
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        # Threads per worker running the WSGI app: at most RENDERS_PER_WORKER
        # of them render at once, the others answer hits meanwhile.
        "--blocking-threads",
        "8",
        "--backlog",
        "2048",
        "--no-ws",
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        "10",
        "--static-path-route",
        settings.STATIC_URL.rstrip("/"),
        "--static-path-mount",
        str(settings.STATIC_ROOT),
        "--static-path-route",
        settings.MEDIA_URL + "images",
        "--static-path-mount",
        str(renditions),
        "--static-path-expires",
        str(7 * 86400),
        "--log-level",
        "warning",
        "masthead.wsgi:application",
    ]


def _stop_with_parent() -> None:
    """In the granian child: get SIGTERM if `masthead serve` dies, even by
    SIGKILL, so no orphaned server keeps the port (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(
            1, signal.SIGTERM
        )  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# Stopping: SIGTERM to granian, then SIGKILL to its process group if it has
# not ended after STOP_GRACE seconds; every process is gone within 30 s.
STOP_GRACE = 15.0
STOP_KILL_WAIT = 5.0


def stop_granian(server: subprocess.Popen, grace: float = STOP_GRACE) -> int:
    """End granian and its workers within `grace` (+ a few) seconds, whatever
    state they are in (a hung main process after its workers died included)."""
    if server.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        logger.warning(
            "granian did not stop within %.0f s of SIGTERM; killing it", grace
        )
    finally:
        # Workers left behind by a main process that died or hung.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(server.pid, signal.SIGKILL)
    try:
        return server.wait(timeout=STOP_KILL_WAIT)
    except subprocess.TimeoutExpired:
        return -signal.SIGKILL


# How often the store the workers share their pages in is pruned.
PRUNE_EVERY = 60.0


def prune_pages(stopping: threading.Event) -> None:
    """Keep the shared page store (files under the data dir) within its
    bounds: pages past their grace go, then the oldest past its size."""
    from .pagestore import prune_page_store

    while not stopping.wait(PRUNE_EVERY):
        try:
            prune_page_store()
        except Exception:  # the next round tries again
            logger.exception("pruning the shared page store failed")


# Work every server does for itself, not only the leader (the scheduler's
# jobs run on one server): apps register it from their ready(), e.g. the
# audience app folding its own spool of beacons into the counts. Each service
# runs in a daemon thread of this process every `interval` seconds, and once
# more after granian has stopped, so what the workers wrote last is not left.
SERVICES: dict[str, tuple[float, Callable[[], None]]] = {}
FINAL: dict[str, Callable[[], None]] = {}


def register_service(
    name: str,
    interval: float,
    func: Callable[[], None],
    *,
    final: Callable[[], None] | None = None,
) -> None:
    """Have every `masthead serve` run `func` every `interval` seconds, and
    `final` (or `func`) once the workers have stopped. Registering a name
    again replaces it (ready() may run twice)."""
    SERVICES[name] = (interval, func)
    FINAL[name] = final or func


def _run_service(name: str, func: Callable[[], None]) -> None:
    try:
        func()
    except Exception:  # the next round tries again
        logger.exception("service %s failed", name)


def _service_loop(name, interval, func, stopping: threading.Event) -> None:
    while not stopping.wait(interval):
        _run_service(name, func)


def start_services(stopping: threading.Event) -> None:
    for name, (interval, func) in SERVICES.items():
        threading.Thread(
            target=_service_loop,
            args=(name, interval, func, stopping),
            name=f"service-{name}",
            daemon=True,
        ).start()


def finish_services() -> None:
    for name in SERVICES:
        _run_service(name, FINAL[name])


def run_server(
    *,
    host: str,
    port: int,
    workers: int | None = None,
    worker: bool = True,
    stopping: threading.Event | None = None,
) -> int:
    from .scheduler import Scheduler
    from .worker import Worker

    workers = workers or max(2, os.cpu_count() or 1)
    pending = pending_migrations()
    if pending:
        print(
            f"masthead: {pending} database migration(s) are not applied; "
            "run `masthead manage migrate` first.",
            file=sys.stderr,
        )
        return 2
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    connection.close()

    stopping = stopping or stop_requests()
    if stopping.is_set():
        print("masthead: stopped before serving", flush=True)
        return 0
    # granian's workers inherit this environment, so they load the same settings.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.production")
    # granian runs in its own process group: Ctrl-C or a SIGTERM to ours
    # reaches only this process, which stops granian in order (its workers
    # killed by the signal at once left granian's main process hanging).
    server = subprocess.Popen(
        granian_command(host=host, port=port, workers=workers),
        preexec_fn=_stop_with_parent,
        process_group=0,
    )
    scheduler = Scheduler()
    scheduler.start()
    # The task worker is a thread of this process, like the scheduler's lanes,
    # not a child process: this process has Django loaded and idles, so the
    # worker costs no second interpreter, and it stops with the rest on the
    # same path (a task stuck past the grace cannot outlive the daemon thread;
    # the next worker requeues it). Deployments that want tasks isolated from
    # serving run `masthead serve --no-worker` and `masthead worker`.
    task_worker = Worker() if worker else None
    worker_thread = task_worker.start_thread() if task_worker else None
    threading.Thread(
        target=prune_pages, args=(stopping,), name="page-store-pruner", daemon=True
    ).start()
    start_services(stopping)
    print(
        f"masthead: serving on http://{host}:{port}/ with {workers} workers", flush=True
    )
    try:
        while not stopping.is_set() and server.poll() is None:
            stopping.wait(0.5)
    finally:
        # Serving has stopped: let another server lead at once, then end
        # granian (both bounded).
        if server.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                server.send_signal(signal.SIGTERM)
        if task_worker is not None:
            task_worker.stop()
        scheduler.stop()
        code = stop_granian(server)
        # The workers are gone: what they wrote last is handled now.
        finish_services()
        if worker_thread is not None:
            # The task in hand may finish within what is left of the grace.
            worker_thread.join(STOP_KILL_WAIT)
    print("masthead: stopped", flush=True)
    if stopping.is_set():
        return 0  # asked to stop, and stopped
    return (
        0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else (code if code > 0 else 1)
    )
