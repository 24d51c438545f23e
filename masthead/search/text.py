"""Words, the same way for the index and for a reader's query.

Why not leave it to the engines: SQLite FTS5's default unicode61 tokenizer
keeps only letters and digits in a token, so a Bengali vowel sign or virama
(Unicode Mn/Mc) ends a word and "নির্বাচন" is indexed as fragments that other
words share. PostgreSQL's parser decides by the database's ctype, so the same
text can split differently on another server. Here a word is a run of
letters, digits and combining marks, after NFC (one spelling of a nukta
letter such as য়) and without the joiners ZWJ/ZWNJ, soft hyphen and BOM,
which change a glyph's shape, not the word.
"""

from __future__ import annotations

import functools
import html
import json
import re
import sys
import unicodedata

# Invisible characters that only shape glyphs: removed, never word breaks.
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u00ad\ufeff\u2060"))
_MARKUP = re.compile(r"<[^>]*>")


@functools.cache
def _word_pattern() -> re.Pattern:
    marks = []
    start = None
    for code in range(sys.maxunicode + 2):
        is_mark = code <= sys.maxunicode and unicodedata.category(chr(code))[0] == "M"
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            marks.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return re.compile(r"(?:[^\W_]|[" + "".join(marks) + r"])+")


def normalise(text: str) -> str:
    """NFC without the invisible joiners; NUL and other controls dropped."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return "".join(ch for ch in text if ch >= " " or ch in "\n\t")


def words(text: str) -> list[str]:
    """The lower-cased words of (normalised) `text`."""
    return [m.group().lower() for m in _word_pattern().finditer(text)]


def spans(text: str):
    """(start, end) of each word in `text`."""
    return ((m.start(), m.end()) for m in _word_pattern().finditer(text))


def query_words(query: str, limit: int) -> list[str]:
    """A reader's query as distinct words (no operators: every word must
    match), at most `limit` of them."""
    seen: dict[str, None] = {}
    for word in words(normalise(query)):
        seen.setdefault(word, None)
    return list(seen)[:limit]


# Bengali inflects a noun by suffix: নির্বাচন, নির্বাচনে, নির্বাচনের; শিক্ষার্থী,
# শিক্ষার্থীরা, শিক্ষার্থীদের. A reader's Bengali word also finds these forms
# (the query is widened; the index keeps words as written). Only inflections,
# never derivations: শিক্ষা does not find শিক্ষার্থী or শিক্ষক.
BENGALI_SUFFIXES = (
    "ে", "ের", "েরা", "েই", "েও", "র", "রা", "রাই", "রও", "কে", "তে", "েতে",
    "য়", "য়ে", "য়ের", "দের", "দেরকে", "দেরই", "ই", "ও", "টি", "টির", "টিতে",
    "টা", "টার", "গুলো", "গুলোর", "গুলোকে", "গুলোতে", "গুলি", "গুলির",
    "সমূহ", "সমূহের", "খানা", "খানি",
)  # fmt: skip
# Shorter words are matched only as written (their suffixed forms are other
# words too often).
BENGALI_MIN_STEM = 3


def is_bengali(word: str) -> bool:
    return any("\u0980" <= char <= "\u09ff" for char in word)


def forms(word: str) -> list[str]:
    """The forms of a query word the index is asked for: the word itself,
    and for a Bengali word its inflected forms."""
    if not is_bengali(word) or len(word) < BENGALI_MIN_STEM:
        return [word]
    found = dict.fromkeys(
        [word, *(unicodedata.normalize("NFC", word + s) for s in BENGALI_SUFFIXES)]
    )
    return list(found)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "id", "image", "url", "embed"):
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def body_text(raw) -> str:
    """Plain text of a StreamField body (its raw JSON or list of blocks)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw else []
        except ValueError:
            return ""
    parts = []
    for block in raw or []:
        value = block.get("value") if isinstance(block, dict) else None
        parts.extend(_strings(value))
    return " ".join(normalise(html.unescape(_MARKUP.sub(" ", " ".join(parts)))).split())


# -- highlighting -------------------------------------------------------------

# Only for marking words in a snippet: the engines stem (Porter/Snowball), and
# this rough English suffix rule makes "sanctions" light up for "sanctioned".
_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "ly", "s")


def _stem(word: str) -> str:
    if word.isascii():
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
    return word


SNIPPET_CHARS = 220


def _matches(text: str, query: list[str]):
    """(start, end) of each word of `text` matching a query word, lazily;
    only words starting like a query word are stemmed."""
    stems = {_stem(word) for word in query}
    inflected = {form for word in query for form in forms(word)}
    starts = {stem[:2] for stem in stems}
    for start, end in spans(text):
        if text[start : start + 2].lower() in starts:
            word = text[start:end].lower()
            if word in inflected or _stem(word) in stems:
                yield start, end


def has_match(text: str, query: list[str]) -> bool:
    return next(_matches(text, query), None) is not None


def snippet(text: str, query: list[str], size: int = SNIPPET_CHARS) -> str:
    """HTML: a window of `text` around the first matching word, escaped, with
    every matching word in <mark>."""
    matches = _matches(text, query)
    first_match = next(matches, None)
    first = first_match[0] if first_match else 0
    begin = max(0, first - size // 3)
    if begin:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < first else begin
    end = min(len(text), begin + size)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > first else end
    found = [first_match] if first_match else []
    for start, stop in matches:
        if stop > end:
            break
        found.append((start, stop))
    out = ["…" if begin else ""]
    at = begin
    for start, stop in found:
        if start < begin or stop > end:
            continue
        out.append(html.escape(text[at:start]))
        out.append(f"<mark>{html.escape(text[start:stop])}</mark>")
        at = stop
    out.append(html.escape(text[at:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)
