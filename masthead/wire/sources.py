"""Where wire copy comes from: files, folders and http(s) URLs, size-capped.

A source's bytes are decoded and read as ninjs JSON or as RSS, Atom or NewsML
XML (whatever the content is, checked against the format a source declares),
into `reading.Entry`s. A file or a download larger than MAX_FILE_BYTES is
refused unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from . import formats
from .reading import Entry, WireError, decode, guarded, parse_json

MAX_FILE_BYTES = 20 * 1024 * 1024
WIRE_SUFFIXES = {".json", ".jsonl", ".ndjson", ".ninjs", ".xml", ".rss", ".atom"}


def parse_document(text: str, label: str, fmt: str | None = None) -> Iterator[Entry]:
    """Entries of a wire document: ninjs JSON, or RSS, Atom or NewsML XML.
    `fmt` (a source's declared format) must match what the content is."""
    found = formats.sniff(text)
    declared = (fmt or "auto").lower()
    actual = {"json": "ninjs", "newsml-g2": "newsml"}.get(found, found)
    if declared != "auto" and actual and actual != declared:
        yield Entry(label, error=f"expected {declared} but this is {actual}")
        return
    if found in ("rss", "atom", "newsml", "newsml-g2"):
        yield from formats.parse_xml(text, label, found)
    elif found == "" and text.lstrip().startswith("<"):
        yield from formats.parse_xml(text, label)
    else:
        yield from parse_json(text, label)


def read_bytes(raw: bytes, label: str, fmt: str | None = None) -> Iterator[Entry]:
    try:
        text = decode(raw)
    except WireError as exc:
        yield Entry(label, error=str(exc))
        return
    yield from guarded(parse_document(text, label, fmt), label)


def read_file(
    path: Path, label: str | None = None, fmt: str | None = None
) -> Iterator[Entry]:
    label = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield Entry(
                label,
                error=f"file too large ({size} bytes; the limit is {MAX_FILE_BYTES})",
            )
            return
        with path.open("rb") as handle:  # at most the limit, whatever stat said
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            yield Entry(label, error=f"file too large (over {MAX_FILE_BYTES} bytes)")
            return
    except OSError as exc:
        yield Entry(label, error=f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(raw, label, fmt)


def read_url(url: str, fmt: str | None = None) -> Iterator[Entry]:
    from .fetch import FetchError, fetch

    try:
        fetched = fetch(
            url,
            max_bytes=MAX_FILE_BYTES,
            accept="application/json, application/xml, application/rss+xml, "
            "application/atom+xml, text/xml;q=0.9, */*;q=0.5",
        )
    except FetchError as exc:
        yield Entry(url, error=str(exc))
        return
    yield from read_bytes(fetched.body, url, fmt)


def read_source(source: str, fmt: str | None = None) -> Iterator[Entry]:
    """Entries from a file, a folder (its wire files, recursively, sorted) or
    an http(s) URL."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        if source.lower().startswith(("http://", "https://")):
            yield from read_url(source, fmt)
        else:
            scheme = source.split(":", 1)[0]
            yield Entry(source, error=f"refused: {scheme}: addresses; use http(s)")
        return
    path = Path(source)
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in WIRE_SUFFIXES
        )
        if not files:
            yield Entry(
                source,
                error="no wire files (.json, .jsonl, .xml, .rss, .atom) in this folder",
            )
        for file in files:
            yield from read_file(file, fmt=fmt)
    elif path.is_file():
        yield from read_file(path, fmt=fmt)
    elif path.exists():
        yield Entry(source, error="not a regular file or folder")
    else:
        yield Entry(source, error="no such file or folder")
