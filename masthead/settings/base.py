"""Settings shared by every environment.

Everything that varies between installations is read from the environment here,
in one place; `dev`, `test` and `production` only change defaults. No other
module under masthead/ reads os.environ (tests/test_environment.py checks it):
they read these settings, so a variable's name, default and parsing live here.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_optional_flag(name: str) -> bool | None:
    """A flag whose default another settings module decides: None when unset."""
    value = os.environ.get(name, "")
    return env_flag(name) if value else None


def env_list(name: str, default: str = "") -> list[str]:
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("MASTHEAD_DATA_DIR") or BASE_DIR / "var").resolve()
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
DEBUG = env_flag("MASTHEAD_DEBUG")
SECRET_KEY = os.environ.get("MASTHEAD_SECRET_KEY", "")
# Demo mode (`make demo`, `masthead demo`): plain HTTP on 127.0.0.1, a key kept
# under the data dir, two-factor sign-in optional (settings/production.py).
MASTHEAD_DEMO = env_flag("MASTHEAD_DEMO")
# `masthead serve` listens here unless --host/--port say otherwise; the demo's
# admin link uses the port.
MASTHEAD_SERVE_HOST = os.environ.get("HOST") or "127.0.0.1"
MASTHEAD_SERVE_PORT = int(os.environ.get("PORT") or 8000)
ALLOWED_HOSTS = env_list("MASTHEAD_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
MASTHEAD_BASE_URL = os.environ.get("MASTHEAD_BASE_URL", "").rstrip("/")
# Wire feeds and pictures are fetched only from public addresses (no SSRF);
# a newsroom whose wire server sits on its own network turns this on.
MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS = os.environ.get(
    "MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS", ""
).lower() in ("1", "true", "yes")
# Wire folder sources must lie (symlinks resolved) under these folders:
# absolute paths separated by ":" or ","; empty means $MASTHEAD_DATA_DIR/wire
# (see masthead/wire/roots.py).
MASTHEAD_WIRE_ROOTS = [
    Path(root.strip())
    for root in os.environ.get("MASTHEAD_WIRE_ROOTS", "").replace(",", ":").split(":")
    if root.strip()
]
if any(not root.is_absolute() for root in MASTHEAD_WIRE_ROOTS):
    raise ValueError("MASTHEAD_WIRE_ROOTS takes absolute paths only")
TIME_ZONE = os.environ.get("MASTHEAD_TIME_ZONE", "Asia/Dhaka")

INSTALLED_APPS = [
    "masthead.core",
    "masthead.multimedia",
    "masthead.editions",
    "masthead.newsroom",
    "masthead.audience",
    "masthead.frontpage",
    "masthead.wire",
    "masthead.syndication",
    "masthead.api",
    "masthead.search",
    "masthead.demo",
    "masthead.accounts",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    # "Translate" on a story: its counterpart in the other edition, linked by
    # Wagtail's translation key (hreflang, the language switch).
    "wagtail.contrib.simple_translation",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Wagtail's admin filters (date ranges in reports and listings) render
    # django-filter's widget templates.
    "django_filters",
    # django-ninja: /api/v1/docs uses its bundled Swagger UI (static files),
    # never a CDN.
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The task queue: Wagtail enqueues reference-index updates, cache purges and
    # file deletions; masthead/core/worker.py runs them.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "masthead.accounts.middleware.SecurityHeadersMiddleware",
    "masthead.core.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "masthead.editions.middleware.EditionLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "masthead.frontpage.middleware.CachedSiteMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "masthead.accounts.middleware.EditorSessionMiddleware",
    "masthead.accounts.middleware.TwoFactorMiddleware",
    "masthead.accounts.middleware.SecurityAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login refused by django-axes into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "masthead.frontpage.context_processors.chrome",
            ],
        },
    },
]

# Database: embedded SQLite under the data dir, or PostgreSQL via DATABASE_URL.
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=60, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "masthead.sqlite3",
            # Each server thread keeps its connection: a new one per request
            # ran the PRAGMAs below, parsed the schema again and started with
            # an empty page cache (about 1.5 ms of every cold render).
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue
                # on the busy timeout instead of failing with "database is locked"
                # half-way through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA temp_store=MEMORY;"
                    "PRAGMA mmap_size=134217728;"
                    "PRAGMA cache_size=-32000;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when configured, otherwise a file cache shared by
# every worker process of `masthead serve`, and database-backed sessions.
# Redis is not a single point of failure: while it is unreachable the cache
# fails open (misses render, writes are skipped, a warning on masthead.cache
# every 30 s; masthead/core/cache_backends.py). Editors' sessions are kept in
# the database and cached in Redis, so an outage signs nobody out and signing
# in still works; readers have no session.
# Redis answers in well under a millisecond: a quarter of a second means it
# is gone, and a page render must not wait longer than that for it.
REDIS_SOCKET_TIMEOUT = 0.25
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "masthead.core.cache_backends.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "masthead",
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache" / "django"),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        # Wagtail looks every rendition up here on each render: keep it in
        # process memory (the file cache lists its folder on every write).
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Rendered story cards (masthead_tags.story_card), kept under each story's
# purge version: in process memory, on both legs. A card is cheap to render
# once per worker, and read many times per page: no file or network round
# trip for each.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 10000},
}

_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + "UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Editions: English first; the Bangla edition is a Wagtail locale of the same
# tree, served under /bn/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("bn", _("Bangla"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
# Bangla dates and digit grouping as Bangladeshi dailies write them.
FORMAT_MODULE_PATH = ["masthead.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}
# Serve /media/ through Django (dev, tests); `masthead serve` serves it itself.
MASTHEAD_SERVE_MEDIA = False

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o644

WAGTAIL_SITE_NAME = "Masthead"
# The page model of an edition's front page (the site root and its
# translations): the editions app finds it here instead of importing frontpage.
MASTHEAD_EDITION_PAGE_MODEL = "frontpage.HomePage"
WAGTAILADMIN_BASE_URL = MASTHEAD_BASE_URL or "http://127.0.0.1:8000"
WAGTAILIMAGES_IMAGE_MODEL = "multimedia.NewsImage"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "masthead.multimedia.forms.ImageForm"
# Decompression bombs: at most this many pixels (width x height x frames) on
# every image path (upload form, wire pictures, code); see multimedia/images.py.
# Make a newly published story's picture renditions in a background task,
# before its first readers ask for them.
MASTHEAD_PREPARE_RENDITIONS = env_flag("MASTHEAD_PREPARE_RENDITIONS", True)
MASTHEAD_IMAGE_MAX_PIXELS = int(
    os.environ.get("MASTHEAD_IMAGE_MAX_PIXELS") or 40_000_000
)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = MASTHEAD_IMAGE_MAX_PIXELS
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
# Documents are served only through Wagtail's view (collection privacy), as
# sandboxed, private downloads (masthead/multimedia/documents.py), never from
# /media/; uploads are capped.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_DOCUMENT_FORM_BASE = "masthead.multimedia.documents.DocumentForm"
MASTHEAD_DOCUMENT_MAX_UPLOAD_SIZE = int(
    os.environ.get("MASTHEAD_DOCUMENT_MAX_UPLOAD_SIZE") or 20 * 1024 * 1024
)
# Wagtail's own index (the admin's search). Readers search masthead.search's
# index (SQLite FTS5 / PostgreSQL full text, Bengali-aware). For a large
# archive, point this at OpenSearch ("wagtail.search.backends.opensearch3",
# with "URLS") and readers' search goes through it too (see the README).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

# The public page cache: see masthead/core/hotcache.py.
MASTHEAD_PAGE_CACHE = {
    # How long a rendered page is fresh in the origin's own cache: the bound
    # on how stale the rails on a page (Top Stories, Latest) may be, since a
    # publish purges only the pages that list the story (see README).
    "TTL": 60,
    # After that, or after a soft purge, it is served stale for this long
    # while one request renders it again.
    "GRACE": 300,
    # What a CDN may do (Cache-Control on public pages).
    "MAX_AGE": 60,
    "S_MAXAGE": 300,
    "STALE_WHILE_REVALIDATE": 600,
    "STALE_IF_ERROR": 86400,
    # How often a worker reads the shared purge log (seconds).
    "PURGE_CHECK_INTERVAL": 0.25,
    # While the purge log cannot be read (Redis down), a publish cannot reach
    # the other workers: pages are kept this long only.
    "UNAVAILABLE_TTL": 5,
    # Per worker process: a hostile reader cycling query strings only evicts.
    "MAX_ENTRIES": 5000,
    "MAX_BYTES": 96 * 1024 * 1024,
    # The store shared by the workers (files under the data dir; Redis keeps
    # its own bound): pruned to this size every minute by `masthead serve`.
    "SHARED_MAX_BYTES": 1024 * 1024 * 1024,
    # Pages rendered at once per worker process; twice as many more wait for
    # their turn (up to 10 s), the rest get 503 + Retry-After at once, while
    # hits are answered.
    "RENDERS_PER_WORKER": 2,
    # Larger responses pass through uncached (only HTML, XML and JSON are kept).
    "MAX_ENTRY_BYTES": 2 * 1024 * 1024,
    "ENABLED": True,
}
# Proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-Proto/-For are
# believed (masthead/core/hotcache.py); from anyone else those headers are
# dropped before Django sees them. Default: a proxy on the same machine.
MASTHEAD_TRUSTED_PROXIES = env_list("MASTHEAD_TRUSTED_PROXIES", "127.0.0.1,::1")
# The scheduler's leader lock: a server that has not renewed it for this many
# seconds (dead or hung) is replaced by another one.
MASTHEAD_SCHEDULER_STALE_AFTER = float(
    os.environ.get("MASTHEAD_SCHEDULER_STALE_AFTER") or 60
)

# Background tasks (django-tasks): Wagtail's reference-index updates, CDN
# purges and file deletions, and the wire polls, are queued as rows in the
# database and run by the worker in `masthead serve` or by `masthead worker`
# (masthead/core/worker.py). The database, not Redis, on every setup: on SQLite
# the embedded install needs nothing more; on PostgreSQL workers on several
# machines claim rows with SELECT ... FOR UPDATE SKIP LOCKED, and a task is
# committed in the same transaction as the publish that queued it. Queued work
# also survives a Redis restart (our Redis is a cache that keeps nothing on
# disk); RQ would need django-rq, rq-scheduler and a persistent Redis for that.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        # "wire": one task per due wire source (masthead/wire/polling.py).
        "QUEUES": ["default", "wire"],
    }
}
# A task still running this many seconds after it started is taken to be stuck
# (its worker hung, or died on another machine) and is queued again.
MASTHEAD_TASK_TIME_LIMIT = float(os.environ.get("MASTHEAD_TASK_TIME_LIMIT") or 900)
# Finished task results are kept this many days for Reports > Background tasks.
MASTHEAD_TASK_RESULTS_KEEP_DAYS = 7

# A CDN or Varnish in front: purged by surrogate key (one HTTP PURGE naming
# the keys, from a background task; masthead/core/tasks.py, README).
MASTHEAD_PURGE_URL = os.environ.get("MASTHEAD_PURGE_URL", "")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# HTTPS (readers arrive over TLS: Secure cookies, HSTS, X-Forwarded-Proto from a
# trusted proxy): settings/production.py turns it on unless MASTHEAD_HTTPS=0, or
# off by default for the demo. None here means "not set".
MASTHEAD_HTTPS = env_optional_flag("MASTHEAD_HTTPS")
MASTHEAD_HSTS_SECONDS = int(os.environ.get("MASTHEAD_HSTS_SECONDS") or 31_536_000)
MASTHEAD_HSTS_INCLUDE_SUBDOMAINS = env_flag("MASTHEAD_HSTS_INCLUDE_SUBDOMAINS")
MASTHEAD_HSTS_PRELOAD = env_flag("MASTHEAD_HSTS_PRELOAD")
# Extra origins for the admin's CSRF check (production only).
MASTHEAD_CSRF_TRUSTED_ORIGINS = env_list("MASTHEAD_CSRF_TRUSTED_ORIGINS")

# --- Sign-in security (masthead/accounts) ------------------------------------
# Editors' sessions: signed out after MASTHEAD_SESSION_IDLE seconds without a
# request and MASTHEAD_SESSION_MAX_AGE seconds after signing in, whatever they
# do. The cookie is HttpOnly and SameSite=Lax (above); Secure in production.
MASTHEAD_SESSION_IDLE = int(os.environ.get("MASTHEAD_SESSION_IDLE", 30 * 60))
MASTHEAD_SESSION_MAX_AGE = int(os.environ.get("MASTHEAD_SESSION_MAX_AGE", 12 * 3600))
SESSION_COOKIE_AGE = MASTHEAD_SESSION_MAX_AGE

# Login throttling (django-axes): the 11th wrong password in a row for one
# account from one address is refused, even if it is right, for the cool-off.
# The database handler: one counter for every worker process, on SQLite and
# PostgreSQL alike, kept across restarts (the file cache has no atomic counter).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("MASTHEAD_LOGIN_FAILURE_LIMIT", 10))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("MASTHEAD_LOGIN_COOLOFF_MINUTES", 15))
)
# Username and address together: a guesser is stopped without locking the
# editor out from the newsroom (whose staff often share one address).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_CLIENT_IP_CALLABLE = "masthead.accounts.throttle.client_ip"
AXES_ENABLE_ADMIN = False
# Page passwords and password-reset requests: counters in the shared cache.
MASTHEAD_THROTTLES = {
    # scope: (attempts, seconds)
    "page_password": (AXES_FAILURE_LIMIT, 15 * 60),
    "password_reset_ip": (20, 3600),
    "password_reset_email": (5, 3600),
}

# Two-factor sign-in (django-otp, TOTP): required for everyone who can publish;
# the demo (plain HTTP on 127.0.0.1) leaves it optional unless asked.
# None when unset: settings/production.py then decides with the HTTPS default.
MASTHEAD_2FA_REQUIRED_SET = env_optional_flag("MASTHEAD_2FA_REQUIRED")
MASTHEAD_2FA_REQUIRED = (
    not MASTHEAD_DEMO
    if MASTHEAD_2FA_REQUIRED_SET is None
    else MASTHEAD_2FA_REQUIRED_SET
)
OTP_TOTP_ISSUER = os.environ.get("MASTHEAD_2FA_ISSUER", "Masthead")
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin

# Content-Security-Policy (django-csp). Reader pages are cached and shared, so
# they carry no nonce: no inline script or style at all. Embedded players
# (YouTube, Vimeo) are https iframes. The admin has its own policy
# (masthead.accounts.middleware.ADMIN_CSP).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'", "https:"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
# Only features browsers know: an unknown one (e.g. the retired FLoC
# `interest-cohort`) is a console error in Chromium. `browsing-topics=()` is
# FLoC's successor.
MASTHEAD_PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), "
    "usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "masthead": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Failed tasks are logged on masthead.tasks with their arguments
        # (masthead/core/signal_handlers.py); django-tasks' own line repeats
        # the traceback without them.
        "django_tasks": {"level": "CRITICAL"},
        # Security events: one JSON object per line on stderr, for shipping.
        "masthead.security": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
    },
}

# Set by pytest-xdist in each test process (gw0, gw1, ...): the test settings
# give each worker its own Redis database. Unset outside the test suite.
PYTEST_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")

# Audience counting (masthead/audience): article pages report views and
# engaged reads to POST /api/v1/beacons; each beacon is one line appended to a
# spool file under $MASTHEAD_DATA_DIR/audience/spool before it is answered,
# and `masthead serve` folds the spool into the counts every FLUSH_SECONDS
# (Redis sorted sets when REDIS_URL is set, the database otherwise).
MASTHEAD_AUDIENCE = {
    # A spool segment covers this many seconds of one process's beacons ...
    "SEGMENT_SECONDS": 2,
    # ... and is flushed once it has been closed this long.
    "SETTLE_SECONDS": 2,
    "FLUSH_SECONDS": 5,
    # Beacons per client address per minute (per server process), and burst.
    "RATE_PER_MINUTE": 120,
    "BURST": 120,
    # One reader (address + browser) counts once per story and kind in this
    # time; one address at most ADDRESS_CAP times (readers behind one NAT).
    "DEDUPE_SECONDS": 30 * 60,
    "ADDRESS_CAP": 20,
    # A story needs this many in the window to be ranked. The demo, tried by
    # one person in one browser (who counts once per story), ranks from one.
    "MIN_VIEWS": int(
        os.environ.get("MASTHEAD_AUDIENCE_MIN_VIEWS") or (1 if MASTHEAD_DEMO else 3)
    ),
    "MIN_READS": int(
        os.environ.get("MASTHEAD_AUDIENCE_MIN_READS") or (1 if MASTHEAD_DEMO else 2)
    ),
    # Rankings are recomputed at most this often.
    "RANKING_SECONDS": 60,
    "MAX_BODY_BYTES": 1024,
}
