"""Dates as each edition writes them (masthead.core.newsdates) and Django's
Bangla formats (masthead/formats/bn)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, timezone, translation

from masthead.core.newsdates import bangla_period, format_when

DHAKA = ZoneInfo("Asia/Dhaka")
AFTERNOON = dt.datetime(2026, 11, 30, 16, 15, tzinfo=DHAKA)


@pytest.mark.parametrize(
    ("style", "bangla", "english"),
    [
        ("long", "৩০ নভেম্বর ২০২৬, বিকেল ৪:১৫", "30 November 2026, 4:15 PM"),
        ("short", "৩০ নভেম্বর ২০২৬, বিকেল ৪:১৫", "30 Nov 2026, 4:15 PM"),
        ("date", "৩০ নভেম্বর ২০২৬", "30 November 2026"),
        ("day", "সোমবার, ৩০ নভেম্বর ২০২৬", "Monday, 30 November 2026"),
    ],
)
def test_each_style_in_both_editions(style, bangla, english):
    with timezone.override(DHAKA):
        assert format_when(AFTERNOON, style, "bn") == bangla
        assert format_when(AFTERNOON, style, "en") == english


@pytest.mark.parametrize(
    ("hour", "word"),
    [
        (0, "রাত"),
        (3, "রাত"),
        (4, "ভোর"),
        (6, "সকাল"),
        (11, "সকাল"),
        (12, "দুপুর"),
        (15, "বিকেল"),
        (18, "সন্ধ্যা"),
        (20, "রাত"),
        (23, "রাত"),
    ],
)
def test_the_part_of_the_day_is_named_as_papers_do(hour, word):
    assert bangla_period(hour) == word


def test_times_are_shown_in_the_current_time_zone():
    utc = dt.datetime(2026, 11, 30, 18, 30, tzinfo=dt.UTC)  # 00:30 in Dhaka
    with timezone.override(DHAKA):
        assert format_when(utc, "long", "bn") == "১ ডিসেম্বর ২০২৬, রাত ১২:৩০"
        assert format_when(utc, "long", "en") == "1 December 2026, 12:30 AM"


def test_midday_and_morning():
    with timezone.override(DHAKA):
        assert format_when(AFTERNOON.replace(hour=12, minute=5), "long", "bn") == (
            "৩০ নভেম্বর ২০২৬, দুপুর ১২:০৫"
        )
        assert format_when(AFTERNOON.replace(hour=9, minute=0), "long", "bn") == (
            "৩০ নভেম্বর ২০২৬, সকাল ৯:০০"
        )


def test_every_month_and_weekday_is_bangla_with_single_code_point_vowels():
    import unicodedata

    for month in range(1, 13):
        text = format_when(dt.date(2026, month, 1), "day", "bn")
        assert not any(
            "a" <= c.lower() <= "z" or c.isascii() and c.isdigit() for c in text
        )
        assert unicodedata.normalize("NFC", text) == text


def test_dates_without_time_and_empty_values():
    assert format_when(dt.date(2026, 1, 5), "long", "bn") == "৫ জানুয়ারি ২০২৬"
    assert format_when(None) == ""
    assert format_when("") == ""


def test_the_active_language_is_the_default():
    with timezone.override(DHAKA), translation.override("bn"):
        rendered = Template(
            "{% load masthead_tags %}{{ when|newsdate }}|{{ when|newsdate:'day' }}"
            "|{{ 2026|digits }}"
        ).render(Context({"when": AFTERNOON}))
    assert rendered == "৩০ নভেম্বর ২০২৬, বিকেল ৪:১৫|সোমবার, ৩০ নভেম্বর ২০২৬|২০২৬"


def test_djangos_bangla_formats_are_the_papers():
    with translation.override("bn"):
        assert formats.get_format("DATE_FORMAT") == "j F Y"
        assert formats.get_format("SHORT_DATE_FORMAT") == "j F Y"
        assert formats.date_format(AFTERNOON.date()) == "30 নভেম্বর 2026"
        # Lakh and crore grouping.
        assert formats.number_format(12345678, force_grouping=True) == "1,23,45,678"
    with translation.override("en"):
        assert formats.number_format(12345678, force_grouping=True) == "12,345,678"


def test_the_digits_filter_writes_django_dates_in_nfc():
    import unicodedata

    monday = dt.date(2026, 11, 30)
    with translation.override("bn"):
        rendered = Template(
            '{% load masthead_tags %}{{ day|date:"l, j F Y"|digits }}'
        ).render(Context({"day": monday}))
    assert rendered == unicodedata.normalize("NFC", "সোমবার, ৩০ নভেম্বর ২০২৬")
    assert "\u09c7\u09be" not in rendered  # ে + া, not ো
