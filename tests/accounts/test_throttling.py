"""Throttling and lockout: admin sign-in (django-axes), page passwords and
password-reset requests (counters in the shared cache)."""

import pytest
from wagtail.models import PageViewRestriction

from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "right-horse-battery"


def sign_in(client, password, username="editor", ip="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_eleventh_attempt_is_refused_even_with_the_right_password(
    client, editor, security_log
):
    for _ in range(10):
        response = sign_in(client, "wrong-guess")
        assert response.status_code in (200, 429)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed sign-in attempts" in text
    assert "try again later" in text
    assert not signed_in(client)
    assert security_log.named("lockout")[0]["user"] == "editor"
    assert len(security_log.named("login.failed")) >= 10
    assert not security_log.named("login.succeeded")


def test_nine_wrong_passwords_still_let_the_right_one_in(client, editor):
    for _ in range(9):
        assert sign_in(client, "wrong-guess").status_code == 200
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_a_lockout_holds_for_that_account_from_that_address_only(client, editor):
    for _ in range(10):
        sign_in(client, "wrong-guess")
    assert sign_in(client, PASSWORD).status_code == 429
    # The editor, from the newsroom's own address, still gets in.
    response = sign_in(client, PASSWORD, ip="198.51.100.20")
    assert response.status_code == 302
    assert signed_in(client)


# -- page passwords -------------------------------------------------------------


@pytest.fixture
def private_story(db):
    section = factories.make_section(title="Investigations")
    story = factories.make_article(section, "The hidden ledger")
    restriction = PageViewRestriction.objects.create(
        page=story,
        restriction_type=PageViewRestriction.PASSWORD,
        password="open-sesame",
    )
    return story, restriction


def try_page_password(client, story, restriction, password, ip="203.0.113.7"):
    url = f"/_util/authenticate_with_password/{restriction.pk}/{story.pk}/"
    return client.post(
        url, {"password": password, "return_url": story.url}, REMOTE_ADDR=ip
    )


def test_page_password_is_throttled_per_address_and_page(
    client, private_story, security_log
):
    story, restriction = private_story
    for _ in range(10):
        response = try_page_password(client, story, restriction, "guess")
        assert response.status_code == 200  # the password form again
    response = try_page_password(client, story, restriction, "open-sesame")
    assert response.status_code == 429
    assert "Too many wrong passwords for this page" in response.content.decode()
    assert "The hidden ledger" not in client.get(story.url).content.decode()
    assert security_log.named("lockout")[0]["scope"] == "page_password"

    # Another reader (another address) is not locked out.
    other = try_page_password(
        client, story, restriction, "open-sesame", ip="198.51.100.20"
    )
    assert other.status_code == 302


def test_right_page_password_within_the_limit_opens_the_story(client, private_story):
    story, restriction = private_story
    for _ in range(9):
        try_page_password(client, story, restriction, "guess")
    response = try_page_password(client, story, restriction, "open-sesame")
    assert response.status_code == 302
    assert "The hidden ledger" in client.get(story.url).content.decode()


# -- password reset -------------------------------------------------------------


def test_password_reset_requests_are_throttled_per_email(
    client, editor, mailoutbox, security_log
):
    for n in range(5):
        response = client.post(
            "/admin/password_reset/",
            {"email": "editor@example.com"},
            REMOTE_ADDR=f"203.0.113.{n + 1}",
        )
        assert response.status_code == 302
    assert len(mailoutbox) == 5
    response = client.post(
        "/admin/password_reset/",
        {"email": "Editor@Example.com"},
        REMOTE_ADDR="203.0.113.99",
    )
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mailoutbox) == 5
    assert security_log.named("throttled")[0]["scope"] == "password_reset"


def test_password_reset_requests_are_throttled_per_address(client, editor):
    for n in range(20):
        response = client.post(
            "/admin/password_reset/",
            {"email": f"nobody{n}@example.com"},
            REMOTE_ADDR="203.0.113.50",
        )
        assert response.status_code == 302
    response = client.post(
        "/admin/password_reset/",
        {"email": "editor@example.com"},
        REMOTE_ADDR="203.0.113.50",
    )
    assert response.status_code == 429
