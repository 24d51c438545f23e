"""End to end through `masthead serve`: the article page comes from the page
cache, its beacons are counted by the server's own flush, and a `kill -9` of
the whole server loses no beacon it answered.

SQLite in the data dir; on the Redis leg the counts go to this test
worker's Redis database."""

import http.client
import json
import os
import re
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from tests.core.test_redis_down import REDIS_SERVER, PrivateRedis
from tests.core.test_serve import (
    BIN,
    REPO,
    SETUP,
    demo_env,
    free_port,
    get,
    run_manage,
    wait_until_serving,
)

COUNT = """
from masthead.audience.store import WINDOWS, get_store
pairs = get_store().top("v", WINDOWS["24h"], minimum=1, limit=100)
print(sum(n for _s, n in pairs))
"""


def start_server(tmp_path, redis_url):
    env = demo_env(tmp_path)
    if redis_url:
        env["REDIS_URL"] = redis_url
    run_manage(env, "migrate", "-v0")
    path = run_manage(env, "shell", "-c", SETUP).strip().splitlines()[-1]
    port = free_port()
    process = subprocess.Popen(
        [BIN / "masthead", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base)
    return {"base": base, "port": port, "path": path, "env": env, "process": process}


def stop(server):
    process = server["process"]
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture
def server(tmp_path):
    running = start_server(tmp_path, settings.REDIS_URL)
    yield running
    stop(running)


@pytest.fixture
def server_on_private_redis(tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    running = start_server(tmp_path, redis.url)
    yield running, redis
    stop(running)
    if redis.process.poll() is None:
        os.kill(redis.process.pid, signal.SIGCONT)
    redis.kill()


def post_beacons(port, beacon_path, story, first, n):
    def send(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(
            "POST",
            beacon_path,
            body=json.dumps({"story": story, "kind": "view"}),
            headers={
                "Content-Type": "text/plain",
                "User-Agent": "Mozilla/5.0 (X11) Firefox/140",
                # From the trusted proxy (127.0.0.1): one reader each.
                "X-Forwarded-For": f"198.51.100.{first + i}",
            },
        )
        status = conn.getresponse().status
        conn.close()
        return status

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(send, range(n)))


def counted(env) -> int:
    return int(run_manage(env, "shell", "-c", COUNT).strip().splitlines()[-1])


def wait_for_count(env, expected, timeout=60) -> int:
    deadline = time.monotonic() + timeout
    while (total := counted(env)) < expected and time.monotonic() < deadline:
        time.sleep(2)
    return total


def article(server) -> tuple[int, str]:
    status, _headers, body = get(server["base"] + server["path"])
    assert status == 200
    html = body.decode()
    story = int(re.search(r'data-article-id="(\d+)"', html).group(1))
    return story, re.search(r'data-beacon="([^"]+)"', html).group(1)


def test_beacons_from_a_cached_page_are_counted_and_survive_kill_9(server):
    url = server["base"] + server["path"]
    get(url)
    status, headers, body = get(url)
    assert status == 200 and headers.get("x-cache") == "HIT"
    html = body.decode()
    story = int(re.search(r'data-article-id="(\d+)"', html).group(1))
    beacon_path = re.search(r'data-beacon="([^"]+)"', html).group(1)

    statuses = post_beacons(server["port"], beacon_path, story, 1, 40)
    assert statuses == [204] * 40
    # The server's own flush counts them within seconds.
    assert wait_for_count(server["env"], 40) == 40

    statuses = post_beacons(server["port"], beacon_path, story, 101, 25)
    assert statuses == [204] * 25
    os.killpg(server["process"].pid, signal.SIGKILL)  # no final flush
    server["process"].wait()
    run_manage(server["env"], "flush_audience", "--all")
    assert counted(server["env"]) == 65


@pytest.mark.skipif(not REDIS_SERVER.exists(), reason="redis-server is missing")
def test_beacons_while_redis_hangs_are_counted_when_it_answers_again(
    server_on_private_redis,
):
    server, redis = server_on_private_redis
    story, beacon_path = article(server)
    assert post_beacons(server["port"], beacon_path, story, 1, 10) == [204] * 10
    assert wait_for_count(server["env"], 10) == 10

    os.kill(redis.process.pid, signal.SIGSTOP)  # Redis stops answering
    try:
        statuses = post_beacons(server["port"], beacon_path, story, 101, 30)
        assert statuses == [204] * 30  # accepted into the spool
        assert get(server["base"] + server["path"])[0] == 200  # pages unaffected
        time.sleep(12)  # flushes fail meanwhile; the beacons wait on disk
    finally:
        os.kill(redis.process.pid, signal.SIGCONT)
    assert wait_for_count(server["env"], 40) == 40
