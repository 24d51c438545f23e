"""Real `masthead worker` and `masthead serve` processes running queued tasks:
killed mid-task, stopped mid-task, and on PostgreSQL with two workers.

The SQLite tests run on their own data dir (whatever DATABASE_URL says); the
PostgreSQL one runs on the test database, committed (transactional_db)."""

import os
import shutil
import signal
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django_tasks import TaskResultStatus

from .test_serve import BIN, REPO, free_port, get, run_manage
from .test_serve_stop import descendants, wait_for

TABLE = "django_tasks_database_dbtaskresult"
ENQUEUE = """
from tests.core import sample_tasks
print(sample_tasks.mark.enqueue({path!r}, {seconds}).id)
"""


@pytest.fixture
def queue(tmp_path, migrated, cli_env):
    """A demo data dir with a migrated database; start workers and servers on
    it, enqueue from other processes, read task states from the file."""
    shutil.copy(migrated, tmp_path / "masthead.sqlite3")
    (tmp_path / "demo_secret_key").write_text("test-only-secret-for-the-worker-tests")
    env = {**cli_env, "MASTHEAD_DATA_DIR": str(tmp_path), "MASTHEAD_DEMO": "1"}
    started: list[subprocess.Popen] = []

    def start(*args):
        log = (tmp_path / f"{args[0]}-{len(started)}.log").open("w+")
        process = subprocess.Popen(
            [BIN / "masthead", *args],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        process.log = log
        started.append(process)
        return process

    def output(process):
        process.log.flush()
        return Path(process.log.name).read_text()

    def enqueue(name: str, seconds: float) -> tuple[str, Path]:
        path = tmp_path / f"{name}.txt"
        code = ENQUEUE.format(path=str(path), seconds=seconds)
        output = run_manage(env, "shell", "-c", code)
        return output.strip().splitlines()[-1], path

    def status(task_id: str) -> str:
        with sqlite3.connect(tmp_path / "masthead.sqlite3", timeout=20) as db:
            row = db.execute(
                f"SELECT status FROM {TABLE} WHERE id = ?",  # noqa: S608
                (uuid.UUID(task_id).hex,),
            ).fetchone()
        return row[0] if row else ""

    yield {
        "start": start,
        "output": output,
        "enqueue": enqueue,
        "status": status,
    }
    for process in started:
        for pid in [process.pid, *descendants(process.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait(timeout=10)


def lines(path: Path) -> list[str]:
    try:
        return path.read_text().split()
    except FileNotFoundError:
        return []


def test_a_task_of_a_killed_worker_is_requeued_and_run_by_the_next(queue):
    task_id, log = queue["enqueue"]("killed", seconds=4)
    first = queue["start"]("worker")
    assert wait_for(lambda: lines(log) == ["started"], 30), queue["output"](first)
    os.killpg(first.pid, signal.SIGKILL)  # mid-task: no chance to clean up
    first.wait(timeout=10)
    assert queue["status"](task_id) == "RUNNING"

    second = queue["start"]("worker")
    assert wait_for(lambda: queue["status"](task_id) == "SUCCESSFUL", 30), queue[
        "output"
    ](second)
    assert lines(log) == ["started", "started", "done"]
    out = queue["output"](second)
    assert f"requeued task {task_id} mark(" in out
    assert f":{first.pid}:" in out, "names the dead worker"


def test_sigterm_lets_the_current_task_finish_then_the_worker_exits(queue):
    task_id, log = queue["enqueue"]("stopped", seconds=2)
    worker = queue["start"]("worker", "--interval", "0.2")
    assert wait_for(lambda: lines(log) == ["started"], 30), queue["output"](worker)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=10) == 0
    assert lines(log) == ["started", "done"]
    assert queue["status"](task_id) == "SUCCESSFUL"
    assert "worker stopped" in queue["output"](worker)


def test_an_idle_worker_stops_at_once(queue):
    worker = queue["start"]("worker")
    assert wait_for(lambda: "running" in queue["output"](worker), 30)
    started = time.monotonic()
    os.killpg(worker.pid, signal.SIGINT)  # Ctrl-C in the terminal
    assert worker.wait(timeout=10) == 0
    assert time.monotonic() - started < 3


def test_until_empty_runs_what_is_queued_then_exits(queue):
    queued = [queue["enqueue"](f"queued-{n}", seconds=0) for n in range(3)]
    worker = queue["start"]("worker", "--until-empty")
    assert worker.wait(timeout=60) == 0, queue["output"](worker)
    for task_id, log in queued:
        assert queue["status"](task_id) == "SUCCESSFUL"
        assert lines(log) == ["started", "done"]


def test_serve_runs_a_task_enqueued_by_another_process(queue):
    port = free_port()
    server = queue["start"]("serve", "--port", str(port), "--workers", "1")
    assert wait_for(lambda: _answers(port), 60), queue["output"](server)
    task_id, log = queue["enqueue"]("served", seconds=0)
    enqueued = time.monotonic()
    assert wait_for(lambda: queue["status"](task_id) == "SUCCESSFUL", 10)
    assert time.monotonic() - enqueued < 5
    assert lines(log) == ["started", "done"]
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 0


def test_serve_without_its_worker_leaves_tasks_to_masthead_worker(queue):
    port = free_port()
    server = queue["start"]("serve", "--port", str(port), "--no-worker")
    assert wait_for(lambda: _answers(port), 60), queue["output"](server)
    task_id, _ = queue["enqueue"]("unserved", seconds=0)
    time.sleep(3)
    assert queue["status"](task_id) == "READY"
    queue["start"]("worker")
    assert wait_for(lambda: queue["status"](task_id) == "SUCCESSFUL", 30)


def _answers(port: int) -> bool:
    try:
        return get(f"http://127.0.0.1:{port}/")[0] in (200, 404)
    except OSError:
        return False


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://… to run it",
)
def test_two_workers_on_postgresql_run_each_task_once(
    transactional_db, settings, tmp_path, cli_env
):
    from django_tasks import task_backends

    from . import sample_tasks
    from .test_tasks import DATABASE_TASKS

    settings.TASKS = DATABASE_TASKS
    assert task_backends["default"].__class__.__name__ == "DatabaseBackend"
    results = [
        sample_tasks.mark.enqueue(str(tmp_path / f"story-{n}.txt"), 0.2)
        for n in range(8)
    ]
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **cli_env,
        "DATABASE_URL": url,
        "MASTHEAD_DATA_DIR": str(tmp_path),
        "MASTHEAD_DEMO": "1",
    }
    workers = [
        subprocess.Popen(
            [BIN / "masthead", "worker", "--interval", "0.2"],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    try:

        def all_done():
            for result in results:
                result.refresh()
            return all(r.status == TaskResultStatus.SUCCESSFUL for r in results)

        assert wait_for(all_done, 60)
        for n in range(8):
            assert lines(tmp_path / f"story-{n}.txt") == ["started", "done"]
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            assert worker.wait(timeout=15) == 0, worker.stdout.read()


@pytest.mark.parametrize("interval", ["-1", "0", "nan", "inf", "1e9", "soon"])
def test_a_worker_refuses_an_idle_interval_that_would_spin_or_stall(interval, capsys):
    from masthead.cli import _main

    with pytest.raises(SystemExit) as stopped:
        _main(["worker", "--interval", interval])
    assert stopped.value.code == 2
    assert "--interval" in capsys.readouterr().err
