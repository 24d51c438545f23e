"""The hot path: cached bytes answered before Django, purged on publish."""

import gzip
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler

from masthead.core.hotcache import HotPageCache
from masthead.core.purge import generation_store

from .. import factories
from .wsgi_client import wsgi_get


@pytest.fixture
def hot_app():
    return HotPageCache(WSGIHandler(), check_interval=0.05)


@pytest.fixture
def story(transactional_db):
    section = factories.make_section(title="Economy")
    return factories.make_article(section, "Budget passes in parliament")


def test_second_request_is_answered_from_memory_without_queries(
    hot_app, story, django_assert_num_queries
):
    first = wsgi_get(hot_app, story.url)
    assert first.status == 200
    assert b"Budget passes in parliament" in first.body
    with django_assert_num_queries(0):
        second = wsgi_get(hot_app, story.url)
    assert second.status == 200
    assert second.headers["x-cache"] == "HIT"
    assert second.body == first.body
    assert "s-maxage" in second.headers["cache-control"]


def test_a_matching_etag_gets_304_from_the_hot_path(hot_app, story):
    etag = (
        wsgi_get(hot_app, story.url).headers.get("etag")
        or wsgi_get(hot_app, story.url).headers["etag"]
    )
    again = wsgi_get(hot_app, story.url, headers={"If-None-Match": etag})
    assert again.status == 304
    assert again.body == b""


def test_gzip_is_served_to_clients_that_accept_it(hot_app, story):
    plain = wsgi_get(hot_app, story.url)
    zipped = wsgi_get(hot_app, story.url, headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == plain.body
    assert "Accept-Encoding" in zipped.headers["vary"]
    assert zipped.headers["etag"] != wsgi_get(hot_app, story.url).headers["etag"]


def test_head_gets_headers_without_a_body(hot_app, story):
    wsgi_get(hot_app, story.url)
    head = wsgi_get(hot_app, story.url, method="HEAD")
    assert head.status == 200
    assert head.body == b""


def test_publishing_a_change_is_visible_within_a_second(hot_app, story):
    assert b"Budget passes in parliament" in wsgi_get(hot_app, story.url).body
    revision = story.save_revision()
    story.title = "Budget passes after a late-night vote"
    revision = story.save_revision()
    revision.publish()
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        body = wsgi_get(hot_app, story.url).body
        if b"late-night vote" in body:
            break
        time.sleep(0.05)
    assert b"late-night vote" in body


def test_unpublishing_removes_the_page_from_the_cache(hot_app, story):
    assert wsgi_get(hot_app, story.url).status == 200
    story.unpublish()
    time.sleep(0.1)
    assert wsgi_get(hot_app, story.url).status == 404


def test_logged_in_editors_bypass_the_cache(hot_app, story):
    wsgi_get(hot_app, story.url)
    editor = wsgi_get(hot_app, story.url, headers={"Cookie": "sessionid=abc"})
    assert "x-cache" not in editor.headers


def test_posts_and_private_responses_are_never_kept(hot_app, story):
    wsgi_get(hot_app, "/admin/login/")
    again = wsgi_get(hot_app, "/admin/login/")
    assert "x-cache" not in again.headers
    assert "private" in again.headers["cache-control"]
    assert wsgi_get(hot_app, story.url, method="POST").headers.get("x-cache") is None


def test_errors_are_not_kept(hot_app, transactional_db):
    wsgi_get(hot_app, "/no/such/story/")
    assert "x-cache" not in wsgi_get(hot_app, "/no/such/story/").headers


def test_the_cache_holds_a_bounded_number_of_pages(story):
    app = HotPageCache(WSGIHandler(), max_entries=3, check_interval=0.05)
    for n in range(10):
        wsgi_get(app, story.url, query=f"utm_source={n}")
    assert len(app.entries) == 3


def test_generation_changes_when_purged(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    store = generation_store()
    before = store.read()
    store.bump()
    assert store.read() != before
