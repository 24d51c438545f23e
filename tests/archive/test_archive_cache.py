"""Archive pages are kept by the hot page cache and purged by the stories'
events: a story published onto a day shows up on it, a withdrawn one leaves."""

import time

import pytest
from django.core.handlers.wsgi import WSGIHandler

from masthead.core.hotcache import HotPageCache
from masthead.newsroom.services import withdraw_story
from tests import factories
from tests.core.wsgi_client import wsgi_get

from .conftest import utc

DAY = "/archive/2025/03/30/"
SECTION_DAY = "/sports/archive/2025/03/30/"
OTHER_SECTION_DAY = "/economy/archive/2025/03/30/"


@pytest.fixture
def hot_app():
    return HotPageCache(WSGIHandler(), check_interval=0)


def fresh(app, path, wanted, timeout=10.0):
    """The page once the cache serves it rendered again (not stale)."""
    deadline = time.monotonic() + timeout
    while True:
        response = wsgi_get(app, path)
        if response.headers.get("x-cache") == "HIT" or time.monotonic() > deadline:
            if wanted(response.body.decode()) or time.monotonic() > deadline:
                return response
        time.sleep(0.05)


def test_archive_pages_are_cached_and_follow_publishes_and_withdrawals(
    transactional_db, hot_app, archive, django_capture_on_commit_callbacks
):
    pages = [DAY, "/archive/", "/archive/2025/", "/archive/2025/03/", SECTION_DAY]
    for path in [*pages, OTHER_SECTION_DAY]:
        assert wsgi_get(hot_app, path).status == 200, path
        assert wsgi_get(hot_app, path).headers.get("x-cache") == "HIT", path
    keys = wsgi_get(hot_app, DAY).headers.get("surrogate-key", "").split()
    assert f"e{archive['home'].pk}" in keys
    keys = wsgi_get(hot_app, SECTION_DAY).headers.get("surrogate-key", "").split()
    assert f"s{archive['sports'].pk}" in keys

    with django_capture_on_commit_callbacks(execute=True):
        story = factories.make_article(
            archive["sports"], "A late goal", published_at=utc(2025, 3, 30, 12)
        )
    after = {p: wsgi_get(hot_app, p).headers.get("x-cache") for p in pages}
    assert set(after.values()) == {"STALE"}, after
    # Another section's archive is not purged by a Sports story.
    assert wsgi_get(hot_app, OTHER_SECTION_DAY).headers.get("x-cache") == "HIT"
    for path in (DAY, SECTION_DAY):
        body = fresh(hot_app, path, lambda html: "A late goal" in html).body
        assert b"A late goal" in body, path
    month = fresh(hot_app, "/archive/2025/03/", lambda html: "3 stories" in html)
    assert b'aria-label="30 March 2025: 3 stories"' in month.body

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_story(story=story, note="Wrong score.")
    # A withdrawal is a hard purge: the old page is never served again.
    for path in (DAY, SECTION_DAY):
        response = wsgi_get(hot_app, path)
        assert response.headers.get("x-cache") != "STALE", path
        assert b"A late goal" not in response.body, path
