"""Wire sources: configured in the admin, polled by the scheduler, logged."""

import json
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masthead.core.scheduler import Job, Scheduler
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.roles import (
    ADMINISTRATOR,
    CHIEF_EDITOR,
    MODERATOR,
    REPORTER,
    SECTION_EDITOR,
    SUB_EDITOR,
    ensure_roles,
)
from masthead.wire.models import IngestLogEntry, WireSource
from masthead.wire.polling import poll_due_sources, poll_source

from .test_import import item3


def drop(folder, name, *items):
    path = folder / name
    path.write_text("\n".join(json.dumps(item) for item in items))
    return path


@pytest.fixture
def folder_source(desk, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    source = WireSource.objects.create(
        name="Meridian drop", location=str(folder), auto_publish=False
    )
    return source, folder


def test_a_dropped_file_becomes_drafts_once(folder_source):
    source, folder = folder_source
    drop(folder, "a.jsonl", item3(uri="urn:drop:1"), item3(uri="urn:drop:2"))
    result = poll_source(source)
    assert result == "2 created"
    pages = ArticlePage.objects.filter(wire_item__uri__startswith="urn:drop:")
    assert pages.count() == 2 and not any(page.live for page in pages)
    log = IngestLogEntry.objects.filter(source=source)
    assert sorted(log.values_list("action", flat=True)) == ["created", "created"]
    assert all(entry.page_id for entry in log)
    # The same unchanged file is not read again.
    assert poll_source(source) == "nothing new"
    assert IngestLogEntry.objects.filter(source=source).count() == 2


def test_auto_publish_updates_and_kills(folder_source):
    source, folder = folder_source
    source.auto_publish = True
    source.save()
    drop(folder, "story.json", item3(uri="urn:drop:live"))
    poll_source(source)
    page = ArticlePage.objects.get(wire_item__uri="urn:drop:live")
    assert page.live
    # The agency sends version 2 in the same file name: it replaces the story.
    path = drop(
        folder,
        "story.json",
        item3(
            uri="urn:drop:live",
            version="2",
            headlines=[{"role": "main", "value": "Second take"}],
        ),
    )
    assert path.exists()
    assert poll_source(source) == "1 updated"
    assert ArticlePage.objects.get(pk=page.pk).title == "Second take"
    # Then kills it.
    drop(
        folder,
        "kill.json",
        item3(uri="urn:drop:live", version="3", pubStatus="canceled"),
    )
    assert poll_source(source) == "1 withdrawn"
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_embargoed_items_hold_until_their_time(folder_source):
    source, folder = folder_source
    source.auto_publish = True
    source.save()
    later = (timezone.now() + timedelta(hours=3)).isoformat()
    drop(folder, "embargo.json", item3(uri="urn:drop:embargo", embargoedUntil=later))
    poll_source(source)
    page = ArticlePage.objects.get(wire_item__uri="urn:drop:embargo")
    assert not page.live and page.go_live_at is not None
    log = IngestLogEntry.objects.get(source=source)
    assert "embargoed" in log.reason


def test_a_broken_source_does_not_stop_the_others(folder_source, tmp_path):
    source, folder = folder_source
    broken = WireSource.objects.create(name="Gone", location=str(tmp_path / "nope"))
    drop(folder, "a.json", item3(uri="urn:drop:ok"))
    drop(folder, "bad.json", "{not json")
    results = poll_due_sources()
    assert "does not exist" in results[broken.pk]
    assert results[source.pk] == "1 created, 1 rejected"
    assert ArticlePage.objects.filter(wire_item__uri="urn:drop:ok").exists()
    broken.refresh_from_db()
    assert broken.next_poll_at > timezone.now()
    # Not due again until its interval has passed.
    assert poll_due_sources() == {}


def test_disabled_sources_are_not_polled(folder_source):
    source, folder = folder_source
    source.enabled = False
    source.save()
    drop(folder, "a.json", item3(uri="urn:drop:off"))
    assert poll_due_sources() == {}


def test_the_scheduler_polls_due_sources(folder_source, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.REDIS_URL = ""
    source, folder = folder_source
    drop(folder, "a.json", item3(uri="urn:drop:sched"))
    scheduler = Scheduler(jobs=[Job("poll_wire_sources", 30.0, poll_due_sources)])
    assert scheduler.run_due() == ["poll_wire_sources"]
    assert ArticlePage.objects.filter(wire_item__uri="urn:drop:sched").exists()


def test_poll_wire_command(folder_source, capsys):
    source, folder = folder_source
    drop(folder, "a.json", item3(uri="urn:drop:cmd"))
    call_command("poll_wire", "--source", str(source.pk))
    assert "Meridian drop: 1 created" in capsys.readouterr().out
    with pytest.raises(Exception, match="no wire source"):
        call_command("poll_wire", "--source", "99999")


def test_the_cli_import_is_logged_too(desk, tmp_path):
    path = drop(tmp_path, "cli.json", item3(uri="urn:cli:logged"))
    call_command("import_wire", str(path))
    entry = IngestLogEntry.objects.get(uri="urn:cli:logged")
    assert entry.source is None and entry.action == "created"


@pytest.mark.parametrize(
    ("location", "ok"),
    [
        ("https://wire.example/feed.xml", True),
        ("/srv/wire/meridian", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("ftp://wire.example/", False),
        ("relative/folder", False),
        ("http://", False),
        ("/srv/wire\x00evil", False),
        # Folders only under the operator's wire roots (see test_roots.py).
        ("/", False),
        ("/proc/self", False),
        ("/srv/wire/../../etc", False),
    ],
)
def test_source_locations_are_checked(db, settings, location, ok):
    settings.MASTHEAD_WIRE_ROOTS = ["/srv/wire"]
    source = WireSource(name="x", location=location)
    if ok:
        source.full_clean()
    else:
        with pytest.raises(ValidationError):
            source.full_clean()


@pytest.mark.parametrize("interval", [0, 59, 86401, -5])
def test_poll_intervals_are_bounded(db, interval):
    with pytest.raises(ValidationError):
        WireSource(name="x", location="/srv/wire", poll_interval=interval).full_clean()


# -- the admin screens, by role ----------------------------------------------------

ROLES = (REPORTER, SUB_EDITOR, SECTION_EDITOR, CHIEF_EDITOR, MODERATOR, ADMINISTRATOR)
MANAGE = {CHIEF_EDITOR, ADMINISTRATOR}
READ_LOG = {SUB_EDITOR, SECTION_EDITOR, CHIEF_EDITOR, ADMINISTRATOR}


@pytest.fixture
def staff(desk, django_user_model):
    ensure_roles()
    users = {}
    for role in ROLES:
        user = django_user_model.objects.create_user(
            role.replace(" ", "_"), password="pw"
        )
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    source = WireSource.objects.create(name="Meridian", location="/srv/wire/meridian")
    IngestLogEntry.objects.create(source=source, label="x.json", action="created")
    return users, source


@pytest.mark.parametrize("role", ROLES)
def test_wire_screens_by_role(staff, role):
    users, source = staff
    client = Client()
    client.force_login(users[role])
    may_manage = role in MANAGE
    index = client.get(reverse("wire_sources:index"))
    assert (index.status_code == 200) is may_manage, index.status_code
    add = client.post(
        reverse("wire_sources:add"),
        {
            "name": "New <b>feed</b>",
            "location": "https://wire.example/new.xml",
            "format": "auto",
            "poll_interval": "300",
            "section": "",
            "enabled": "on",
        },
    )
    created = WireSource.objects.filter(location="https://wire.example/new.xml")
    assert created.exists() is may_manage, add.status_code
    edit = client.get(reverse("wire_sources:edit", args=[source.pk]))
    assert (edit.status_code == 200) is may_manage
    poll = client.get(reverse("masthead_wire_poll", args=[source.pk]))
    assert (poll.status_code == 200) is may_manage
    delete = client.post(reverse("wire_sources:delete", args=[source.pk]))
    assert WireSource.objects.filter(pk=source.pk).exists() is not may_manage
    if not may_manage:
        assert poll.status_code in (302, 403)
        assert delete.status_code in (302, 403)
    log = client.get(reverse("wire_ingest_log:index"))
    assert (log.status_code == 200) is (role in READ_LOG), log.status_code


def test_the_source_listing_escapes_names_and_offers_poll_now(staff):
    users, source = staff
    source.name = '<script>alert("x")</script>'
    source.save()
    client = Client()
    client.force_login(users[CHIEF_EDITOR])
    html = client.get(reverse("wire_sources:index")).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert reverse("masthead_wire_poll", args=[source.pk]) in html


def test_bad_source_input_is_a_form_error(staff):
    users, _source = staff
    client = Client()
    client.force_login(users[CHIEF_EDITOR])
    response = client.post(
        reverse("wire_sources:add"),
        {
            "name": "Evil",
            "location": "file:///etc/passwd",
            "format": "nonsense",
            "poll_interval": "-1",
            "enabled": "on",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only http:// and https:// addresses can be polled" in html
    assert not WireSource.objects.filter(name="Evil").exists()


def test_poll_now_posts_with_csrf(staff, tmp_path):
    users, source = staff
    folder = tmp_path / "drop"
    folder.mkdir()
    drop(folder, "a.json", item3(uri="urn:drop:now"))
    source.location = str(folder)
    source.save()
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[CHIEF_EDITOR])
    url = reverse("masthead_wire_poll", args=[source.pk])
    assert client.post(url).status_code == 403
    assert not ArticlePage.objects.filter(wire_item__uri="urn:drop:now").exists()
    page = client.get(url)
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    token = token or client.cookies["csrftoken"].value
    response = client.post(url, {"csrfmiddlewaretoken": token}, follow=True)
    assert response.status_code == 200
    # Queued, not fetched inside the request: the scheduler's wire lane polls it.
    assert "queued, will be polled within" in response.content.decode()
    assert not ArticlePage.objects.filter(wire_item__uri="urn:drop:now").exists()
    poll_due_sources()
    assert ArticlePage.objects.filter(wire_item__uri="urn:drop:now").exists()
    log = Client()
    log.force_login(users[SUB_EDITOR])
    assert b"urn:drop:now" in log.get(reverse("wire_ingest_log:index")).content


def test_poll_now_makes_a_source_due_without_fetching(staff, wire_server):
    """The admin's request returns at once even when the feed is slow."""
    users, source = staff

    def slow():
        time.sleep(3)
        return b"[]"

    source.location = wire_server.add("/slow.json", slow)
    source.next_poll_at = timezone.now() + timedelta(hours=1)
    source.save()
    client = Client()
    client.force_login(users[CHIEF_EDITOR])
    started = time.monotonic()
    response = client.post(reverse("masthead_wire_poll", args=[source.pk]))
    assert time.monotonic() - started < 1
    assert response.status_code == 302
    assert wire_server.hits == []
    source.refresh_from_db()
    assert source.next_poll_at <= timezone.now()
    assert source.pk in poll_due_sources()


# -- private addresses: per source, never for pictures ------------------------------


def url_source(wire_server, path, *items, allow=False):
    url = wire_server.add(path, "\n".join(json.dumps(i) for i in items).encode())
    return WireSource.objects.create(
        name=f"LAN {path}", location=url, allow_private_hosts=allow
    )


def test_private_addresses_are_allowed_per_source(desk, wire_server):
    # The operator's switch is on (wire_server); only the flagged source may
    # reach this loopback server.
    closed = url_source(wire_server, "/a.jsonl", item3(uri="urn:lan:a"))
    assert poll_source(closed) == "1 rejected" and wire_server.hits == []
    reason = IngestLogEntry.objects.get(source=closed).reason
    assert "refused" in reason and "loopback" in reason
    assert not ArticlePage.objects.filter(wire_item__uri="urn:lan:a").exists()
    opened = url_source(wire_server, "/b.jsonl", item3(uri="urn:lan:b"), allow=True)
    assert poll_source(opened) == "1 created"
    assert wire_server.hits == ["/b.jsonl"]


def test_the_operator_switch_overrides_a_source(desk, wire_server, settings):
    source = url_source(wire_server, "/c.jsonl", item3(uri="urn:lan:c"), allow=True)
    settings.MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS = False
    assert poll_source(source) == "1 rejected"
    assert "refused" in IngestLogEntry.objects.get(source=source).reason
    assert wire_server.hits == []


def test_pictures_inside_copy_never_come_from_private_addresses(desk, wire_server):
    from .test_images import png, with_picture

    picture = wire_server.add("/lan.png", png(), content_type="image/png")
    source = url_source(
        wire_server, "/d.jsonl", with_picture(picture, uri="urn:lan:d"), allow=True
    )
    assert poll_source(source) == "1 created"
    page = ArticlePage.objects.get(wire_item__uri="urn:lan:d")
    assert page.lead_image is None
    assert wire_server.hits == ["/d.jsonl"]  # the picture was never requested
    entry = IngestLogEntry.objects.get(source=source, uri="urn:lan:d")
    assert "image not imported: refused" in entry.reason


def source_form(**extra):
    data = {
        "name": "LAN feed",
        "location": "https://wire.example/lan.xml",
        "format": "auto",
        "poll_interval": "300",
        "section": "",
        "enabled": "on",
    }
    data.update(extra)
    return data


def test_only_with_the_operator_switch_can_the_flag_be_set(staff, settings):
    users, _source = staff
    client = Client()
    client.force_login(users[CHIEF_EDITOR])
    settings.MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS = False
    response = client.post(
        reverse("wire_sources:add"), source_form(allow_private_hosts="on")
    )
    assert response.status_code == 200
    assert "MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS is off" in response.content.decode()
    assert not WireSource.objects.filter(name="LAN feed").exists()
    settings.MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS = True
    response = client.post(
        reverse("wire_sources:add"), source_form(allow_private_hosts="on")
    )
    assert response.status_code == 302
    assert WireSource.objects.get(name="LAN feed").allow_private_hosts


def test_others_who_may_edit_sources_cannot_set_the_flag(staff, settings):
    from django.contrib.auth.models import Permission

    users, source = staff
    settings.MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS = True
    desk_lead = users[SECTION_EDITOR]
    desk_lead.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wire", codename__endswith="wiresource"
        ),
        Permission.objects.get(codename="access_admin"),
    )
    client = Client()
    client.force_login(desk_lead)
    form = client.get(reverse("wire_sources:edit", args=[source.pk]))
    assert form.status_code == 200
    assert "allow_private_hosts" not in form.content.decode()
    client.post(
        reverse("wire_sources:edit", args=[source.pk]),
        source_form(name="Meridian", allow_private_hosts="on"),
    )
    source.refresh_from_db()
    assert not source.allow_private_hosts
    chief = Client()
    chief.force_login(users[ADMINISTRATOR])
    html = chief.get(reverse("wire_sources:edit", args=[source.pk])).content
    assert b"allow_private_hosts" in html
