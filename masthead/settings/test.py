"""Test settings: real SQLite (or PostgreSQL/Redis when their URLs are set)."""

import re
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES, DATABASE_URL, DATABASES, PYTEST_XDIST_WORKER, REDIS_URL

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
MASTHEAD_SERVE_MEDIA = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

_TMP = Path(tempfile.mkdtemp(prefix="masthead-test-"))
DATA_DIR = _TMP
MEDIA_ROOT = _TMP / "media"
STATIC_ROOT = _TMP / "static"

if not DATABASE_URL:
    # A file, not :memory:, so WAL and the live server thread see the same data.
    DATABASES["default"]["NAME"] = _TMP / "masthead.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test.sqlite3")}
if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        },
        "fragments": CACHES["fragments"],
    }
else:
    # Each xdist worker gets its own Redis database: tests clear the cache, and
    # one worker's FLUSHDB must not log out another worker's admin session.
    _db = 1 + int(re.sub(r"\D", "", PYTEST_XDIST_WORKER) or 0) % 15
    REDIS_URL = re.sub(r"/\d*$", "", REDIS_URL.rstrip("/")) + f"/{_db}"
    CACHES["default"]["LOCATION"] = REDIS_URL
    CACHES["default"]["KEY_PREFIX"] = "masthead-test"

# Threads of the hot cache's refreshers close their connections after each
# page, so that none is left open when the test database is dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Renditions are made on first view in tests (tasks run at once here, and
# most tests do not look at pictures); tests/multimedia turns this on.
MASTHEAD_PREPARE_RENDITIONS = False
WAGTAILADMIN_BASE_URL = "http://testserver"
TESTING = True
# Tests never reach the network: wire fetches go to local test servers only.
MASTHEAD_WIRE_OFFLINE = True
# Existing admin tests sign in with force_login and no authenticator; the
# two-factor tests (tests/accounts) turn the requirement on themselves.
MASTHEAD_2FA_REQUIRED = False
# Tasks run at once, inside the test's transaction, as they always have; the
# queue tests (tests/core/test_tasks.py) switch to the database backend.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "wire"],
    }
}
