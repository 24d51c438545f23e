"""ISO 8601 times in wire copy: the one parser every wire reader uses.

Agencies send RFC 3339 (`2024-05-01T10:00:00+06:00`, what ninjs and Atom
require) and NewsML's basic form (`20240501T100000+0600`). A time that is not
one reads as None, never an error: a story without a time is still a story.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from django.utils.dateparse import parse_datetime

_BASIC_FORMATS = ("%Y%m%dT%H%M%S%z", "%Y%m%dT%H%M%S")


def parse_iso(value, *, naive_in: tzinfo | None = None) -> datetime | None:
    """The aware time `value` states, else None. A time without a UTC offset
    is read in `naive_in`; without one it is refused, since guessing the zone
    would move an embargo by hours."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        for fmt in _BASIC_FORMATS:
            try:
                parsed = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=naive_in) if naive_in else None
    return parsed
