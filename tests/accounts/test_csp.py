"""Content-Security-Policy and Permissions-Policy: a strict, nonce-free policy
on (cached, shared) reader pages, a separate workable one in the admin."""

import re
from html.parser import HTMLParser

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.template import loader

from masthead.core.hotcache import HotPageCache
from tests import factories
from tests.core.wsgi_client import wsgi_get


def directives(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style blocks,
    style attributes and event-handler attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            if attrs.get("type") not in ("application/ld+json", "application/json"):
                self.found.append(f"<script {attrs}>")
        if tag == "style":
            self.found.append("<style>")
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def story(db):
    section = factories.make_section(title="Economy")
    return factories.make_article(section, "Budget passes in parliament")


def assert_reader_policy(header):
    policy = directives(header)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "nonce-" not in header
    assert "unsafe" not in header


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["home", "story", "section", "latest", "search"])
def test_reader_pages_carry_a_strict_policy_and_no_inline_code(client, story, where):
    url = {
        "home": "/",
        "story": story.url,
        "section": story.get_parent().url,
        "latest": "/latest/",
        "search": "/search/?q=budget",
    }[where]
    response = client.get(url)
    assert response.status_code == 200
    assert_reader_policy(response["Content-Security-Policy"])
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert inline_code(response.content.decode()) == []


def test_the_error_page_has_no_inline_style():
    assert inline_code(loader.get_template("500.html").render()) == []


@pytest.mark.django_db
def test_not_found_pages_carry_the_policy(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_reader_policy(response["Content-Security-Policy"])


@pytest.mark.django_db
def test_the_admin_has_its_own_policy(client, editor):
    login = client.get("/admin/login/")
    policy = directives(login["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert "Permissions-Policy" in login
    # Sign-in pages need no inline code: strict like the reader site.
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert inline_code(login.content.decode()) == []
    # The page editor needs Wagtail's inline scripts (widgets, InlinePanel).
    client.force_login(editor)
    editor_policy = directives(client.get("/admin/")["Content-Security-Policy"])
    assert editor_policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert editor_policy["object-src"] == ["'none'"]
    assert editor_policy["frame-ancestors"] == ["'self'"]


def test_a_hot_cache_hit_carries_the_headers(transactional_db):
    section = factories.make_section(title="Economy")
    story = factories.make_article(section, "Budget passes in parliament")
    app = HotPageCache(WSGIHandler(), check_interval=0.05)
    first = wsgi_get(app, story.url)
    second = wsgi_get(app, story.url)
    assert second.headers["x-cache"] == "HIT"
    assert (
        second.headers["content-security-policy"]
        == (first.headers["content-security-policy"])
    )
    assert_reader_policy(second.headers["content-security-policy"])
    assert "camera=()" in second.headers["permissions-policy"]
    assert not re.search(r"nonce", second.body.decode())
