"""Production settings: HTTPS on by default, an explicit opt-out for a plain-HTTP
deployment, and the demo (plain HTTP on 127.0.0.1) still usable."""

import json

import pytest

from tests.core.test_settings import run_masthead

KEY = "k" * 20 + "Zq8!x" * 10
PROBE = (
    "import json; from django.conf import settings as s; print(json.dumps(["
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
    "bool(s.SECURE_PROXY_SSL_HEADER), s.SESSION_COOKIE_HTTPONLY, "
    "s.SESSION_COOKIE_SAMESITE, s.MASTHEAD_2FA_REQUIRED]))"
)


def production_settings(tmp_path, **env):
    env = {"MASTHEAD_DATA_DIR": str(tmp_path), **env}
    result = run_masthead("manage", "shell", "-c", PROBE, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # A real deployment: HTTPS unless told otherwise.
        ({"MASTHEAD_SECRET_KEY": KEY}, [True, True, 31536000, True, True, "Lax", True]),
        # Plain HTTP behind nothing (or a proxy that does not forward the scheme).
        (
            {"MASTHEAD_SECRET_KEY": KEY, "MASTHEAD_HTTPS": "0"},
            [False, False, 0, False, True, "Lax", True],
        ),
        # `make demo`: http://127.0.0.1:8000, two-factor optional.
        ({"MASTHEAD_DEMO": "1"}, [False, False, 0, False, True, "Lax", False]),
    ],
    ids=["production", "opt-out", "demo"],
)
def test_https_and_cookie_flags(tmp_path, env, expected):
    assert production_settings(tmp_path, **env) == expected


def test_deploy_check_is_clean_with_the_defaults(tmp_path):
    env = {
        "MASTHEAD_DATA_DIR": str(tmp_path),
        "MASTHEAD_SECRET_KEY": KEY,
        "MASTHEAD_ALLOWED_HOSTS": "news.example.com",
    }
    result = run_masthead(
        "manage", "check", "--deploy", "--fail-level", "WARNING", env=env
    )
    assert result.returncode == 0, result.stderr + result.stdout
