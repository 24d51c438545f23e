"""Text hygiene shared by every input path (wire, admin forms, API)."""

from __future__ import annotations

import re

# C0 controls and DEL, except tab, newline and carriage return: XML 1.0 cannot
# carry them (a feed with one fails to parse) and no reader ever meant to type one.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(value: str) -> str:
    """`value` without C0 control characters (tab, newline and CR are kept)."""
    return _CONTROLS.sub("", value) if value else value


def has_controls(value: str) -> bool:
    return bool(value) and _CONTROLS.search(value) is not None
