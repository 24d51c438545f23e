"""A CDN or Varnish in front is told, by surrogate key, what a change made
stale: one PURGE per change naming the keys, the same keys the pages carry."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .. import factories


class PurgeRecorder(BaseHTTPRequestHandler):
    seen: list = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        PurgeRecorder.seen.append(
            {
                "path": self.path,
                "surrogate": set(self.headers.get("Surrogate-Key", "").split()),
                "xkey_soft": set(self.headers.get("xkey-softpurge", "").split()),
                "xkey_hard": set(self.headers.get("xkey-purge", "").split()),
            }
        )
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
    settings.MASTHEAD_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    yield PurgeRecorder.seen
    server.shutdown()


def test_publishing_purges_the_story_its_listings_by_key_softly(
    edge, newsroom, client, django_capture_on_commit_callbacks
):
    banking, economy = newsroom["banking"], newsroom["economy"]
    rahim = newsroom["rahim"]
    with django_capture_on_commit_callbacks(execute=True):
        story = factories.make_article(
            banking, "Remittances hit a record", authors=[rahim], tags=["remittance"]
        )
    assert len(edge) == 1, "one request per change"
    purge = edge[0]
    assert purge["path"] == "/purge"
    tag_id = story.tags.get().pk
    home = story.get_ancestors().get(depth=2)
    expected = {
        f"p{story.pk}",
        f"e{home.pk}",
        f"s{banking.pk}",
        f"s{economy.pk}",
        f"t{tag_id}",
        f"a{rahim.pk}",
        "stories",
    }
    assert purge["surrogate"] == expected
    assert purge["xkey_soft"] == expected, "a publish is a soft purge"
    assert purge["xkey_hard"] == set()
    # The pages carry the keys their purges name.
    assert f"p{story.pk}" in client.get(story.url)["xkey"].split()
    assert f"s{banking.pk}" in client.get(banking.url)["Surrogate-Key"].split()
    assert f"e{home.pk}" in client.get("/latest/")["xkey"].split()
    assert f"e{home.pk}" in client.get("/feeds/rss.xml")["xkey"].split()
    assert "stories" in client.get("/news-sitemap.xml")["xkey"].split()


def test_a_withdrawal_is_a_hard_purge(
    edge, newsroom, django_capture_on_commit_callbacks
):
    from masthead.newsroom.services import withdraw_story

    story = newsroom["lead"]
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_story(story=story, note="Legal advice")
    assert edge, "the edge was told"
    assert f"p{story.pk}" in edge[-1]["xkey_hard"]
    assert edge[-1]["xkey_soft"] == set()


def test_a_draft_tells_the_edge_nothing(
    edge, newsroom, django_capture_on_commit_callbacks
):
    story = newsroom["lead"]
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "A draft headline"
        story.save_revision()
    assert edge == []
