"""Digits in the reader's script.

Django formats numbers and dates with ASCII digits in every language; the
Bangla edition writes them with Bengali digits (০১২৩৪৫৬৭৮৯). Text is
converted after formatting, so the same formats (and Django's translated month
and weekday names) serve both editions; Bangla text comes out in Unicode NFC.
"""

from __future__ import annotations

import unicodedata

from django.utils import translation

# language code -> its ten digits, 0 to 9
NATIVE_DIGITS = {"bn": "০১২৩৪৫৬৭৮৯"}

_TABLES = {
    code: str.maketrans("0123456789", digits) for code, digits in NATIVE_DIGITS.items()
}


def localize_digits(text, language: str | None = None) -> str:
    """`text` with ASCII digits written in `language`'s (default: the active
    language's) script; unchanged for languages that use ASCII digits."""
    code = (language or translation.get_language() or "").split("-")[0]
    table = _TABLES.get(code)
    text = "" if text is None else str(text)
    if not table:
        return text
    # NFC as well: Django's Bangla month and weekday names spell some letters
    # in two code points ("সোমবার" with ে + া), which a reader's search for
    # the same word would not match.
    return unicodedata.normalize("NFC", text.translate(table))
