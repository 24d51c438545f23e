"""Dates and times as the reader's edition writes them.

English: "30 Nov 2026, 4:15 PM". Bangla: "৩০ নভেম্বর ২০২৬, বিকেল ৪:১৫" —
Bangladeshi dailies write the month in full (Django's Bangla abbreviations,
"নভে.", are not newspaper style), the part of the day as a word (ভোর, সকাল,
দুপুর, বিকেল, সন্ধ্যা, রাত) rather than AM/PM, and Bengali digits.

Times are shown in the current time zone (the edition's: base.html wraps the
page in `{% timezone chrome.time_zone %}`). Machine formats (feeds, sitemaps,
JSON-LD, `datetime=""` attributes) never come through here.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import dateformat, timezone, translation

from .numerals import localize_digits

# style -> format per language (Django `date` syntax); "{period}" is the part
# of the day, for languages that name it.
STYLES = {
    "en": {
        "long": "j F Y, g:i A",
        "short": "j M Y, g:i A",
        "date": "j F Y",
        "day": "l, j F Y",
    },
    "bn": {
        "long": "j F Y, {period} g:i",
        "short": "j F Y, {period} g:i",
        "date": "j F Y",
        "day": "l, j F Y",
    },
}

# (first hour, word) for the parts of the day, in Bangla newspaper usage.
BANGLA_PERIODS = (
    (0, "রাত"),
    (4, "ভোর"),
    (6, "সকাল"),
    (12, "দুপুর"),
    (15, "বিকেল"),
    (18, "সন্ধ্যা"),
    (20, "রাত"),
)


def bangla_period(hour: int) -> str:
    """The Bangla name of the part of the day that `hour` (0-23) falls in."""
    word = BANGLA_PERIODS[0][1]
    for start, name in BANGLA_PERIODS:
        if hour >= start:
            word = name
    return word


def format_when(value, style: str = "long", language: str | None = None) -> str:
    """`value` (a datetime or date) written for readers of `language` (default:
    the active language), in `style`: long, short, date or day."""
    if value in (None, ""):
        return ""
    code = (language or translation.get_language() or "en").split("-")[0]
    styles = STYLES.get(code, STYLES["en"])
    pattern = styles.get(style) or styles["long"]
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        pattern = pattern.replace("{period}", _escape(bangla_period(value.hour)))
    elif isinstance(value, date):
        pattern = styles["date"] if style in ("long", "short") else pattern
    else:
        return str(value)
    with translation.override(code):
        # (In NFC: Django's Bangla names spell some letters in two code points.)
        return localize_digits(dateformat.format(value, pattern), code)


def _escape(word: str) -> str:
    """`word` as literal text in a Django date format."""
    return "".join("\\" + char for char in word)
