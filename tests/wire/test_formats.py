"""RSS 2.0, Atom and NewsML become stories; hostile XML is refused with a reason."""

from pathlib import Path

import pytest

from masthead.newsroom.models import ArticlePage
from masthead.wire import sources
from masthead.wire.models import WireItem
from masthead.wire.services import import_entries

SHARED_NEWSML = Path(__file__).resolve().parents[3] / "shared/ninjs/examples/NewsML"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Meridian Wire</title>
  <language>en-gb</language>
  <item>
    <title>Port of Chattogram handles record cargo</title>
    <guid isPermaLink="false">urn:meridian:2026:port-record</guid>
    <link>https://wire.example/port-record</link>
    <pubDate>Fri, 27 Nov 2026 08:00:00 +0000</pubDate>
    <dc:creator>Karim Ahmed</dc:creator>
    <category>Trade</category>
    <category>Shipping</category>
    <description>Container volumes rose 12 per cent.</description>
    <content:encoded><![CDATA[<p>Container volumes rose <b>12 per cent</b>.</p>
      <p>Officials credit new cranes.</p><script>alert(1)</script>]]></content:encoded>
    <enclosure url="https://img.example/port.jpg" type="image/jpeg" length="1000"/>
  </item>
  <item>
    <title>Second story with only a description</title>
    <guid>https://wire.example/second</guid>
    <pubDate>Fri, 27 Nov 2026 09:00:00 +0000</pubDate>
    <description>&lt;p&gt;Escaped HTML body
      &lt;img src=x onerror=alert(1)&gt;&lt;/p&gt;</description>
  </item>
  <item>
    <title>No guid, no link</title>
    <description>Lost.</description>
  </item>
</channel>
</rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Delta Agency</title>
  <id>urn:delta:feed</id>
  <updated>2026-11-27T10:00:00Z</updated>
  <entry>
    <title>River levels fall in the north</title>
    <id>urn:delta:river-levels</id>
    <published>2026-11-27T07:00:00Z</published>
    <updated>2026-11-27T10:00:00Z</updated>
    <author><name>Staff Reporter</name></author>
    <category term="floods" label="Floods"/>
    <summary>Relief continues.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>The <em>Teesta</em> fell overnight.</p><p onclick="x()">Second.</p>
    </div></content>
  </entry>
  <entry xml:lang="bn">
    <title>বাংলা শিরোনাম</title>
    <id>urn:delta:bn-1</id>
    <updated>2026-11-27T11:00:00Z</updated>
    <content type="text">প্রথম অনুচ্ছেদ।</content>
  </entry>
</feed>"""

NEWSML_G2 = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:g2:story-1"
    version="3" xml:lang="en">
  <itemMeta><pubStatus qcode="stat:{status}"/></itemMeta>
  <contentMeta>
    <firstCreated>2026-11-27T06:00:00Z</firstCreated>
    <versionCreated>2026-11-27T06:30:00Z</versionCreated>
    <creditline>G2 Agency</creditline>
    <headline>G2 headline</headline>
    <subject type="cpnat:abstract"><name>Economy</name></subject>
  </contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml">
    <html xmlns="http://www.w3.org/1999/xhtml"><body><p>G2 body.</p></body></html>
  </inlineXML></contentSet>
</newsItem>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><title>&lol3;</title><guid>x</guid>
<description>y</description></item></channel></rss>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title><guid>x</guid>
<description>y</description></item></channel></rss>"""


def run(text, label="feed.xml", publish=True, fmt=None):
    entries = sources.parse_document(text, label, fmt)
    return [o for _e, o in import_entries(entries, source="t", publish=publish)]


def test_rss_items_become_stories(desk):
    outcomes = run(RSS)
    assert [o.action for o in outcomes] == ["created", "created", "rejected"]
    assert "no guid or link" in outcomes[2].reason
    page = ArticlePage.objects.get(wire_item__uri="urn:meridian:2026:port-record")
    assert page.title == "Port of Chattogram handles record cargo"
    assert page.standfirst == "Container volumes rose 12 per cent."
    assert page.byline_text == "Karim Ahmed"
    assert page.agency.name == "Meridian Wire"
    assert sorted(page.tags.names()) == ["Shipping", "Trade"]
    html = "".join(str(block.value.source) for block in page.body)
    assert "<b>12 per cent</b>" in html and "script" not in html
    assert page.display_published_at.isoformat() == "2026-11-27T08:00:00+00:00"
    second = ArticlePage.objects.get(wire_item__uri="https://wire.example/second")
    body = "".join(str(block.value.source) for block in second.body)
    assert "Escaped HTML body" in body and "onerror" not in body


def test_the_same_feed_again_is_skipped_and_a_changed_item_updates(desk):
    run(RSS)
    assert [o.action for o in run(RSS)][:2] == ["skipped", "skipped"]
    changed = RSS.replace("08:00:00 +0000", "08:30:00 +0000").replace(
        "Port of Chattogram handles record cargo", "Port handles record cargo again"
    )
    assert run(changed)[0].action == "updated"
    page = ArticlePage.objects.get(wire_item__uri="urn:meridian:2026:port-record")
    assert page.title == "Port handles record cargo again"
    assert WireItem.objects.count() == 2


def test_atom_entries_become_stories_in_their_edition(desk):
    outcomes = run(ATOM)
    assert [o.action for o in outcomes] == ["created", "created"], outcomes
    page = ArticlePage.objects.get(wire_item__uri="urn:delta:river-levels")
    assert page.standfirst == "Relief continues."
    html = "".join(str(block.value.source) for block in page.body)
    assert "<em>Teesta</em>" in html and "onclick" not in html
    assert page.agency.name == "Delta Agency"
    assert page.display_modified_at.isoformat() == "2026-11-27T10:00:00+00:00"
    bangla = ArticlePage.objects.get(wire_item__uri="urn:delta:bn-1")
    assert bangla.locale.language_code == "bn"


def test_newsml_g2_items_and_their_kill(desk):
    assert run(NEWSML_G2.format(status="usable"))[0].action == "created"
    page = ArticlePage.objects.get(wire_item__uri="urn:g2:story-1")
    assert page.title == "G2 headline" and page.live
    assert page.agency.name == "G2 Agency"
    killed = NEWSML_G2.format(status="canceled").replace('version="3"', 'version="4"')
    assert run(killed)[0].action == "withdrawn"
    assert not ArticlePage.objects.get(pk=page.pk).live


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (BILLION_LAUGHS, "entity declarations are not allowed"),
        (XXE, "are not allowed"),
        ("<rss><channel><item><title>unclosed", "malformed XML"),
        ("<html><body>not a feed</body></html>", "unknown XML format"),
        ('<rss version="2.0"><channel></channel></rss>', "no items"),
    ],
)
def test_hostile_and_malformed_xml_is_refused_with_a_reason(desk, document, reason):
    outcomes = run(document)
    assert len(outcomes) == 1
    assert outcomes[0].action == "rejected"
    assert reason in outcomes[0].reason
    assert ArticlePage.objects.count() == 0


def test_utf16_xml_is_read(desk, tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(
        ATOM.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    )
    entries = list(sources.read_file(path))
    assert [e.error for e in entries] == ["", ""]


def test_a_declared_format_must_match(desk):
    [outcome] = run(RSS, fmt="atom")
    assert outcome.action == "rejected"
    assert "expected atom but this is rss" in outcome.reason


def test_xss_in_every_rss_field_is_sanitized(desk):
    xss = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
    document = f"""<rss version="2.0"><channel><title>{xss}Agency</title>
    <item><title>Headline {xss}</title><guid>urn:xss</guid>
    <author>{xss}Writer</author><category>{xss}Tag</category>
    <description>{xss}&lt;p&gt;Body&lt;/p&gt;</description></item></channel></rss>"""
    [outcome] = run(document)
    assert outcome.action == "created", outcome.line()
    page = ArticlePage.objects.get(pk=outcome.page_id)
    for value in (
        page.title,
        page.byline_text,
        page.agency.name,
        " ".join(page.tags.names()),
        "".join(str(block.value.source) for block in page.body),
    ):
        assert "<script" not in value and "onerror" not in value, value


@pytest.mark.skipif(
    not SHARED_NEWSML.is_dir(),
    reason=f"IPTC examples not found at {SHARED_NEWSML} (../shared is absent)",
)
@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in SHARED_NEWSML.glob("*.xml"))
    if SHARED_NEWSML.is_dir()
    else [],
)
def test_business_wire_newsml_samples_import(desk, name):
    entries = list(sources.read_file(SHARED_NEWSML / name))
    outcomes = [o for _e, o in import_entries(entries, source="bw", publish=True)]
    assert [o.action for o in outcomes] == ["created"], [o.line() for o in outcomes]
    page = ArticlePage.objects.get(pk=outcomes[0].page_id)
    assert page.title and len(page.body) > 0
    assert page.agency.name == "Business Wire"
    assert page.display_published_at is not None
    assert WireItem.objects.get(page=page).uri.startswith("urn:newsml:businesswire.com")
    # The same file again is the same story at the same revision.
    again = [o for _e, o in import_entries(sources.read_file(SHARED_NEWSML / name))]
    assert [o.action for o in again] == ["skipped"]
