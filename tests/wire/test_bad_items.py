"""One bad item never blocks a source (issue 7, Medium 6).

Every file and every item fails alone, with its reason in the ingest log, and
a bad file is marked seen so it is not read again until it changes. Nesting
depth is capped for XML and JSON.
"""

import json

import pytest

from masthead.newsroom.models import ArticlePage
from masthead.wire import reading
from masthead.wire.models import IngestLogEntry, WireSource
from masthead.wire.polling import poll_source

from .test_import import item3

DEEP = 3000


def atom(*entries):
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Deep Feed</title>" + "".join(entries) + "</feed>"
    )


def atom_entry(uri, title, depth=0):
    content = "<div>" * depth + "<p>Body of the entry.</p>" + "</div>" * depth
    return (
        f"<entry><id>{uri}</id><title>{title}</title>"
        "<updated>2026-11-28T10:00:00Z</updated>"
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        f"{content}</div></content></entry>"
    )


def nested_json(depth):
    value = {"name": "x"}
    for _ in range(depth):
        value = {"associations": [value]}
    return value


@pytest.fixture
def source(desk, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    made = WireSource.objects.create(
        name="Deep drop", location=str(folder), auto_publish=True
    )
    made.folder = folder
    return made


def log_of(source):
    return {
        (entry.action, entry.uri or entry.label): entry.reason
        for entry in IngestLogEntry.objects.filter(source=source)
    }


def test_a_deeply_nested_atom_file_does_not_block_the_good_file_beside_it(source):
    (source.folder / "a-deep.atom").write_text(
        atom(atom_entry("urn:deep:1", "Deep", depth=DEEP))
    )
    (source.folder / "b-good.atom").write_text(atom(atom_entry("urn:good:1", "Good")))
    result = poll_source(source)
    assert result == "1 created, 1 rejected", result
    assert ArticlePage.objects.get(wire_item__uri="urn:good:1").live
    reason = log_of(source)[("rejected", "urn:deep:1")]
    assert "nested too deeply" in reason
    # Both files are seen: the next poll does not read them again.
    assert poll_source(source) == "nothing new"


def test_a_deep_entry_fails_alone_inside_its_feed(source):
    (source.folder / "feed.atom").write_text(
        atom(
            atom_entry("urn:feed:1", "First"),
            atom_entry("urn:feed:2", "Deep", depth=DEEP),
            atom_entry("urn:feed:3", "Third"),
        )
    )
    assert poll_source(source) == "2 created, 1 rejected"
    assert "nested too deeply" in log_of(source)[("rejected", "urn:feed:2")]


@pytest.mark.parametrize("fmt", ["rss", "newsml-g2", "newsml"])
def test_deep_items_in_other_xml_formats_are_rejected(source, fmt):
    deep = "<b>" * DEEP + "x" + "</b>" * DEEP
    if fmt == "rss":
        text = (
            '<rss version="2.0"><channel><title>T</title>'
            f"<item><guid>urn:rss:deep</guid><title>Deep</title><x>{deep}</x></item>"
            "<item><guid>urn:rss:ok</guid><title>Fine</title>"
            "<description>Body text.</description></item></channel></rss>"
        )
    elif fmt == "newsml-g2":
        text = (
            '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>'
            '<newsItem guid="urn:g2:deep" version="1"><contentSet>'
            f'<inlineXML contenttype="application/xhtml+xml"><html><body>{deep}'
            "</body></html></inlineXML></contentSet></newsItem>"
            '<newsItem guid="urn:g2:ok" version="1"><contentMeta><headline>Fine'
            "</headline></contentMeta><contentSet><inlineData>Body text."
            "</inlineData></contentSet></newsItem></itemSet></newsMessage>"
        )
    else:

        def news_item(item_id, body):
            return (
                "<NewsItem><Identification><NewsIdentifier><ProviderId>bw"
                f"</ProviderId><DateId>1</DateId><NewsItemId>{item_id}</NewsItemId>"
                "<RevisionId>1</RevisionId></NewsIdentifier></Identification>"
                "<NewsComponent><NewsComponent><Role FormalName='HeadLine'/>"
                "<ContentItem><DataContent>Headline</DataContent></ContentItem>"
                "</NewsComponent><NewsComponent><Role FormalName='Body'/>"
                f"<ContentItem><DataContent><body>{body}</body></DataContent>"
                "</ContentItem></NewsComponent></NewsComponent></NewsItem>"
            )

        text = f"<NewsML>{news_item('deep', deep)}{news_item('ok', 'Text')}</NewsML>"
    (source.folder / "feed.xml").write_text(text)
    result = poll_source(source)
    assert result == "1 created, 1 rejected", (result, log_of(source))
    reasons = [r for (action, _), r in log_of(source).items() if action == "rejected"]
    assert "nested too deeply" in reasons[0]


def test_deep_json_fails_alone_in_an_array_and_in_json_lines(source):
    deep_text = "[" * DEEP + "]" * DEEP
    array = (
        "["
        + json.dumps(item3(uri="urn:json:1"))
        + ","
        + '{"uri": "urn:json:deep", "x": '
        + deep_text
        + "},"
        + json.dumps(item3(uri="urn:json:2"))
        + "]"
    )
    (source.folder / "a.json").write_text(array)
    lines = "\n".join(
        [
            json.dumps(item3(uri="urn:json:3")),
            json.dumps({**item3(uri="urn:json:mid"), "associations": nested_json(80)}),
        ]
    )
    (source.folder / "b.jsonl").write_text(lines)
    assert poll_source(source) == "3 created, 2 rejected"
    reasons = [r for (action, _), r in log_of(source).items() if action == "rejected"]
    assert len(reasons) == 2
    assert all("nested too deeply" in reason for reason in reasons)


def test_moderate_nesting_that_real_ninjs_uses_is_fine():
    item = item3(
        associations=[
            {
                "name": "main",
                "uri": "urn:pic",
                "type": "picture",
                "renditions": [{"name": "original", "href": "https://x/y.jpg"}],
            }
        ]
    )
    [entry] = reading.parse_json(json.dumps(item), "x.json")
    assert entry.item is not None and not entry.error


def test_an_item_that_breaks_the_mapping_is_rejected_alone(source):
    # A superscript digit passes str.isdigit() but not int(): once this raised
    # out of the NewsML-G2 reader and no item of the file was read.
    text = (
        '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>'
        '<newsItem guid="urn:g2:odd" version="\u00b2"><contentMeta><headline>Odd'
        "</headline></contentMeta><contentSet><inlineData>Body text."
        "</inlineData></contentSet></newsItem>"
        '<newsItem guid="urn:g2:fine" version="1"><contentMeta><headline>Fine'
        "</headline></contentMeta><contentSet><inlineData>Body text."
        "</inlineData></contentSet></newsItem></itemSet></newsMessage>"
    )
    (source.folder / "odd.xml").write_text(text)
    json_odd = item3(uri="urn:json:odd", version="\u00b2")
    (source.folder / "odd.json").write_text(json.dumps(json_odd))
    result = poll_source(source)
    assert "failed" not in result, result
    assert ArticlePage.objects.filter(wire_item__uri="urn:g2:fine").exists()
    for entry in IngestLogEntry.objects.filter(source=source):
        assert entry.action in {"created", "rejected"}
        if entry.action == "rejected":
            assert entry.reason
    assert poll_source(source) == "nothing new"
