"""Times in wire copy: one ISO 8601 reader for ninjs, Atom, RSS and NewsML."""

from datetime import UTC, datetime, timedelta, timezone

from masthead.wire.dates import parse_iso
from masthead.wire.mapping import to_story

from .test_import import item3

DHAKA = timezone(timedelta(hours=6))


def test_extended_and_basic_forms_read_the_same_moment():
    moment = datetime(2026, 5, 1, 4, 0, tzinfo=UTC)
    assert parse_iso("2026-05-01T10:00:00+06:00") == moment
    assert parse_iso(" 20260501T100000+0600 ") == moment
    assert parse_iso("2026-05-01T04:00:00Z") == moment


def test_a_time_without_offset_is_refused_unless_a_zone_is_given():
    assert parse_iso("2026-05-01T10:00:00") is None
    assert parse_iso("2026-05-01T10:00:00", naive_in=DHAKA) == datetime(
        2026, 5, 1, 10, 0, tzinfo=DHAKA
    )


def test_what_is_not_a_time_reads_as_none():
    for value in ("", "yesterday", "2026-13-45T99:00:00Z", None, 1714536000, []):
        assert parse_iso(value) is None


def test_a_ninjs_item_keeps_its_offset_and_drops_a_naive_embargo():
    story = to_story(
        item3(
            firstCreated="20261127T080000+0600",
            embargoedUntil="2026-11-28T00:00:00",
        )
    )
    assert story.firstcreated == datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    assert story.embargoed is None
