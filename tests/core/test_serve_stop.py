"""Stopping `masthead serve`, and the scheduler's lock between servers: real
server processes on their own SQLite data dir (whatever DATABASE_URL says)."""

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .test_serve import BIN, REPO, free_port, run_manage, wait_until_serving

SCHEDULE = """
from datetime import timedelta
from django.utils import timezone
from tests import factories
section = factories.make_section(title="Economy")
article = factories.make_article(
    section, "Embargo lifts", slug="embargo", publish=False
)
article.go_live_at = timezone.now() + timedelta(seconds=1)
article.save_revision().publish()
"""

IS_LIVE = """
from masthead.newsroom.models import ArticlePage
print("LIVE" if ArticlePage.objects.get(slug="embargo").live else "WAITING")
"""


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def data_dir(tmp_path, migrated, cli_env):
    shutil.copy(migrated, tmp_path / "masthead.sqlite3")
    (tmp_path / "demo_secret_key").write_text("test-only-secret-for-the-serve-tests")
    env = {**cli_env, "MASTHEAD_DATA_DIR": str(tmp_path), "MASTHEAD_DEMO": "1"}
    started = []

    def serve(stale_after=4, wait=True):
        port = free_port()
        log = (tmp_path / f"serve-{port}.log").open("w+")
        server = subprocess.Popen(
            [BIN / "masthead", "serve", "--port", str(port), "--workers", "2"],
            env={**env, "MASTHEAD_SCHEDULER_STALE_AFTER": str(stale_after)},
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        server.log = log
        server.base = f"http://127.0.0.1:{port}"
        started.append(server)
        if wait:
            wait_until_serving(server.base, statuses=(200, 404))
        return server

    def output(server):
        server.log.flush()
        return Path(server.log.name).read_text()

    def manage_shell(code):
        return run_manage(env, "shell", "-c", code)

    yield {
        "path": tmp_path,
        "serve": serve,
        "output": output,
        "shell": manage_shell,
        "lock": tmp_path / "scheduler.lock",
    }
    for server in started:
        for pid in [server.pid, *descendants(server.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        server.wait(timeout=10)


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def holder_pid(lock: Path):
    try:
        return json.loads(lock.read_text() or "{}").get("pid")
    except (OSError, ValueError):
        return None


def test_sigterm_to_every_process_ends_them_all_within_30_s_and_frees_the_lock(
    data_dir,
):
    server = data_dir["serve"]()
    assert wait_for(lambda: holder_pid(data_dir["lock"]) == server.pid, 10)
    processes = {server.pid, *descendants(server.pid)}
    assert len(processes) >= 4, "masthead serve, granian and two workers"
    # What Ctrl-C to the group or a service manager does: every process of the
    # server gets the signal at once (granian's workers exit on their own).
    started = time.monotonic()
    for pid in processes:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass  # already gone (a worker that exited with its siblings): fine
    assert server.wait(timeout=30) == 0
    assert wait_for(
        lambda: not any(alive(pid) for pid in processes),
        30 - (time.monotonic() - started),
    ), [pid for pid in processes if alive(pid)]
    assert holder_pid(data_dir["lock"]) is None, "the lock is released"
    assert "stopped" in data_dir["output"](server)


def test_a_hung_server_does_not_block_scheduled_publishing(data_dir):
    hung = data_dir["serve"](stale_after=20)
    assert wait_for(lambda: holder_pid(data_dir["lock"]) == hung.pid, 10)
    os.kill(hung.pid, signal.SIGSTOP)  # hung: holds the lock, renews nothing
    stopped_at = time.monotonic()

    standby = data_dir["serve"](stale_after=20)
    data_dir["shell"](SCHEDULE)
    assert wait_for(lambda: "standing by" in data_dir["output"](standby), 10)
    log = data_dir["output"](standby)
    assert f"held by pid {hung.pid} on host " in log, log
    taken = wait_for(lambda: holder_pid(data_dir["lock"]) == standby.pid, 30)
    assert taken, data_dir["output"](standby)
    # The stale limit, plus a tick or two on a busy machine.
    assert time.monotonic() - stopped_at < 20 + 10, "within the stale limit"
    # The log line follows the lock file's new holder by a moment.
    assert wait_for(
        lambda: "took over the scheduler lock from pid" in data_dir["output"](standby),
        5,
    ), data_dir["output"](standby)
    assert wait_for(lambda: "LIVE" in data_dir["shell"](IS_LIVE), 20)

    os.kill(hung.pid, signal.SIGCONT)  # it wakes up and steps down
    assert wait_for(lambda: "lost the leader lock" in data_dir["output"](hung), 10)
    assert holder_pid(data_dir["lock"]) == standby.pid


def test_ctrl_c_while_starting_up_ends_it_cleanly(data_dir):
    server = data_dir["serve"](wait=False)
    time.sleep(0.3)  # Django is still loading
    os.killpg(server.pid, signal.SIGINT)  # Ctrl-C in the terminal
    assert server.wait(timeout=30) == 0, data_dir["output"](server)
    assert "stopped" in data_dir["output"](server)
    assert "Traceback" not in data_dir["output"](server)
    assert holder_pid(data_dir["lock"]) is None


def test_stopping_and_starting_again_and_again_leaves_nothing_behind(data_dir):
    for _ in range(3):
        server = data_dir["serve"]()
        pid = server.pid
        assert wait_for(lambda: holder_pid(data_dir["lock"]) == pid, 10)  # noqa: B023
        processes = {server.pid, *descendants(server.pid)}
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C in the terminal
        assert server.wait(timeout=30) == 0
        assert wait_for(lambda: not any(map(alive, processes)), 10)  # noqa: B023
        assert holder_pid(data_dir["lock"]) is None
