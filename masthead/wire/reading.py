"""Wire documents into entries: decoding, JSON and JSON Lines, depth caps.

An `Entry` is one item read from a source, or the reason it could not be read;
every reader (this module for JSON, `formats` for XML, `sources` for files,
folders and URLs) yields them, and one bad item never hides the items beside
it. Nothing here judges whether an item is valid ninjs (`validation`) or what
story it tells (`mapping`).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from masthead.core.text import strip_controls

# How deep objects and arrays (JSON) or elements (XML, counted from the item)
# may nest: real items stay well under 20; thousands of levels only exhaust
# the stack of whatever walks them.
MAX_DEPTH = 64
TOO_DEEP = f"nested too deeply (more than {MAX_DEPTH} levels)"


class WireError(ValueError):
    """An item or a file that cannot be imported; the message is the reason."""


@dataclass
class Entry:
    """One item read from a source, or the reason it could not be read."""

    label: str
    item: dict | None = None
    error: str = ""
    version_hint: str | None = None


# -- decoding and JSON -------------------------------------------------------------


def decode(raw: bytes) -> str:
    """Text of a wire file: UTF-8 (with or without BOM), UTF-16 or UTF-32 by BOM."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise WireError(f"not valid {encoding.upper()}: {exc.reason}") from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WireError(
            f"not UTF-8 text (byte {exc.start}); send UTF-8 or UTF-16 with a BOM"
        ) from exc


def json_depth(value, limit: int = MAX_DEPTH) -> int:
    """How deep `value` nests (a scalar is 0), counting no further than
    `limit` + 1. Iterative: a hostile depth cannot exhaust the stack."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _array_items(text: str) -> list[str] | None:
    """The texts of the members of a top-level JSON array, found by bracket
    counting (no recursion), so one member too deep to parse fails alone.
    None if `text` is not an array."""
    start = text.lstrip()
    if not start.startswith("["):
        return None
    offset = len(text) - len(start) + 1
    members, depth, begin = [], 0, offset
    for match in _JSON_TOKEN.finditer(text, offset):
        mark = match.group()
        if mark in ("[", "{"):
            depth += 1
        elif mark in ("]", "}"):
            if depth == 0:
                members.append(text[begin : match.start()])
                break
            depth -= 1
        elif mark == "," and depth == 0:
            members.append(text[begin : match.start()])
            begin = match.end()
    return [member for member in members if member.strip()]


_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')


def parse_json(text: str, label: str) -> Iterator[Entry]:
    """Entries of a JSON object, a JSON array or JSON Lines."""
    if not text.strip():
        yield Entry(label, error="empty file")
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and lines[0].lstrip().startswith("{"):
            yield from _json_lines(lines, label)
        else:
            yield Entry(label, error=f"malformed JSON: {exc.msg} at line {exc.lineno}")
        return
    except RecursionError:
        members = _array_items(text)
        if not members:
            yield Entry(label, error=f"malformed JSON: {TOO_DEEP}")
            return
        for number, member in enumerate(members, start=1):
            yield _json_member(member, f"{label}[{number}]")
        return
    if isinstance(data, list):
        for number, item in enumerate(data, start=1):
            yield _entry(item, f"{label}[{number}]")
    else:
        yield _entry(data, label)


def _json_lines(lines: list[str], label: str) -> Iterator[Entry]:
    for number, line in enumerate(lines, start=1):
        item_label = f"{label}:{number}"
        yield _json_member(line, item_label)


def _json_member(text: str, label: str) -> Entry:
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        return Entry(label, error=f"malformed JSON: {exc.msg}")
    except RecursionError:
        return Entry(label, error=f"malformed JSON: {TOO_DEEP}")
    return _entry(item, label)


def _entry(item, label: str) -> Entry:
    if not isinstance(item, dict):
        return Entry(label, error=f"not a ninjs object but a JSON {json_kind(item)}")
    if json_depth(item) > MAX_DEPTH:
        uri = item.get("uri")
        return Entry(label, error=TOO_DEEP, item=_stub(uri))
    return Entry(label, item=item)


def _stub(uri) -> dict | None:
    """Only the uri of an item refused unread, for the log."""
    if isinstance(uri, str) and 0 < len(uri) <= 500:
        return {"uri": strip_controls(uri)}
    return None


def guarded(entries: Iterable[Entry], label: str = "") -> Iterator[Entry]:
    """`entries`, with any unexpected error while reading them turned into one
    last entry that says so (a reader that raised cannot go on)."""
    iterator = iter(entries)
    while True:
        try:
            entry = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - a reason, never a traceback
            yield Entry(
                label or "?",
                error=f"could not read the rest: {type(exc).__name__}: {exc}"[:300],
            )
            return
        label = entry.label
        yield entry


def json_kind(value) -> str:
    """What JSON calls the type of `value`, for reasons given to agencies."""
    return {
        dict: "object",
        list: "array",
        str: "string",
        bool: "boolean",
        int: "number",
        float: "number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
