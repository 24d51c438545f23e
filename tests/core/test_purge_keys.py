"""Purges by key, soft purge and single flight in the hot page cache.

A publish drops exactly the pages that list the story; a soft purge serves
the old page to everyone but the one request rendering the new one; a hard
purge never serves it again; concurrent misses make one render; workers
share what one of them rendered.
"""

import threading
import time

import pytest
from django.core.handlers.wsgi import WSGIHandler

from masthead.core.hotcache import HotPageCache
from masthead.core.pagestore import FileStore
from masthead.core.purge import FilePurgeLog, PurgeReader, purge_keys

from .. import factories
from .wsgi_client import wsgi_get


@pytest.fixture
def hot_app():
    return HotPageCache(WSGIHandler(), check_interval=0)


def test_a_publish_purges_exactly_the_pages_that_list_the_story(
    transactional_db, hot_app, newsroom, django_capture_on_commit_callbacks
):
    rahim, nadia = newsroom["rahim"], newsroom["nadia"]
    purged = [
        "/",
        "/economy/",
        "/economy/banking/",
        "/latest/",
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/feeds/section/economy/rss.xml",
        "/feeds/section/banking/rss.xml",
        "/tag/remittance/",
        "/feeds/tag/remittance/rss.xml",
        f"/author/{rahim.slug}/",
        f"/feeds/author/{rahim.slug}/rss.xml",
        "/news-sitemap.xml",
        "/sitemap.xml",
        "/api/v1/articles",
    ]
    kept = [
        "/sports/",
        "/feeds/section/sports/rss.xml",
        "/tag/cricket/",
        "/tag/monetary-policy/",
        f"/author/{nadia.slug}/",
        newsroom["lead"].url,
        newsroom["wire"].url,
        newsroom["match"].url,
    ]
    for path in purged + kept:
        assert wsgi_get(hot_app, path).status == 200, path
        assert wsgi_get(hot_app, path).headers.get("x-cache") == "HIT", path

    with django_capture_on_commit_callbacks(execute=True):
        factories.make_article(
            newsroom["banking"],
            "Remittances hit a record",
            authors=[rahim],
            tags=["remittance"],
        )

    after = {p: wsgi_get(hot_app, p).headers.get("x-cache") for p in purged + kept}
    assert {p for p, how in after.items() if how == "HIT"} == set(kept)
    assert {after[p] for p in purged} == {"STALE"}, "served while rendered again"
    for path in purged:  # rendered again once, in the background
        wait_for(lambda path=path: wsgi_get(hot_app, path).headers["x-cache"] == "HIT")
    assert b"Remittances hit a record" in wsgi_get(hot_app, "/economy/banking/").body


def test_a_story_from_a_new_agency_by_a_new_author_purges_only_its_pages(
    transactional_db, hot_app, newsroom, django_capture_on_commit_callbacks
):
    kept = ["/sports/", "/tag/cricket/", newsroom["lead"].url, newsroom["match"].url]
    for path in kept + ["/author/new-correspondent/"]:
        wsgi_get(hot_app, path)
    assert wsgi_get(hot_app, "/author/new-correspondent/").status == 404
    with django_capture_on_commit_callbacks(execute=True):
        author = factories.make_author("New Correspondent", slug="new-correspondent")
        agency = factories.make_agency("Newswire Asia", slug="newswire-asia")
        factories.make_article(
            newsroom["banking"], "Port reopens", authors=[author], agency=agency
        )
    assert {wsgi_get(hot_app, p).headers.get("x-cache") for p in kept} == {"HIT"}
    assert b"Port reopens" in wsgi_get(hot_app, "/author/new-correspondent/").body
    assert b"Port reopens" in wsgi_get(hot_app, "/agency/newswire-asia/").body
    # Editing them later reaches every page that may show them.
    with django_capture_on_commit_callbacks(execute=True):
        author.role = "Chief Correspondent"
        author.save()
    assert wsgi_get(hot_app, "/sports/").headers.get("x-cache") == "STALE"
    wait_for(lambda: wsgi_get(hot_app, "/sports/").headers["x-cache"] == "HIT")


def test_an_update_drops_the_story_and_its_listings_not_other_stories(
    transactional_db, hot_app, newsroom, django_capture_on_commit_callbacks
):
    lead, match = newsroom["lead"], newsroom["match"]
    for path in (lead.url, match.url, "/sports/"):
        wsgi_get(hot_app, path)
    with django_capture_on_commit_callbacks(execute=True):
        lead.title = "Central bank cuts the policy rate"
        lead.save_revision().publish()
    wait_for(lambda: b"cuts the policy rate" in wsgi_get(hot_app, lead.url).body)
    assert wsgi_get(hot_app, match.url).headers.get("x-cache") == "HIT"
    assert wsgi_get(hot_app, "/sports/").headers.get("x-cache") == "HIT"


def test_an_update_that_removes_a_tag_drops_that_tag_page(
    transactional_db, hot_app, newsroom, django_capture_on_commit_callbacks
):
    lead = newsroom["lead"]  # tagged "monetary policy" and "inflation"
    page = "/tag/monetary-policy/"
    wsgi_get(hot_app, page)
    assert b"Central bank holds the policy rate" in wsgi_get(hot_app, page).body
    with django_capture_on_commit_callbacks(execute=True):
        lead.tags.set(["inflation"])
        lead.save_revision().publish()
    wait_for(
        lambda: (
            b"Central bank holds the policy rate" not in wsgi_get(hot_app, page).body
        )
    )


# -- soft purge, hard purge, single flight: a page that renders slowly --------


class SlowPage:
    """A WSGI page whose renders can be held, counting them (and how many run
    at once)."""

    def __init__(self, keys="p1"):
        self.keys = keys
        self.version = 1
        self.gate = threading.Event()
        self.gate.set()
        self.renders = 0
        self.running = 0
        self.most_at_once = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.renders += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            version = self.version
        try:
            assert self.gate.wait(10)
        finally:
            with self.lock:
                self.running -= 1
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Cache-Control", "public, max-age=60"),
                ("Surrogate-Key", f"all {self.keys}"),
            ],
        )
        return [f"<p>version {version}</p>".encode()]


@pytest.fixture
def shared(tmp_path):
    """What the workers of one server share: a purge log and a page store."""
    log = FilePurgeLog(tmp_path / "cache")
    store = FileStore(tmp_path / "cache" / "pages")
    return log, store


def worker(app, shared, **kwargs) -> HotPageCache:
    log, store = shared
    return HotPageCache(app, purges=PurgeReader(log, 0), store=store, **kwargs)


def in_thread(function, *args):
    result = {}
    thread = threading.Thread(
        target=lambda: result.setdefault("value", function(*args)), daemon=True
    )
    thread.start()
    return thread, result


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_a_soft_purge_serves_the_old_page_while_it_renders_again_once(shared):
    page = SlowPage(keys="p1")
    app = worker(page, shared)
    assert wsgi_get(app, "/story/").body == b"<p>version 1</p>"
    PurgeReader(shared[0], 0).append(["p1"], hard=False)

    page.version, page.gate = 2, threading.Event()
    for _ in range(5):  # everyone: the old page at once, marked stale
        stale = wsgi_get(app, "/story/")
        assert stale.body == b"<p>version 1</p>"
        assert stale.headers["x-cache"] == "STALE"
    wait_for(lambda: page.running == 1)
    assert page.renders == 2, "one render of the purged page, off the requests"
    page.gate.set()
    wait_for(lambda: wsgi_get(app, "/story/").body == b"<p>version 2</p>")
    assert wsgi_get(app, "/story/").headers["x-cache"] == "HIT"
    assert page.renders == 2


def test_a_stale_page_is_rendered_in_the_request_when_refreshes_are_backed_up(
    shared,
):
    page = SlowPage(keys="p1")
    app = worker(page, shared)
    app.MAX_QUEUED_REFRESHES = 0
    wsgi_get(app, "/story/")
    PurgeReader(shared[0], 0).append(["p1"], hard=False)
    page.version = 2
    fresh = wsgi_get(app, "/story/")
    assert (fresh.body, fresh.headers["x-cache"]) == (b"<p>version 2</p>", "MISS")


def test_a_hard_purge_never_serves_the_old_page(shared):
    page = SlowPage(keys="p1")
    app = worker(page, shared)
    wsgi_get(app, "/story/")
    PurgeReader(shared[0], 0).append(["p1"], hard=True)

    page.version, page.gate = 2, threading.Event()
    renderer, rendered = in_thread(wsgi_get, app, "/story/")
    wait_for(lambda: page.running == 1)
    waiter, waited = in_thread(wsgi_get, app, "/story/")
    time.sleep(0.2)
    assert "value" not in waited, "the withdrawn page is not served meanwhile"
    page.gate.set()
    renderer.join(5)
    waiter.join(5)
    assert rendered["value"].body == waited["value"].body == b"<p>version 2</p>"
    assert page.renders == 2, "the waiting request got the render, not its own"


def test_a_purge_of_other_keys_leaves_the_page_alone(shared):
    page = SlowPage(keys="p1 s7")
    app = worker(page, shared)
    wsgi_get(app, "/story/")
    PurgeReader(shared[0], 0).append(["p2", "s8", "e1"], hard=True)
    assert wsgi_get(app, "/story/").headers["x-cache"] == "HIT"
    PurgeReader(shared[0], 0).append(["s7"], hard=False)
    assert wsgi_get(app, "/story/").headers.get("x-cache") != "HIT"


def test_concurrent_misses_make_one_render(shared):
    page = SlowPage()
    page.gate = threading.Event()
    app = worker(page, shared)
    threads = [in_thread(wsgi_get, app, "/front/") for _ in range(6)]
    wait_for(lambda: page.running == 1)
    time.sleep(0.1)
    page.gate.set()
    for thread, _result in threads:
        thread.join(5)
    assert page.renders == 1
    assert page.most_at_once == 1
    assert {result["value"].body for _t, result in threads} == {b"<p>version 1</p>"}


def test_a_page_that_cannot_be_kept_does_not_queue_its_requests(shared):
    calls = []

    def private_page(environ, start_response):
        calls.append(1)
        start_response(
            "200 OK", [("Content-Type", "text/html"), ("Cache-Control", "private")]
        )
        return [b"mine"]

    app = worker(private_page, shared)
    for _ in range(3):
        assert wsgi_get(app, "/mine/").body == b"mine"
    assert len(calls) == 3
    assert "/mine/" in "".join(app.passes), "remembered as not kept"


def test_workers_share_what_one_of_them_rendered(shared):
    page = SlowPage()
    first, second = worker(page, shared), worker(page, shared)
    assert wsgi_get(first, "/front/").body == b"<p>version 1</p>"
    again = wsgi_get(second, "/front/")
    assert (again.body, again.headers["x-cache"]) == (b"<p>version 1</p>", "HIT")
    assert page.renders == 1
    # A purge read by the second worker: it renders once, the first takes it.
    PurgeReader(shared[0], 0).append(["p1"], hard=False)
    page.version = 2
    wait_for(lambda: wsgi_get(second, "/front/").body == b"<p>version 2</p>")
    assert wsgi_get(first, "/front/").body == b"<p>version 2</p>"
    assert page.renders == 2


def test_a_page_older_than_the_ttl_is_rendered_again(shared):
    page = SlowPage()
    app = worker(page, shared, ttl=0.2)
    wsgi_get(app, "/front/")
    assert wsgi_get(app, "/front/").headers["x-cache"] == "HIT"
    time.sleep(0.3)
    page.version = 2
    stale = wsgi_get(app, "/front/")
    assert (stale.body, stale.headers["x-cache"]) == (b"<p>version 1</p>", "STALE")
    wait_for(lambda: wsgi_get(app, "/front/").body == b"<p>version 2</p>")
    assert page.renders == 2


def test_purge_keys_reaches_a_hot_cache_reading_the_configured_log(
    transactional_db,
):
    page = SlowPage(keys="p5")
    app = HotPageCache(page, check_interval=0)
    wsgi_get(app, "/x/")
    assert wsgi_get(app, "/x/").headers["x-cache"] == "HIT"
    purge_keys(["p5"])
    page.version = 2
    wait_for(lambda: wsgi_get(app, "/x/").body == b"<p>version 2</p>")


def test_renders_at_once_are_capped_and_hits_are_answered_meanwhile(shared, settings):
    settings.MASTHEAD_PAGE_CACHE = {
        **settings.MASTHEAD_PAGE_CACHE,
        "RENDERS_PER_WORKER": 1,
    }
    page = SlowPage()
    app = worker(page, shared)
    app.WAIT_FOR_TURN = 5
    wsgi_get(app, "/kept/")
    page.gate = threading.Event()
    crawler, _crawled = in_thread(wsgi_get, app, "/archive/1/")
    wait_for(lambda: page.running == 1)
    started = time.monotonic()
    assert wsgi_get(app, "/kept/").headers["x-cache"] == "HIT"
    assert time.monotonic() - started < 0.2, "a hit does not wait for renders"
    # Twice as many as render may wait for their turn.
    waiter, waited = in_thread(wsgi_get, app, "/archive/2/")
    other, waited_too = in_thread(wsgi_get, app, "/archive/4/")
    wait_for(lambda: app.waiting_renders == 2)
    started = time.monotonic()
    refused = wsgi_get(app, "/archive/3/")
    assert time.monotonic() - started < 0.5, "no room to wait: told at once"
    assert refused.status == 503
    assert refused.headers["retry-after"] == "5"
    assert "no-store" in refused.headers["cache-control"]
    assert b"try again" in refused.body
    page.gate.set()
    crawler.join(5)
    waiter.join(5)
    other.join(5)
    assert waited["value"].status == 200, "the ones waiting got their turn"
    assert waited_too["value"].status == 200
    assert wsgi_get(app, "/archive/3/").status == 200


def test_a_render_that_waits_too_long_for_its_turn_is_told_to_come_back(
    shared, settings
):
    settings.MASTHEAD_PAGE_CACHE = {
        **settings.MASTHEAD_PAGE_CACHE,
        "RENDERS_PER_WORKER": 1,
    }
    page = SlowPage()
    page.gate = threading.Event()
    app = worker(page, shared)
    app.WAIT_FOR_TURN = 0.2
    crawler, _crawled = in_thread(wsgi_get, app, "/archive/1/")
    wait_for(lambda: page.running == 1)
    assert wsgi_get(app, "/archive/2/").status == 503
    page.gate.set()
    crawler.join(5)


def test_a_purged_page_is_refreshed_before_pages_that_only_grew_old(shared, settings):
    settings.MASTHEAD_PAGE_CACHE = {
        **settings.MASTHEAD_PAGE_CACHE,
        "RENDERS_PER_WORKER": 1,
    }
    order = []

    def page(environ, start_response):
        order.append(environ["PATH_INFO"])
        if environ["PATH_INFO"] == "/blocker/":
            assert gate.wait(10)
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html"),
                ("Cache-Control", "public, max-age=60"),
                ("Surrogate-Key", f"all p{environ['PATH_INFO'].strip('/')}"),
            ],
        )
        return [b"<p>page</p>"]

    gate = threading.Event()
    gate.set()
    app = worker(page, shared, ttl=0.2)
    for path in ("/blocker/", "/old1/", "/old2/", "/news/"):
        wsgi_get(app, path)
    time.sleep(0.3)  # all grew old
    gate.clear()
    order.clear()
    for path in ("/blocker/", "/old1/", "/old2/", "/news/"):
        assert wsgi_get(app, path).headers["x-cache"] == "STALE"
    wait_for(lambda: order == ["/blocker/"])  # the one refresh thread is busy
    PurgeReader(shared[0], 0).append(["pnews"], hard=False)
    assert wsgi_get(app, "/news/").headers["x-cache"] == "STALE"
    gate.set()
    wait_for(lambda: len(order) == 4)
    assert order[1] == "/news/", order
