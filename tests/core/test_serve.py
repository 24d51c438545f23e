"""`masthead serve` end to end: real HTTP through granian, real worker processes.

Runs on its own SQLite data dir (whatever DATABASE_URL says) because it starts
separate server processes that must share the data with this test.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

SETUP = """
from tests import factories
section = factories.make_section(title="Economy")
article = factories.make_article(section, "Budget passes in parliament", slug="budget")
print(article.url)
"""

EDIT = """
from masthead.newsroom.models import ArticlePage
article = ArticlePage.objects.get(slug="budget")
article.title = "Budget passes after a late-night vote"
article.save_revision().publish()
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            return response.status, headers, response.read()
    except urllib.error.HTTPError as error:
        return (
            error.code,
            {k.lower(): v for k, v in error.headers.items()},
            error.read(),
        )


def wait_until_serving(base, *, statuses=(200,), timeout=60.0) -> None:
    """Until the server at `base` answers its home page with one of
    `statuses` (or `timeout` seconds pass: the test's own request then says
    what is wrong)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get(base + "/")[0] in statuses:
                return
        except OSError:
            pass
        time.sleep(0.2)


def demo_env(data_dir) -> dict:
    """The environment of a `masthead` process on its own demo data dir (SQLite,
    no Redis: these tests start real servers)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(MASTHEAD_DATA_DIR=str(data_dir), MASTHEAD_DEMO="1", PYTHONPATH=str(REPO))
    return env


def run_manage(env, *args) -> str:
    return subprocess.run(
        [BIN / "masthead", "manage", *args],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    env = demo_env(tmp_path)

    def manage(*args):
        return run_manage(env, *args)

    manage("migrate", "-v0")
    path = manage("shell", "-c", SETUP).strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        [BIN / "masthead", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so teardown can stop granian's workers too
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base)
    yield {
        "base": base,
        "path": path,
        "server": server,
        "manage": manage,
        "env": env,
    }
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def test_serve_answers_repeat_requests_from_the_hot_cache(served):
    url = served["base"] + served["path"]
    statuses = [get(url) for _ in range(20)]
    assert all(status == 200 for status, _, _ in statuses)
    # The two workers share what one of them rendered: one render in all.
    hits = [headers.get("x-cache") == "HIT" for _, headers, _ in statuses]
    assert hits == [False] + [True] * 19, hits
    assert all(b"Budget passes in parliament" in body for _, _, body in statuses)


def test_a_publish_from_another_process_is_visible_within_a_second(served):
    url = served["base"] + served["path"]
    for _ in range(6):
        get(url)
    served["manage"]("shell", "-c", EDIT)
    # The first readers after the publish may get the page from before
    # (soft purge) while it is rendered again; within a second, everyone
    # gets the new one.
    deadline = time.monotonic() + 1.0
    while b"late-night vote" not in get(url)[2] and time.monotonic() < deadline:
        time.sleep(0.02)
    bodies = [get(url)[2] for _ in range(6)]
    assert all(b"late-night vote" in body for body in bodies)


def test_serve_serves_static_and_media_files_itself(served):
    status, headers, body = get(served["base"] + "/static/masthead/css/site.css")
    assert status == 200, "the site stylesheet is collected and served"
    assert "max-age" in headers.get("cache-control", "")
    page = get(served["base"] + served["path"])[2].decode()
    media = next(part.split('"')[0] for part in page.split('src="/media/')[1:])
    assert get(served["base"] + "/media/" + media)[0] == 200


def test_serve_stops_gracefully_on_sigterm(served):
    server = served["server"]
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 0
    assert "stopped" in server.stdout.read()


def test_kept_pages_survive_a_restart_on_the_same_data(served):
    """After the server above stopped: a new one answers the story from the
    pages the old one kept, without rendering it."""
    url_path = served["path"]
    port = free_port()

    def start():
        return subprocess.Popen(
            [BIN / "masthead", "serve", "--port", str(port), "--workers", "2"],
            env=served["env"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    base = f"http://127.0.0.1:{port}"
    server = start()
    try:
        wait_until_serving(base)
        kept = get(base + url_path)[2]
        assert get(base + url_path)[1].get("x-cache") == "HIT"
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        server = start()
        wait_until_serving(base)
        status, headers, body = get(base + url_path)
        assert (status, headers.get("x-cache")) == (200, "HIT")
        assert body == kept
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
