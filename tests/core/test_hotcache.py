"""The hot path: cached bytes answered before Django, purged on publish."""

import gzip
import json
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler

from masthead.core.hotcache import HotPageCache
from masthead.core.purge import STALE, FilePurgeLog, PurgeReader

from .. import factories
from .wsgi_client import wsgi_get, wsgi_get_lazy


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
        wsgi_get(app, story.url, query=f"page={n}")
    assert len(app.entries) == 3


def test_a_purge_reaches_every_reader_of_the_log(tmp_path):
    log = FilePurgeLog(tmp_path)
    first, second = PurgeReader(log, 0), PurgeReader(log, 0)
    stamp = second.stamp()
    first.append(["p12", "e3"], hard=False)
    second.refresh()
    assert second.stamp() != stamp
    assert second.verdict(["p12"], stamp) == STALE


# -- what is kept: HTML/XML/JSON under a size cap, never a stream -------------


def plain_app(body, content_type="text/html; charset=utf-8", *, chunks=None):
    """A WSGI application answering every request with one public response."""
    consumed = []

    def app(environ, start_response):
        start_response(
            "200 OK",
            [("Content-Type", content_type), ("Cache-Control", "public, max-age=60")],
        )
        if chunks is None:
            return [body]

        def stream():
            for n in range(chunks):
                consumed.append(n)
                yield body

        return stream()

    app.consumed = consumed
    return app


def test_a_streamed_file_passes_through_without_being_read_into_memory():
    app = plain_app(b"x" * 1024 * 1024, "application/pdf", chunks=50)
    cache = HotPageCache(app, check_interval=60)
    environ_result = wsgi_get_lazy(cache, "/documents/1/report.pdf")
    assert app.consumed == [], "nothing read before the server sends it"
    next(iter(environ_result))
    assert app.consumed == [0]
    assert not cache.entries


@pytest.mark.parametrize(
    "content_type",
    ["application/pdf", "image/png", "application/octet-stream", "text/csv"],
)
def test_only_pages_feeds_and_json_are_kept(content_type):
    cache = HotPageCache(plain_app(b"%PDF-1.7 ...", content_type), check_interval=60)
    wsgi_get(cache, "/documents/1/file")
    assert "x-cache" not in wsgi_get(cache, "/documents/1/file").headers
    assert not cache.entries


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=utf-8",
        "application/rss+xml; charset=utf-8",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/json",
        "application/ld+json",
        "application/opensearchdescription+xml",
    ],
)
def test_pages_feeds_and_json_are_kept(content_type):
    cache = HotPageCache(plain_app(b"<x/>", content_type), check_interval=60)
    wsgi_get(cache, "/feeds/rss.xml")
    assert wsgi_get(cache, "/feeds/rss.xml").headers["x-cache"] == "HIT"


def test_a_response_over_the_entry_cap_is_not_kept_and_does_not_empty_the_cache(
    settings,
):
    settings.MASTHEAD_PAGE_CACHE = {
        **settings.MASTHEAD_PAGE_CACHE,
        "MAX_BYTES": 1024 * 1024,
        "MAX_ENTRY_BYTES": 2 * 1024 * 1024,
    }
    small = b"<p>hello</p>" * 10
    big = b"<p>" + b"y" * (1536 * 1024) + b"</p>"

    def app(environ, start_response):
        body = big if environ["PATH_INFO"] == "/big/" else small
        return plain_app(body)(environ, start_response)

    cache = HotPageCache(app, check_interval=60)
    for n in range(5):
        wsgi_get(cache, f"/page-{n}/")
    for _ in range(3):
        response = wsgi_get(cache, "/big/")
        assert response.status == 200 and response.body == big
        assert "x-cache" not in response.headers
    assert len(cache.entries) == 5
    assert wsgi_get(cache, "/page-0/").headers["x-cache"] == "HIT"


# -- the cache key: the parameters a page uses, trusted forwarded headers -----


def test_links_shared_with_tracking_parameters_hit_the_page_s_entry(hot_app, story):
    wsgi_get(hot_app, story.url)
    for query in (
        "utm_source=newsletter&utm_medium=email",
        "fbclid=IwAR0abc",
        "gclid=xyz&utm_campaign=budget",
    ):
        shared = wsgi_get(hot_app, story.url, query=query)
        assert shared.headers["x-cache"] == "HIT", query
    assert len(hot_app.entries) == 1


def test_a_first_visit_with_tracking_parameters_is_kept_without_them(hot_app, story):
    first = wsgi_get(hot_app, story.url, query="utm_source=x-campaign-77")
    assert b"x-campaign-77" not in first.body
    assert wsgi_get(hot_app, story.url).headers["x-cache"] == "HIT"


def test_random_query_strings_do_not_evict_hot_pages(story):
    app = HotPageCache(WSGIHandler(), max_entries=3, check_interval=60)
    wsgi_get(app, story.url)
    for n in range(20):
        response = wsgi_get(app, story.url, query=f"x{n}={n}")
        assert response.status == 200
    assert len(app.entries) == 1
    assert wsgi_get(app, story.url).headers["x-cache"] == "HIT"


def test_parameter_order_does_not_make_a_new_entry(hot_app, story):
    wsgi_get(hot_app, "/search/", query="q=budget&page=1")
    again = wsgi_get(hot_app, "/search/", query="page=1&q=budget")
    assert again.headers.get("x-cache") == "HIT"


def test_forwarded_proto_from_an_unknown_address_is_ignored(settings, story):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.MASTHEAD_TRUSTED_PROXIES = ["10.0.0.0/8"]
    app = HotPageCache(WSGIHandler(), max_entries=3, check_interval=60)
    plain = wsgi_get(app, story.url)
    for value in ("https", "gopher", "x1", "x2", "x3"):
        spoofed = wsgi_get(app, story.url, headers={"X-Forwarded-Proto": value})
        assert spoofed.headers["x-cache"] == "HIT"
        assert spoofed.body == plain.body
    assert b'rel="canonical" href="http://' in plain.body
    assert len(app.entries) == 1


def test_forwarded_proto_from_a_trusted_proxy_is_honoured(settings, story):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.MASTHEAD_TRUSTED_PROXIES = ["10.0.0.0/8", "::1"]
    app = HotPageCache(WSGIHandler(), check_interval=60)
    via_proxy = wsgi_get(
        app, story.url, headers={"X-Forwarded-Proto": "https"}, remote_addr="10.1.2.3"
    )
    assert b'rel="canonical" href="https://' in via_proxy.body
    plain = wsgi_get(app, story.url, remote_addr="10.1.2.3")
    assert b'rel="canonical" href="http://' in plain.body
    for value in ("gopher", "x1", "x2"):
        wsgi_get(
            app, story.url, headers={"X-Forwarded-Proto": value}, remote_addr="10.1.2.3"
        )
    assert len(app.entries) == 2, "only http and https"


def echo_app(environ, start_response):
    """Answers with what the application behind the cache was told."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    seen = {
        "addr": environ.get("REMOTE_ADDR"),
        "proto": environ.get("HTTP_X_FORWARDED_PROTO"),
        "host": environ.get("HTTP_X_FORWARDED_HOST"),
        "for": environ.get("HTTP_X_FORWARDED_FOR"),
    }
    return [json.dumps(seen).encode()]


def test_django_sees_forwarded_headers_only_from_trusted_proxies(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["10.0.0.0/8"]
    app = HotPageCache(echo_app, check_interval=60)
    forwarded = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-For": "198.51.100.7, 10.0.0.5",
    }
    direct = json.loads(
        wsgi_get(app, "/", headers=forwarded, remote_addr="203.0.113.9").body
    )
    assert direct == {"addr": "203.0.113.9", "proto": None, "host": None, "for": None}
    proxied = json.loads(
        wsgi_get(app, "/", headers=forwarded, remote_addr="10.0.0.1").body
    )
    assert proxied["addr"] == "198.51.100.7", "the client, not the proxies"
    assert proxied["proto"] == "https"
