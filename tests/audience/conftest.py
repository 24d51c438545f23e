import shutil

import pytest
from django.conf import settings

from masthead.audience import api, identity, spool, store
from tests.browser.conftest import browser  # noqa: F401 - the Chromium tests' fixture


def clear_audience():
    shutil.rmtree(spool.spool_dir(), ignore_errors=True)
    identity.reset()
    api.public_stories.clear()
    spool._writer._start = -1  # a fresh segment for the next beacon
    store.reset_store()
    if settings.REDIS_URL:
        client = store.get_store().client
        for key in client.scan_iter(match="masthead:audience:*", count=1000):
            client.delete(key)
        store.reset_store()


@pytest.fixture(autouse=True)
def _clean_audience():
    clear_audience()
    yield
    clear_audience()


@pytest.fixture
def beacon(client):
    """POST a beacon as a browser would (sendBeacon: text/plain)."""

    def send(story, kind="view", *, agent="Mozilla/5.0 (X11) Firefox/140", **extra):
        import json

        body = (
            story
            if isinstance(story, (bytes, str))
            else json.dumps({"story": story, "kind": kind})
        )
        return client.post(
            "/api/v1/beacons",
            data=body,
            content_type=extra.pop("content_type", "text/plain;charset=UTF-8"),
            HTTP_USER_AGENT=agent,
            **extra,
        )

    return send


def counted(kind="v", window="24h", **scope):
    """What the store holds for every story in a window: {story id: count}."""
    return dict(
        store.get_store().top(
            kind, store.WINDOWS[window], minimum=1, limit=1000, **scope
        )
    )
