"""Wire folder sources read only under the operator's MASTHEAD_WIRE_ROOTS
(symlinks resolved, at save time and at every poll), and the ingest log that
sub-editors read never shows absolute server paths."""

import json
import os

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.roles import CHIEF_EDITOR, SUB_EDITOR, ensure_roles
from masthead.wire.models import IngestLogEntry, WireSource
from masthead.wire.polling import poll_source

from .test_import import item3


@pytest.fixture
def layout(tmp_path, settings):
    """root/ (the operator's wire root) with root/inbox, and outside/ beside
    it holding a wire file nobody should read."""
    root = tmp_path / "root"
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text(json.dumps(item3(uri="urn:outside:1")))
    settings.MASTHEAD_WIRE_ROOTS = [root]
    return root, inbox, outside


def write(folder, name, uri):
    path = folder / name
    path.write_text(json.dumps(item3(uri=uri)))
    return path


@pytest.mark.parametrize(
    "location", ["/", "/proc/self", "/etc", "{root}/../outside", "{root}/inbox/../.."]
)
def test_folders_outside_the_roots_are_refused(db, layout, location):
    root, _inbox, _outside = layout
    source = WireSource(name="x", location=location.format(root=root))
    with pytest.raises(ValidationError, match="MASTHEAD_WIRE_ROOTS"):
        source.full_clean()


def test_a_folder_inside_the_roots_is_fine(db, layout):
    root, inbox, _outside = layout
    WireSource(name="x", location=str(inbox)).full_clean()
    WireSource(name="x", location=str(root / "not-yet-created")).full_clean()


def test_a_symlink_out_of_the_roots_is_refused_in_the_form(db, layout):
    root, _inbox, outside = layout
    (root / "escape").symlink_to(outside)
    with pytest.raises(ValidationError, match="MASTHEAD_WIRE_ROOTS"):
        WireSource(name="x", location=str(root / "escape")).full_clean()


def test_the_roots_come_from_the_setting_with_a_default(db, settings):
    from masthead.wire.roots import wire_roots

    settings.MASTHEAD_WIRE_ROOTS = []
    assert wire_roots() == [(settings.DATA_DIR / "wire").resolve()]


def test_the_admin_form_says_why(db, layout, django_user_model):
    ensure_roles()
    user = django_user_model.objects.create_user("chief", password="pw")
    user.groups.add(Group.objects.get(name=CHIEF_EDITOR))
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("wire_sources:add"),
        {
            "name": "Everything",
            "location": "/proc/self",
            "format": "auto",
            "poll_interval": "300",
            "enabled": "on",
        },
    )
    assert response.status_code == 200
    assert "inside the wire folders set by the operator" in response.content.decode()
    assert not WireSource.objects.filter(name="Everything").exists()


def test_a_source_outside_the_roots_is_not_read_at_poll_time(desk, layout):
    _root, _inbox, outside = layout
    # Saved without the form (or before the roots were set).
    source = WireSource.objects.create(name="Sneaky", location=str(outside))
    result = poll_source(source)
    assert "MASTHEAD_WIRE_ROOTS" in result
    assert not ArticlePage.objects.filter(wire_item__uri="urn:outside:1").exists()
    entry = IngestLogEntry.objects.get(source=source)
    assert entry.action == "rejected"
    assert str(outside) not in entry.label + entry.reason


def test_a_folder_swapped_for_a_symlink_later_is_refused(desk, layout):
    root, _inbox, outside = layout
    drop = root / "drop"
    drop.mkdir()
    source = WireSource(name="Swapped", location=str(drop))
    source.full_clean()
    source.save()
    drop.rmdir()
    drop.symlink_to(outside)
    result = poll_source(source)
    assert "MASTHEAD_WIRE_ROOTS" in result
    assert not ArticlePage.objects.filter(wire_item__uri="urn:outside:1").exists()


def test_a_symlink_inside_the_inbox_pointing_out_is_refused(desk, layout):
    root, inbox, outside = layout
    write(inbox, "good.json", "urn:inside:good")
    (inbox / "link.json").symlink_to(outside / "secret.json")
    # A link to a file that stays inside the roots is fine.
    write(root, "shared.json", "urn:inside:shared")
    (inbox / "shared-link.json").symlink_to(root / "shared.json")
    source = WireSource.objects.create(name="Inbox", location=str(inbox))
    poll_source(source)
    assert ArticlePage.objects.filter(wire_item__uri="urn:inside:good").exists()
    assert ArticlePage.objects.filter(wire_item__uri="urn:inside:shared").exists()
    assert not ArticlePage.objects.filter(wire_item__uri="urn:outside:1").exists()
    refused = IngestLogEntry.objects.get(source=source, action="rejected")
    assert refused.label == "inbox/link.json"
    assert "MASTHEAD_WIRE_ROOTS" in refused.reason


def test_pipes_and_devices_in_the_inbox_are_refused(desk, layout):
    _root, inbox, _outside = layout
    os.mkfifo(inbox / "pipe.json")
    source = WireSource.objects.create(name="Inbox", location=str(inbox))
    poll_source(source)  # returns: does not block on the pipe
    entry = IngestLogEntry.objects.get(source=source)
    assert entry.action == "rejected" and "regular file" in entry.reason


def test_sub_editors_see_paths_relative_to_the_root(desk, layout, django_user_model):
    root, inbox, _outside = layout
    (inbox / "bad.json").write_text("{not json")
    missing = WireSource.objects.create(name="Gone", location=str(root / "gone"))
    source = WireSource.objects.create(name="Inbox", location=str(inbox))
    poll_source(source)
    poll_source(missing)
    labels = list(IngestLogEntry.objects.values_list("label", "reason"))
    assert "inbox/bad.json" in [label for label, _ in labels], labels
    ensure_roles()
    user = django_user_model.objects.create_user("sub", password="pw")
    user.groups.add(Group.objects.get(name=SUB_EDITOR))
    client = Client()
    client.force_login(user)
    html = client.get(reverse("wire_ingest_log:index")).content.decode()
    assert "inbox/bad.json" in html
    assert str(root) not in html
