"""Wire items → articles: mapping, the update chain, kills, embargoes, bad input."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.newsroom.models import Agency, ArticlePage
from masthead.wire import sources
from masthead.wire.models import WireItem, WireStatus
from masthead.wire.services import import_item


def item3(uri="urn:test:story-1", version="1", **extra):
    """A ninjs 3 text item."""
    data = {
        "uri": uri,
        "version": version,
        "type": "text",
        "language": "en",
        "firstCreated": "2026-11-27T08:00:00+00:00",
        "versionCreated": "2026-11-27T09:30:00+00:00",
        "pubStatus": "usable",
        "copyrightHolder": "Example News Agency",
        "headlines": [{"role": "main", "value": "Flood waters recede in the north"}],
        "descriptions": [{"role": "summary", "value": "Relief work continues."}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": "<p>First <b>paragraph</b>.</p><p>Second paragraph.</p>",
            }
        ],
        "by": "Staff Reporter",
        "subjects": [{"name": "Floods"}, {"name": "Weather"}],
        "keywords": ["relief"],
    }
    data.update(extra)
    return data


def item1(uri="urn:test:old-1", **extra):
    """A ninjs 1.x text item."""
    data = {
        "uri": uri,
        "type": "text",
        "version": "1",
        "headline": "Port traffic rises",
        "description_text": "Ships wait at anchor.",
        "body_text": "Line one of the story.\n\nLine two of the story.",
        "byline": "A Correspondent",
        "subject": [{"name": "Shipping"}],
        "provider": {"name": "Wire One"},
    }
    data.update(extra)
    return data


def run(item, publish=True, **kwargs):
    return import_item(item=item, source="test", publish=publish, **kwargs)


def test_ninjs3_item_becomes_a_live_article(desk):
    outcome = run(item3())
    assert outcome.action == "created", outcome.line()
    page = ArticlePage.objects.get(pk=outcome.page_id)
    assert page.live
    assert page.title == "Flood waters recede in the north"
    assert page.standfirst == "Relief work continues."
    assert page.byline_text == "Staff Reporter"
    assert page.agency.name == "Example News Agency"
    assert [b.block_type for b in page.body] == ["paragraph", "paragraph"]
    assert "<b>paragraph</b>" in str(page.body[0].value.source)
    assert sorted(page.tags.names()) == ["Floods", "Weather", "relief"]
    assert page.get_parent().specific == desk["en"]
    assert page.display_published_at.isoformat() == "2026-11-27T08:00:00+00:00"
    assert page.display_modified_at.isoformat() == "2026-11-27T09:30:00+00:00"
    wire = WireItem.objects.get(uri="urn:test:story-1")
    assert (wire.version, wire.status, wire.page_id) == (1, "created", page.pk)


def test_ninjs1_item_with_text_body_and_draft(desk):
    outcome = run(item1(), publish=False)
    assert outcome.action == "created"
    page = ArticlePage.objects.get(pk=outcome.page_id)
    assert not page.live
    assert page.agency.name == "Wire One"
    assert [str(b.value.source) for b in page.body] == [
        "<p>Line one of the story.</p>",
        "<p>Line two of the story.</p>",
    ]


def test_bangla_item_goes_to_the_bangla_edition(desk):
    outcome = run(item3(uri="urn:test:bn", language="bn"))
    page = ArticlePage.objects.get(pk=outcome.page_id)
    assert page.get_parent().specific == desk["bn"]
    assert page.locale.language_code == "bn"


def test_other_language_is_filed_in_the_default_edition_with_a_note(desk):
    outcome = run(item3(uri="urn:test:de", language="de-DE"))
    assert outcome.action == "created"
    assert any("'de' has no edition" in note for note in outcome.notes)


def test_agency_is_reused_by_name(desk):
    Agency.objects.create(name="Example News Agency")
    run(item3(uri="urn:a"))
    run(item3(uri="urn:b"))
    assert Agency.objects.filter(name__iexact="example news agency").count() == 1


def test_update_chain(desk):
    first = run(item3(version="1"))
    updated = run(
        item3(
            version="2",
            headlines=[{"value": "Flood waters recede, relief arrives"}],
        )
    )
    assert updated.action == "updated"
    assert updated.page_id == first.page_id
    page = ArticlePage.objects.get(pk=first.page_id)
    assert page.title == "Flood waters recede, relief arrives"
    assert page.live
    same = run(item3(version="2", headlines=[{"value": "Should not apply"}]))
    older = run(item3(version="1", headlines=[{"value": "Should not apply"}]))
    assert same.action == older.action == "skipped"
    assert "not newer" in same.reason
    page.refresh_from_db()
    assert page.title == "Flood waters recede, relief arrives"
    assert WireItem.objects.get().version == 2
    assert ArticlePage.objects.count() == 1


def test_bad_update_leaves_the_published_story_alone(desk):
    first = run(item3(version="1"))
    bad = run(item3(version="2", bodies=[], headlines=[]))
    assert bad.action == "rejected"
    wrong_type = run(item3(version="3", urgency="high"))
    assert wrong_type.action == "rejected"
    assert "urgency must be an integer" in wrong_type.reason
    page = ArticlePage.objects.get(pk=first.page_id)
    assert page.live and page.title == "Flood waters recede in the north"
    assert WireItem.objects.get().version == 1


@pytest.mark.parametrize("status", ["canceled", "withheld"])
def test_kill_withdraws_the_story(desk, status):
    first = run(item3(version="1"))
    kill = run({"uri": "urn:test:story-1", "version": "2", "pubStatus": status})
    assert kill.action == "withdrawn"
    page = ArticlePage.objects.get(pk=first.page_id)
    assert not page.live
    assert WireItem.objects.get().status == WireStatus.WITHDRAWN
    again = run({"uri": "urn:test:story-1", "version": "2", "pubStatus": status})
    assert again.action == "skipped"


def test_future_embargo_schedules_instead_of_publishing(desk):
    when = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    outcome = run(item3(embargoedUntil=when.isoformat()))
    assert outcome.action == "created"
    page = ArticlePage.objects.get(pk=outcome.page_id)
    assert not page.live
    assert page.go_live_at == when
    assert page.revisions.filter(approved_go_live_at=when).exists()
    assert any("scheduled" in note for note in outcome.notes)


def test_past_embargo_publishes_now(desk):
    outcome = run(item3(embargoedUntil="2020-01-01T00:00:00Z"))
    assert ArticlePage.objects.get(pk=outcome.page_id).live


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_xss_in_every_field_is_removed(desk):
    outcome = run(
        item3(
            headlines=[{"value": f"Headline {XSS}"}],
            descriptions=[{"value": f"Summary {XSS}"}],
            bodies=[
                {
                    "contentType": "text/html",
                    "value": f'<p onclick="evil()">Body</p>{XSS}'
                    '<p><a href="javascript:alert(1)">link</a></p>',
                }
            ],
            by=f"Reporter {XSS}",
            copyrightHolder=f"Agency {XSS}",
            subjects=[{"name": f"Tag {XSS}"}],
        )
    )
    assert outcome.action == "created", outcome.line()
    page = ArticlePage.objects.get(pk=outcome.page_id)
    stored = " ".join(
        [
            page.title,
            page.standfirst,
            page.byline_text,
            page.agency.name,
            json.dumps(list(page.body.raw_data)),
            " ".join(page.tags.names()),
        ]
    )
    for bad in ("<script", "onerror", "onclick", "javascript:", "<img"):
        assert bad not in stored
    assert page.title == "Headline"


@pytest.mark.parametrize(
    "item, reason",
    [
        ({"type": "text", "headline": "No uri", "body_text": "x"}, "no uri"),
        ({"uri": 42, "headline": "x", "body_text": "x"}, "uri must be"),
        ({"uri": "urn:\x00x", "headline": "x", "body_text": "x"}, "control char"),
        ({"uri": "urn:x", "body_text": "Body only"}, "no headline"),
        ({"uri": "urn:x", "headline": "Headline only"}, "no body"),
        ({"uri": "urn:x", "headline": ["a"], "body_text": "x"}, "headline must be"),
        (
            {"uri": "urn:x", "headline": "x", "body_html": "<script>1</script>"},
            "no body",
        ),
        ({"uri": "urn:x", "type": "picture", "headline": "x"}, "not supported yet"),
        ({"uri": "urn:x", "type": "video", "headline": "x"}, "not supported yet"),
        ({"uri": "urn:x", "type": "text", "subjects": "x", "headline": "h"}, "array"),
        ({"uri": "urn:x", "pubstatus": "killed", "headline": "h"}, "pubstatus"),
    ],
)
def test_bad_items_are_rejected_with_a_reason(desk, item, reason):
    outcome = run(item)
    assert outcome.action == "rejected"
    assert reason in outcome.reason
    assert not ArticlePage.objects.exists()


def test_an_association_without_a_picture_to_fetch_is_reported(desk):
    # Pictures with renditions are fetched: tests/wire/test_images.py.
    outcome = run(
        item3(associations=[{"name": "main", "uri": "urn:img", "type": "picture"}])
    )
    assert outcome.action == "created"
    assert "association without a picture to fetch: ignored" in outcome.notes


# -- reading files ------------------------------------------------------------------


def entries(tmp_path, content: bytes, name="wire.json"):
    path = tmp_path / name
    path.write_bytes(content)
    return list(sources.read_source(str(path)))


def test_utf16_with_bom_is_read(tmp_path):
    text = json.dumps(item1(headline="Ünïcode headline"), ensure_ascii=False)
    found = entries(tmp_path, text.encode("utf-16"))
    assert found[0].item["headline"] == "Ünïcode headline"


def test_json_array_and_json_lines(tmp_path):
    array = entries(tmp_path, json.dumps([item1(uri="a"), 5, item1(uri="b")]).encode())
    assert [bool(e.item) for e in array] == [True, False, True]
    assert "not a ninjs object" in array[1].error
    lines = "\n".join([json.dumps(item1(uri="a")), "{broken", json.dumps(item1())])
    found = entries(tmp_path, lines.encode(), name="feed.jsonl")
    assert [bool(e.item) for e in found] == [True, False, True]
    assert "malformed JSON" in found[1].error


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty file"),
        (b"{not json", "malformed JSON"),
        (b"\xff\xfe\x00", "not valid UTF-16"),
        (b"\xc3\x28 latin", "not UTF-8"),
        (b"[" * 100000 + b"]" * 100000, "malformed JSON"),
    ],
)
def test_unreadable_files_are_rejected(tmp_path, content, reason):
    found = entries(tmp_path, content)
    assert len(found) == 1
    assert reason in found[0].error


def test_huge_files_are_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 100)
    found = entries(tmp_path, json.dumps(item1(body_text="x" * 200)).encode())
    assert "file too large" in found[0].error


def test_folder_missing_path_and_url(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(item1(uri="a")))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text(json.dumps(item1(uri="b")))
    (tmp_path / "notes.txt").write_text("ignored")
    assert [e.item["uri"] for e in sources.read_source(str(tmp_path))] == ["a", "b"]
    assert "no such file" in next(sources.read_source(str(tmp_path / "nope"))).error
    device = next(sources.read_source("/dev/zero"))
    assert "not a regular file" in device.error
    # http(s) URLs are fetched (tests/wire/test_fetch.py); other schemes never.
    url = next(sources.read_source("ftp://example.com/feed.json"))
    assert "refused" in url.error


def test_command_prints_one_line_per_item_and_returns_1_on_rejection(desk, tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([item3(uri="urn:ok"), {"uri": "urn:bad"}]))
    out = io.StringIO()
    code = call_command("import_wire", str(path), "--publish", stdout=out)
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[0].startswith("created") and "urn:ok" in lines[0]
    assert lines[1].startswith("rejected") and "no headline" in lines[1]
    assert lines[2].startswith("2 items: 1 created")
    assert ArticlePage.objects.get().live
