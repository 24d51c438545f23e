"""Redis is not a single point of failure.

A private `redis-server` on a free port, so stopping it harms nobody else's
tests. In process, the cache backend is pointed at it (or at a port where
nothing listens); end to end, `masthead serve` runs with REDIS_URL set and
Redis is killed under it.
"""

import logging
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from wagtail.models import PageViewRestriction

from masthead.core import cache_backends
from masthead.core.hotcache import HotPageCache
from masthead.core.pagestore import RedisStore
from masthead.core.purge import UNAVAILABLE, PurgeReader, RedisPurgeLog
from masthead.newsroom.models import ArticlePage

from .. import factories
from .test_serve import (
    BIN,
    REPO,
    SETUP,
    demo_env,
    free_port,
    get,
    run_manage,
    wait_until_serving,
)
from .wsgi_client import wsgi_get

REDIS_SERVER = Path("/usr/bin/redis-server")

pytestmark = pytest.mark.skipif(
    not REDIS_SERVER.exists(), reason=f"{REDIS_SERVER} is not installed"
)


class PrivateRedis:
    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.kill()


@pytest.fixture
def redis_cache(settings, private_redis):
    """The site's cache settings, pointed at the private Redis."""
    settings.CACHES = {
        # As the site: rendered fragments stay in process memory.
        "fragments": settings.CACHES["fragments"],
        "default": {
            "BACKEND": "masthead.core.cache_backends.FailOpenRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "masthead-redis-down",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
    }
    cache_backends._outages.clear()
    yield caches["default"]
    cache_backends._outages.clear()


# -- in process ---------------------------------------------------------------


def test_with_redis_down_reads_miss_writes_are_skipped_and_it_comes_back(
    redis_cache, private_redis, caplog
):
    redis_cache.set("probe", "kept")
    assert redis_cache.get("probe") == "kept"
    private_redis.kill()
    with caplog.at_level(logging.WARNING, logger="masthead.cache"):
        started = time.monotonic()
        for _ in range(200):
            assert redis_cache.get("probe", "missed") == "missed"
            redis_cache.set("probe", "lost")
            assert redis_cache.add("other", 1) is False
            assert redis_cache.get_many(["probe"]) == {}
            with pytest.raises(ValueError):
                redis_cache.incr("counter")
        assert time.monotonic() - started < 1.0, "a dead Redis costs milliseconds"
    warnings = [r for r in caplog.records if r.name == "masthead.cache"]
    assert len(warnings) == 1, "one warning per 30 s, not one per call"
    assert "unreachable" in warnings[0].getMessage()

    private_redis.start()  # empty: nothing was kept on disk
    time.sleep(1.1)  # past the pause after the last failure
    redis_cache.set("probe", "again")
    assert redis_cache.get("probe") == "again"


def test_a_redis_that_never_answered_does_not_stop_the_site(
    settings, transactional_db, client, caplog
):
    settings.CACHES = {
        # As the site: rendered fragments stay in process memory.
        "fragments": settings.CACHES["fragments"],
        "default": {
            "BACKEND": "masthead.core.cache_backends.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        },
    }
    cache_backends._outages.clear()
    section = factories.make_section(title="Economy")
    story = factories.make_article(section, "Budget passes in parliament")
    secret = factories.make_article(section, "Members only briefing")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    with caplog.at_level(logging.WARNING, logger="masthead.cache"):
        assert client.get(story.url).status_code == 200
        assert client.get("/admin/login/").status_code == 200
        restriction = PageViewRestriction.objects.get(page=secret)
        wrong = client.post(
            f"/_util/authenticate_with_password/{restriction.pk}/{secret.pk}/",
            {"password": "wrong", "return_url": secret.url},
        )
        assert wrong.status_code == 200, "the page-password throttle fails open"
        assert client.post(
            "/admin/password_reset/", {"email": "editor@example.com"}
        ).status_code in (200, 302)
    assert any(r.name == "masthead.cache" for r in caplog.records)
    cache_backends._outages.clear()


def test_editors_stay_signed_in_and_can_sign_in_while_redis_is_down(
    settings, transactional_db, client, django_user_model
):
    settings.CACHES = {
        # As the site: rendered fragments stay in process memory.
        "fragments": settings.CACHES["fragments"],
        "default": {
            "BACKEND": "masthead.core.cache_backends.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache_backends._outages.clear()
    editor = django_user_model.objects.create_superuser(
        "desk", "desk@example.com", "a-long-desk-password"
    )
    signed_in = client.post(
        "/admin/login/",
        {"username": "desk", "password": "a-long-desk-password"},
    )
    assert signed_in.status_code == 302, "signing in works without Redis"
    assert client.get("/admin/").status_code == 200, "and the session holds"
    assert editor.pk
    cache_backends._outages.clear()


def test_the_hot_cache_keeps_pages_only_briefly_while_the_purge_log_is_unknown(
    settings, transactional_db, private_redis
):
    settings.MASTHEAD_PAGE_CACHE = {
        **settings.MASTHEAD_PAGE_CACHE,
        "UNAVAILABLE_TTL": 1,
    }
    section = factories.make_section(title="Economy")
    story = factories.make_article(section, "Budget passes in parliament")
    log = RedisPurgeLog(private_redis.url)
    purges = PurgeReader(log, 0.05)
    app = HotPageCache(
        WSGIHandler(), purges=purges, store=RedisStore(private_redis.url)
    )
    wsgi_get(app, story.url)
    assert wsgi_get(app, story.url).headers["x-cache"] == "HIT"

    private_redis.kill()
    time.sleep(0.1)
    purges.refresh(force=True)
    assert purges.epoch == UNAVAILABLE
    purges.append([f"p{story.pk}"], hard=False)  # cannot reach Redis: kept
    assert wsgi_get(app, story.url).status == 200
    assert wsgi_get(app, story.url).headers.get("x-cache") == "HIT"
    ArticlePage.objects.filter(pk=story.pk).update(title="Budget passes, amended")
    time.sleep(1.1)
    assert b"Budget passes, amended" in wsgi_get(app, story.url).body, (
        "pages kept while Redis is down expire within UNAVAILABLE_TTL"
    )

    private_redis.start()
    time.sleep(1.1)  # past the pause after the last failure
    purges.refresh(force=True)
    assert purges.available
    assert purges.soft.get(f"p{story.pk}"), (
        "the purge missed during the outage is written"
    )


# -- end to end: masthead serve with REDIS_URL --------------------------------


@pytest.fixture
def served_with_redis(tmp_path):
    redis = PrivateRedis(tmp_path / "redis")
    redis.directory.mkdir()
    redis.start()
    data = tmp_path / "data"
    env = demo_env(data) | {"REDIS_URL": redis.url}
    run_manage(env, "migrate", "-v0")
    path = run_manage(env, "shell", "-c", SETUP).strip().splitlines()[-1]
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [BIN / "masthead", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base)
    yield {"base": base, "path": path, "redis": redis, "log": log, "env": env}
    os.killpg(server.pid, signal.SIGKILL)
    server.wait()
    redis.kill()


def test_pages_are_served_while_redis_is_down_and_cached_again_after(
    served_with_redis,
):
    base, redis = served_with_redis["base"], served_with_redis["redis"]
    paths = ["/", served_with_redis["path"], "/latest/", "/feeds/rss.xml"]
    for path in [*paths, *paths]:
        assert get(base + path)[0] == 200, path
    assert get(base + "/admin/login/")[0] == 200

    redis.kill()
    time.sleep(0.5)  # the workers notice: the purge log is unreadable
    for path in [*paths, "/admin/login/", "/no/such/story/"]:
        started = time.monotonic()
        status, headers, body = get(base + path)
        took = time.monotonic() - started
        assert status == (404 if path.startswith("/no/") else 200), (path, body[:300])
        assert took < 1.0, (path, took)
    assert b"Budget passes in parliament" in get(base + served_with_redis["path"])[2]

    # A publish while Redis is down cannot reach the workers; it shows within
    # UNAVAILABLE_TTL (5 s) all the same.
    run_manage(
        served_with_redis["env"],
        "shell",
        "-c",
        "from masthead.newsroom.models import ArticlePage\n"
        "a = ArticlePage.objects.get(slug='budget')\n"
        "a.title = 'Budget passes after a late-night vote'\n"
        "a.save_revision().publish()\n",
    )
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        bodies = [get(base + served_with_redis["path"])[2] for _ in range(4)]
        if all(b"late-night vote" in body for body in bodies):
            break
        time.sleep(0.5)
    assert all(b"late-night vote" in body for body in bodies)

    log = served_with_redis["log"].read_text()
    assert "cache: Redis is unreachable" in log
    # Rate-limited per process: the two workers, and the server's task worker
    # (it makes the updated story's renditions, through the renditions cache).
    assert log.count("cache: Redis is unreachable") <= 6, "rate-limited per process"
    assert "Traceback" not in log

    redis.start()
    deadline = time.monotonic() + 5
    hits = 0
    while time.monotonic() < deadline and hits < 3:
        if get(base + served_with_redis["path"])[1].get("x-cache") == "HIT":
            hits += 1
        time.sleep(0.1)
    assert hits >= 3, "the hot cache keeps pages again once Redis is back"
