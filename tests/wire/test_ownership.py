"""A wire story belongs to the source that created it (issue 7, High 2).

Another source's item with the same `uri` is refused with a reason in the
ingest log and a security event, unless an editor lets that source update the
owner's stories. Updates follow the updating source's own publish setting: a
drafts-only source never changes what readers see.
"""

import io
import json
import logging

import pytest
from django.core.management import call_command

from masthead.newsroom.models import ArticlePage
from masthead.wire import reading
from masthead.wire.models import IngestLogEntry, WireItem
from masthead.wire.polling import poll_source
from masthead.wire.services import import_entries

from .test_import import item3


def rss(guid, title, when="Sat, 28 Nov 2026 10:00:00 +0000"):
    return f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Copycat Feed</title><language>en</language>
<item><title>{title}</title><guid>{guid}</guid><pubDate>{when}</pubDate>
<description>&lt;p&gt;Rewritten body of the story.&lt;/p&gt;</description></item>
</channel></rss>"""


@pytest.fixture
def sources(desk, tmp_path):
    from masthead.wire.models import WireSource

    made = {}
    for name, publish in (("agency", True), ("copycat", False), ("partner", True)):
        folder = tmp_path / name
        folder.mkdir()
        made[name] = WireSource.objects.create(
            name=name.title(), location=str(folder), auto_publish=publish
        )
        made[name].folder = folder
    return made


def drop(source, name, text):
    (source.folder / name).write_text(text)


def live_story(sources, uri="urn:agency:1"):
    drop(sources["agency"], "story.json", json.dumps(item3(uri=uri)))
    assert poll_source(sources["agency"]) == "1 created"
    page = ArticlePage.objects.get(wire_item__uri=uri)
    assert page.live
    return page


def security_lines(caplog):
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "masthead.security"
    ]


def test_the_creating_source_owns_the_story(sources):
    live_story(sources)
    assert WireItem.objects.get(uri="urn:agency:1").owner == sources["agency"]


def test_a_drafts_only_rss_source_cannot_overwrite_another_sources_live_story(
    sources, client, caplog
):
    page = live_story(sources)
    caplog.set_level(logging.WARNING, logger="masthead.security")
    # RSS versions are timestamps: far above any ninjs version number.
    drop(sources["copycat"], "feed.rss", rss("urn:agency:1", "Hijacked headline"))
    assert poll_source(sources["copycat"]) == "1 rejected"
    page.refresh_from_db()
    assert page.live and page.title == "Flood waters recede in the north"
    assert not page.has_unpublished_changes
    assert "Hijacked" not in client.get(page.url).content.decode()
    entry = IngestLogEntry.objects.get(source=sources["copycat"])
    assert entry.action == "rejected"
    assert "belongs to the source “Agency”" in entry.reason
    wire = WireItem.objects.get(uri="urn:agency:1")
    assert wire.owner == sources["agency"] and wire.version == 1
    events = security_lines(caplog)
    assert {
        "event": "wire.rejected",
        "source": "Copycat",
        "uri": "urn:agency:1",
    }.items() <= events[-1].items()
    assert "belongs to" in events[-1]["reason"]


def test_another_source_cannot_kill_the_story(sources, client):
    page = live_story(sources)
    kill = {"uri": "urn:agency:1", "version": "9", "pubStatus": "canceled"}
    drop(sources["partner"], "kill.json", json.dumps(kill))
    assert poll_source(sources["partner"]) == "1 rejected"
    page.refresh_from_db()
    assert page.live and page.withdrawn_at is None
    assert client.get(page.url).status_code == 200


def test_an_allowed_source_may_update_and_kill(sources):
    page = live_story(sources)
    sources["partner"].may_update.add(sources["agency"])
    newer = item3(
        uri="urn:agency:1",
        version="2",
        headlines=[{"role": "main", "value": "Partner's update"}],
    )
    drop(sources["partner"], "update.json", json.dumps(newer))
    assert poll_source(sources["partner"]) == "1 updated"
    page.refresh_from_db()
    assert page.live and page.title == "Partner's update"
    # The story still belongs to the agency; the partner was only allowed in.
    assert WireItem.objects.get(uri="urn:agency:1").owner == sources["agency"]
    # The permission is one way: the agency may not touch the partner's stories.
    drop(sources["partner"], "own.json", json.dumps(item3(uri="urn:partner:1")))
    poll_source(sources["partner"])
    drop(
        sources["agency"],
        "take.json",
        json.dumps(item3(uri="urn:partner:1", version="5")),
    )
    assert poll_source(sources["agency"]) == "1 rejected"
    kill = {"uri": "urn:agency:1", "version": "3", "pubStatus": "canceled"}
    drop(sources["partner"], "kill.json", json.dumps(kill))
    assert poll_source(sources["partner"]) == "1 withdrawn"
    page.refresh_from_db()
    assert not page.live and page.withdrawn_at is not None


def test_a_drafts_only_source_never_changes_what_readers_see(sources, client):
    copycat = sources["copycat"]
    drop(copycat, "a.json", json.dumps(item3(uri="urn:copycat:1")))
    assert poll_source(copycat) == "1 created"
    page = ArticlePage.objects.get(wire_item__uri="urn:copycat:1")
    assert not page.live
    page.get_latest_revision().publish()  # the desk published it
    newer = item3(
        uri="urn:copycat:1",
        version="2",
        headlines=[{"role": "main", "value": "Unreviewed second take"}],
    )
    drop(copycat, "a.json", json.dumps(newer))
    assert poll_source(copycat) == "1 updated"
    page.refresh_from_db()
    assert page.live and page.title == "Flood waters recede in the north"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Unreviewed second take"
    body = client.get(page.url).content.decode()
    assert "Unreviewed second take" not in body
    # Nor does its kill take the story down: it is logged for the desk.
    kill = {"uri": "urn:copycat:1", "version": "3", "pubStatus": "canceled"}
    drop(copycat, "a.json", json.dumps(kill))
    assert poll_source(copycat) == "1 skipped"
    page.refresh_from_db()
    assert page.live and page.withdrawn_at is None
    entry = IngestLogEntry.objects.filter(source=copycat).first()
    assert "only saves drafts" in entry.reason


def batch(*items):
    return [reading.Entry(f"b[{n}]", item=item) for n, item in enumerate(items, 1)]


def test_the_bulk_path_records_the_owner_and_refuses_others(sources):
    agency, partner = sources["agency"], sources["partner"]
    made = list(
        import_entries(
            batch(*(item3(uri=f"urn:bulk:{n}") for n in range(5))),
            source=agency,
            publish=True,
        )
    )
    assert [o.action for _e, o in made] == ["created"] * 5
    assert set(WireItem.objects.values_list("owner", flat=True)) == {agency.pk}
    mixed = list(
        import_entries(
            batch(
                item3(uri="urn:bulk:2", version="7"),
                item3(uri="urn:bulk:new"),
                {"uri": "urn:bulk:3", "version": "8", "pubStatus": "withheld"},
            ),
            source=partner,
            publish=True,
        )
    )
    assert [o.action for _e, o in mixed] == ["rejected", "created", "rejected"]
    assert WireItem.objects.get(uri="urn:bulk:new").owner == partner
    assert ArticlePage.objects.live().filter(wire_item__uri="urn:bulk:3").exists()
    assert WireItem.objects.get(uri="urn:bulk:2").version == 1


def test_command_line_stories_belong_to_the_command_line(sources, tmp_path):
    path = tmp_path / "cli.json"
    path.write_text(json.dumps(item3(uri="urn:cli:1")))
    call_command("import_wire", str(path), "--publish", stdout=io.StringIO())
    wire = WireItem.objects.get(uri="urn:cli:1")
    assert wire.owner is None
    # A polled source cannot take the command line's story...
    drop(sources["agency"], "x.json", json.dumps(item3(uri="urn:cli:1", version="4")))
    assert poll_source(sources["agency"]) == "1 rejected"
    assert "command line" in IngestLogEntry.objects.first().reason
    # ...nor can the command line take a source's story.
    live_story(sources, uri="urn:agency:2")
    path.write_text(json.dumps(item3(uri="urn:agency:2", version="4")))
    out = io.StringIO()
    code = call_command("import_wire", str(path), "--publish", stdout=out)
    assert code == 1
    assert out.getvalue().startswith("rejected")
    assert "belongs to the source “Agency”" in out.getvalue()
    # Importing *as* the source is allowed: an operator backfilling its copy.
    path.write_text(
        json.dumps(
            item3(
                uri="urn:agency:2",
                version="5",
                headlines=[{"value": "Backfilled"}],
            )
        )
    )
    out = io.StringIO()
    code = call_command(
        "import_wire", str(path), "--source", str(sources["agency"].pk), stdout=out
    )
    assert code == 0, out.getvalue()
    assert out.getvalue().startswith("updated")
    # The agency publishes straight away, so its update is live.
    assert ArticlePage.objects.get(wire_item__uri="urn:agency:2").title == "Backfilled"


def test_an_editor_lets_one_source_update_anothers_stories_in_the_admin(
    sources, admin_client
):
    from django.urls import reverse

    partner, agency = sources["partner"], sources["agency"]
    form = admin_client.get(reverse("wire_sources:edit", args=[partner.pk]))
    assert "may update stories of" in form.content.decode().lower()
    response = admin_client.post(
        reverse("wire_sources:edit", args=[partner.pk]),
        {
            "name": partner.name,
            "location": partner.location,
            "format": "auto",
            "poll_interval": "300",
            "section": "",
            "auto_publish": "on",
            "may_update": [str(agency.pk)],
            "enabled": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(partner.may_update.all()) == [agency]
