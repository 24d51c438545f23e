"""A CDN in front is told which listings changed when a story is published."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .. import factories


class PurgeRecorder(BaseHTTPRequestHandler):
    seen: list = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        PurgeRecorder.seen.append((self.headers.get("Host"), self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def edge(settings):
    """A local HTTP server that speaks PURGE, standing in for Varnish/a CDN."""
    PurgeRecorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "edge": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.seen
    server.shutdown()


def test_publishing_purges_the_story_its_fronts_feeds_and_sitemaps(
    edge, newsroom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_article(newsroom["banking"], "Remittances hit a record")
    paths = {path for _host, path in edge}
    assert "/" in paths
    assert "/economy/" in paths
    assert "/economy/banking/" in paths
    assert "/feeds/rss.xml" in paths
    assert "/news-sitemap.xml" in paths
    assert any(path.startswith("/economy/banking/story-") for path in paths)
