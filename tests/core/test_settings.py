"""Configuration read from the environment, and refusals that say what to set."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
MASTHEAD = str(Path(sys.executable).with_name("masthead"))


def run_masthead(*args, env=None, timeout=60):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MASTHEAD_", "DJANGO_"))
    }
    base.update(env or {})
    return subprocess.run(
        [MASTHEAD, *args],
        cwd=REPO,
        env=base,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_masthead("manage", "check", env={"MASTHEAD_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "MASTHEAD_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_generates_and_keeps_its_own_key(tmp_path):
    env = {"MASTHEAD_DATA_DIR": str(tmp_path), "MASTHEAD_DEMO": "1"}
    assert run_masthead("manage", "check", env=env).returncode == 0
    key = (tmp_path / "demo_secret_key").read_text()
    assert len(key) >= 50
    assert run_masthead("manage", "check", env=env).returncode == 0
    assert (tmp_path / "demo_secret_key").read_text() == key
    assert oct((tmp_path / "demo_secret_key").stat().st_mode & 0o777) == "0o600"


def test_production_deploy_check_passes_with_a_real_key(tmp_path):
    env = {
        "MASTHEAD_DATA_DIR": str(tmp_path),
        "MASTHEAD_SECRET_KEY": "k" * 20 + "Zq8!x" * 10,
        "MASTHEAD_ALLOWED_HOSTS": "news.example.com",
    }
    result = run_masthead("manage", "check", env=env)
    assert result.returncode == 0, result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    if connection.vendor != "sqlite":
        import pytest

        pytest.skip("SQLite-only: this leg runs on " + connection.vendor)
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_redis_carries_cache_and_sessions_when_configured():
    if not settings.REDIS_URL:
        import pytest

        pytest.skip("REDIS_URL is not set: the Redis leg covers this")
    from django.core.cache import cache, caches

    assert "Redis" in type(caches["default"]).__name__
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    cache.set("masthead-probe", "ok", 5)
    assert cache.get("masthead-probe") == "ok"
