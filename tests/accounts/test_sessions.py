"""Editors' sessions end after 30 idle minutes and 12 hours in all; readers'
pages stay cookie-free and cacheable."""

import time

import pytest

from masthead.accounts.middleware import LOGIN_AT, SEEN_AT
from tests import factories

pytestmark = pytest.mark.django_db


def age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_an_active_editor_stays_signed_in(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    age_session(client, masthead_seen_at=29 * 60, masthead_login_at=11 * 3600)
    assert client.get("/admin/").status_code == 200


def test_thirty_idle_minutes_sign_an_editor_out(client, editor, security_log):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    age_session(client, masthead_seen_at=31 * 60)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/admin/pages/")
    assert client.get("/admin/").status_code == 302
    assert security_log.named("session.expired")[0]["reason"] == "idle"


def test_twelve_hours_end_a_session_however_busy(client, editor, security_log):
    client.force_login(editor)
    client.get("/admin/")
    age_session(client, masthead_login_at=12 * 3600 + 5, masthead_seen_at=10)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert security_log.named("session.expired")[0]["reason"] == "max_age"


def test_signing_in_again_starts_a_new_lifetime(client, editor):
    client.force_login(editor)
    client.get("/admin/")
    assert client.session[LOGIN_AT] > time.time() - 60
    assert client.session[SEEN_AT] > time.time() - 60


def test_reader_pages_set_no_cookie(client):
    section = factories.make_section(title="Economy")
    story = factories.make_article(section, "Budget passes")
    response = client.get(story.url)
    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"]
