"""`masthead serve`: granian serving the WSGI app, static and media files, plus
the scheduler in this (the parent) process."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger("masthead.server")


def pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def granian_command(*, host: str, port: int, workers: int) -> list[str]:
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
        "--blocking-threads",
        "4",
        "--backlog",
        "2048",
        "--no-ws",
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        "20",
        "--static-path-route",
        settings.STATIC_URL.rstrip("/"),
        "--static-path-mount",
        str(settings.STATIC_ROOT),
        "--static-path-route",
        settings.MEDIA_URL.rstrip("/"),
        "--static-path-mount",
        str(settings.MEDIA_ROOT),
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


def run_server(*, host: str, port: int, workers: int | None = None) -> int:
    from .scheduler import Scheduler

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

    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.production")
    server = subprocess.Popen(
        granian_command(host=host, port=port, workers=workers),
        env=env,
        preexec_fn=_stop_with_parent,
    )
    scheduler = Scheduler()
    scheduler.start()
    print(
        f"masthead: serving on http://{host}:{port}/ with {workers} workers", flush=True
    )

    def stop(signum, frame):
        scheduler.stopping.set()
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        code = server.wait()
    finally:
        scheduler.stop()
    print("masthead: stopped", flush=True)
    return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else code
