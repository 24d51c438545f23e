"""Production settings: what `masthead serve` runs with."""

import secrets

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATA_DIR,
    DEBUG,
    MASTHEAD_2FA_REQUIRED_SET,
    MASTHEAD_CSRF_TRUSTED_ORIGINS,
    MASTHEAD_DEMO,
    MASTHEAD_HSTS_INCLUDE_SUBDOMAINS,
    MASTHEAD_HSTS_PRELOAD,
    MASTHEAD_HSTS_SECONDS,
    MASTHEAD_HTTPS,
    SECRET_KEY,
)

_KEY_FROM_ENVIRONMENT = bool(SECRET_KEY)
if not SECRET_KEY:
    # The demo keeps its own key under the data dir, made once; every command
    # run against a data dir that the demo made uses it.
    key_file = DATA_DIR / "demo_secret_key"
    if MASTHEAD_DEMO or DEBUG or key_file.exists():
        if not key_file.exists():
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        SECRET_KEY = key_file.read_text().strip()
    else:
        raise ImproperlyConfigured(
            "MASTHEAD_SECRET_KEY is not set. Set it to a long random string, e.g. "
            "export MASTHEAD_SECRET_KEY=\"$(python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')\", or run `make demo` for a demo "
            "that keeps its own key under $MASTHEAD_DATA_DIR."
        )

# HTTPS is on unless MASTHEAD_HTTPS=0: readers reach the site over TLS, ended
# at the proxy/CDN in front. Turn it off only for plain-HTTP setups; the demo
# (and a data dir run with its own demo key, no MASTHEAD_SECRET_KEY) is plain
# HTTP on 127.0.0.1, so there it defaults to off.
_PLAIN_HTTP_DEFAULT = MASTHEAD_DEMO or DEBUG or not _KEY_FROM_ENVIRONMENT
HTTPS = not _PLAIN_HTTP_DEFAULT if MASTHEAD_HTTPS is None else MASTHEAD_HTTPS
# Editors who can publish sign in with a second factor (optional in the demo).
MASTHEAD_2FA_REQUIRED = (
    not _PLAIN_HTTP_DEFAULT
    if MASTHEAD_2FA_REQUIRED_SET is None
    else MASTHEAD_2FA_REQUIRED_SET
)
# Cookies: Secure with HTTPS; HttpOnly and SameSite=Lax always (settings/base.py).
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = False  # TLS ends at the proxy/CDN in front.
# Believed only from MASTHEAD_TRUSTED_PROXIES: masthead.wsgi (the page cache in
# front of Django) drops X-Forwarded-* from any other address.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = MASTHEAD_HSTS_SECONDS if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = MASTHEAD_HSTS_INCLUDE_SUBDOMAINS
SECURE_HSTS_PRELOAD = MASTHEAD_HSTS_PRELOAD
SILENCED_SYSTEM_CHECKS = [
    # HSTS for subdomains and the preload list are the operator's decision
    # (MASTHEAD_HSTS_INCLUDE_SUBDOMAINS, MASTHEAD_HSTS_PRELOAD).
    "security.W005",
    "security.W021",
    # TLS ends at the proxy or CDN in front, which does the redirect.
    "security.W008",
    # Wagtail's live preview frames the site from the admin (same origin).
    "security.W019",
]
CSRF_TRUSTED_ORIGINS = MASTHEAD_CSRF_TRUSTED_ORIGINS
