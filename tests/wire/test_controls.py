"""Control characters from wire copy never reach readers (issue 7, Medium 7).

A `\\x01` in a headline once made /feeds/rss.xml and /feeds/atom.xml answer
500 (XML 1.0 cannot carry it) until the story aged out.
"""

import json
from xml.etree import ElementTree

import pytest
from defusedxml.ElementTree import fromstring

from masthead.core.text import has_controls
from masthead.newsroom.models import ArticlePage
from masthead.wire import reading, sources
from masthead.wire.services import import_entries, import_item

from .test_import import item3

CONTROLS = "\x01\x02\x1b\x7f"


def dirty(uri):
    return item3(
        uri=uri,
        headlines=[{"role": "main", "value": f"Port\x01 strike{CONTROLS} ends"}],
        descriptions=[{"role": "summary", "value": "Ships\x02 sail again."}],
        bodies=[
            {
                "role": "main",
                "contentType": "text/html",
                "value": "<p>Dockers\x01 return&#1; to\x1b work.</p>",
            }
        ],
        by="Staff\x01 Reporter",
        copyrightHolder="Wire\x01 Agency",
        subjects=[{"name": "Ports\x01"}],
    )


def stored_text(page):
    return " ".join(
        [
            page.title,
            page.standfirst,
            page.byline_text,
            page.agency.name if page.agency else "",
            json.dumps(list(page.body.raw_data)),
            " ".join(page.tags.names()),
        ]
    )


def assert_feeds_are_valid(client, title):
    for kind in ("rss", "atom"):
        response = client.get(f"/feeds/{kind}.xml")
        assert response.status_code == 200, kind
        root = fromstring(response.content)  # raises on a bad char
        assert title in ElementTree.tostring(root, encoding="unicode")


@pytest.mark.parametrize("path", ["single", "bulk"])
def test_controls_in_a_ninjs_item_are_stripped_and_the_feeds_stay_valid(
    desk, client, path
):
    if path == "single":
        outcome = import_item(item=dirty("urn:ctl:1"), source="test", publish=True)
    else:
        [(_entry, outcome)] = import_entries(
            [reading.Entry("b[1]", item=dirty("urn:ctl:1"))],
            source="test",
            publish=True,
        )
    assert outcome.action == "created", outcome.line()
    page = ArticlePage.objects.get(pk=outcome.page_id)
    assert page.live
    assert page.title == "Port strike ends"
    assert page.byline_text == "Staff Reporter"
    assert not has_controls(stored_text(page))
    assert "Dockers return to work." in stored_text(page)
    assert_feeds_are_valid(client, "Port strike ends")


def test_a_character_reference_to_a_control_in_rss_is_dropped(desk, client, tmp_path):
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<rss version="2.0"><channel><title>Agency&#x9;</title>'
        "<item><guid>urn:rss:ctl</guid><title>Calm headline</title>"
        "<pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate>"
        "<description>&lt;p&gt;Body &amp;#1;with &amp;#x1b;escapes.&lt;/p&gt;"
        "</description></item></channel></rss>"
    )
    [(_entry, outcome)] = import_entries(
        sources.read_file(feed), source="test", publish=True
    )
    assert outcome.action == "created", outcome.line()
    page = ArticlePage.objects.get(pk=outcome.page_id)
    assert not has_controls(stored_text(page))
    assert_feeds_are_valid(client, "Calm headline")
