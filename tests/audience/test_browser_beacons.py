"""Views and reads reported by a real browser (Debian's Chromium, Playwright)
to the live server, from a fresh render and from a stored copy of the page
(what a CDN or the page cache would serve)."""

import pytest

from masthead.audience import spool
from masthead.newsroom.models import ArticlePage
from tests import factories
from tests.browser.conftest import ensure_site

from .conftest import counted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def is_beacon(request):
    return request.method == "POST" and request.url.endswith("/api/v1/beacons")


def beacon_answered(response):
    """Wait for the answer, not the request: then the server has it."""
    return is_beacon(response.request) and response.status == 204


@pytest.fixture
def story(db):
    home = ensure_site()
    return factories.make_article(factories.make_section(home, "Economy"), "Rates hold")


def test_a_view_when_shown_and_a_read_at_the_end_after_ten_seconds(
    browser, live_server, story
):
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    page.clock.install()
    sent = []
    page.on("request", lambda r: sent.append(r) if is_beacon(r) else None)
    with page.expect_response(beacon_answered) as view:
        page.goto(live_server.url + story.url)
    assert view.value.request.headers.get("content-type", "").startswith("text/plain")
    assert "cookie" not in view.value.request.headers
    spool.flush(everything=True)
    assert counted("v") == {story.pk: 1}
    assert counted("r") == {}

    page.locator(".story__end").scroll_into_view_if_needed()
    page.clock.run_for(5_000)
    assert len(sent) == 1  # the end is seen, but only for 5 s: no read yet
    with page.expect_response(beacon_answered):
        page.clock.run_for(6_000)
    page.clock.run_for(60_000)
    assert len(sent) == 2  # one read per page view

    spool.flush(everything=True)
    assert counted("v") == {story.pk: 1}
    assert counted("r") == {story.pk: 1}


def test_jumping_past_the_end_counts_as_reaching_it(browser, live_server, story):
    words = " ".join(["The council met again today to weigh the plan."] * 6)
    story.body = [("paragraph", f"<p>{words}</p>")] * 12  # half a minute's stay
    story.save_revision().publish()
    page = browser.new_page(viewport={"width": 1280, "height": 400})
    page.clock.install()
    sent = []
    page.on("request", lambda r: sent.append(r) if is_beacon(r) else None)
    with page.expect_response(beacon_answered):
        page.goto(live_server.url + story.url)
    end = "document.querySelector('.story__end').getBoundingClientRect()"
    assert page.evaluate(f"{end}.top > window.innerHeight")  # below the fold
    # Straight to the foot of the page: the end of the story is never on
    # screen, it is above it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate(f"{end}.bottom < 0")
    with page.expect_response(beacon_answered):
        page.clock.run_for(11_000)  # well before half the reading time
    assert len(sent) == 2
    spool.flush(everything=True)
    assert counted("r") == {story.pk: 1}


def test_staying_half_the_reading_time_is_a_read_without_the_end(
    browser, live_server, story
):
    page = browser.new_page(viewport={"width": 1280, "height": 300})
    page.clock.install()
    sent = []
    page.on("request", lambda r: sent.append(r) if is_beacon(r) else None)
    with page.expect_response(beacon_answered):
        page.goto(live_server.url + story.url)
    page.clock.run_for(14_000)  # a short story: at least 15 s
    assert len(sent) == 1
    spool.flush(everything=True)
    assert counted("r") == {}
    with page.expect_response(beacon_answered):
        page.clock.run_for(2_000)
    spool.flush(everything=True)
    assert counted("r") == {story.pk: 1}


def test_a_stored_copy_of_the_page_still_counts(browser, live_server, story):
    """The page bytes come from a cache, not from Django: the browser's
    beacon is what counts the view."""
    url = live_server.url + story.url
    first = browser.new_page()
    html = first.goto(url).text()
    first.close()
    ArticlePage.objects.filter(pk=story.pk).update(title="Changed since cached")

    context = browser.new_context(user_agent="Mozilla/5.0 (cached reader) Chrome/140")
    page = context.new_page()
    page.route(
        url,
        lambda route: route.fulfill(
            status=200, body=html, headers={"Content-Type": "text/html; charset=utf-8"}
        ),
    )
    with page.expect_response(beacon_answered):
        page.goto(url)
    assert "Changed since cached" not in page.content()  # the stored copy
    spool.flush(everything=True)
    assert counted("v") == {story.pk: 2}  # the first reader and this one
