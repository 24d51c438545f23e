"""IPTC ninjs 1.x, 2.x and 3.x: reading files, checking items, reading stories.

Validation is structural and lives in code (the IPTC schema files are not
shipped): the properties each version knows, their types and enumerations,
and the shape of the nested objects an importer reads. Anything else an agency
sends is ignored, never trusted.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils.dateparse import parse_datetime

from masthead.core.text import strip_controls

MAX_FILE_BYTES = 20 * 1024 * 1024
WIRE_SUFFIXES = {".json", ".jsonl", ".ndjson", ".ninjs", ".xml", ".rss", ".atom"}
FORMATS = ("auto", "ninjs", "newsml", "rss", "atom")
# How deep objects and arrays (JSON) or elements (XML, counted from the item)
# may nest: real items stay well under 20; thousands of levels only exhaust
# the stack of whatever walks them.
MAX_DEPTH = 64
TOO_DEEP = f"nested too deeply (more than {MAX_DEPTH} levels)"

# Top-level properties by version (from the IPTC ninjs schemas), lower-cased:
# ninjs 3 spells them in camelCase, and every reader here compares lower case.
_V10 = {
    "associations",
    "byline",
    "copyrightholder",
    "copyrightnotice",
    "embargoed",
    "event",
    "headline",
    "language",
    "located",
    "mimetype",
    "object",
    "organisation",
    "person",
    "place",
    "profile",
    "pubstatus",
    "renditions",
    "representationtype",
    "subject",
    "type",
    "uri",
    "version",
    "versioncreated",
}
_V11 = _V10 | {"urgency", "usageterms"}
_V12 = _V11 | {
    "charcount",
    "ednote",
    "firstcreated",
    "infosource",
    "slugline",
    "title",
    "wordcount",
}
_V13 = _V12 | {"$standard", "altids", "genre", "trustindicator"}
_V14 = _V13 | {"contentcreated", "expires", "rightsinfo"}
_V16 = _V14 | {"digitalsourcetype"}
_V20 = (
    _V14
    - {
        "$standard",
        "byline",
        "charcount",
        "event",
        "expires",
        "genre",
        "headline",
        "infosource",
        "mimetype",
        "object",
        "organisation",
        "person",
        "place",
        "subject",
        "trustindicator",
        "wordcount",
    }
) | {
    "bodies",
    "by",
    "descriptions",
    "events",
    "genres",
    "headlines",
    "infosources",
    "objects",
    "organisations",
    "people",
    "places",
    "standard",
    "subjects",
    "trustindicators",
}
_V21 = _V20 | {"expires"}
_V22 = _V21 | {"digitalsourcetype"}
_V30 = (_V21 - {"embargoed"}) | {"embargoeduntil", "eventdetails", "plannedcoverage"}
_V31 = _V30 | {"digitalsourcetype"}
PROPERTIES = {
    "1.0": _V10,
    "1.1": _V11,
    "1.2": _V12,
    "1.3": _V13,
    "1.4": _V14,
    "1.5": _V14,
    "1.6": _V16,
    "2.0": _V20,
    "2.1": _V21,
    "2.2": _V22,
    "3.0": _V30,
    "3.1": _V31,
}
# ninjs 1.x allows extension properties such as body_xhtml or headline_short.
_EXTENSION_10 = re.compile(r"^(body|description)_[a-zA-Z0-9_]+")
_EXTENSION_13 = re.compile(r"^(body|description|headline)_[a-zA-Z0-9_]+")

TYPES_10 = {"text", "audio", "video", "picture", "graphic", "composite"}
TYPES_12 = TYPES_10 | {"component"}
PUBSTATUS = {"usable", "withheld", "canceled"}
REPRESENTATION_1 = {"complete", "incomplete"}
REPRESENTATION_2 = {"full", "partial"}
TEXT_TYPES = {"text", "composite"}

STRING_FIELDS = {
    "uri",
    "type",
    "mimetype",
    "representationtype",
    "profile",
    "firstcreated",
    "versioncreated",
    "embargoed",
    "embargoeduntil",
    "contentcreated",
    "expires",
    "pubstatus",
    "language",
    "copyrightholder",
    "copyrightnotice",
    "usageterms",
    "ednote",
    "title",
    "slugline",
    "byline",
    "by",
    "headline",
    "located",
}
LIST_FIELDS = {
    "person",
    "organisation",
    "place",
    "subject",
    "event",
    "object",
    "infosource",
    "genre",
    "headlines",
    "bodies",
    "descriptions",
    "subjects",
    "keywords",
    "people",
    "organisations",
    "places",
    "events",
    "objects",
    "infosources",
    "genres",
    "trustindicator",
    "trustindicators",
}
OBJECT_FIELDS = {"$standard", "standard", "rightsinfo", "digitalsourcetype"}
# Keys of the objects inside the lists above that must be strings when present.
NESTED_STRINGS = {
    "name",
    "rel",
    "scheme",
    "code",
    "uri",
    "role",
    "literal",
    "value",
    "contenttype",
    "href",
    "title",
}
TEXT_ENTRY_KEYS_3 = {"role", "contentType", "value", "charCount", "wordCount"}
TEXT_ENTRY_KEYS_2 = {key.lower() for key in TEXT_ENTRY_KEYS_3}


class WireError(ValueError):
    """An item or a file that cannot be imported; the message is the reason."""


@dataclass
class Entry:
    """One item read from a source, or the reason it could not be read."""

    label: str
    item: dict | None = None
    error: str = ""
    version_hint: str | None = None


@dataclass
class ImageRef:
    """A picture a wire item points to, to fetch as the story's lead image."""

    url: str
    caption: str = ""
    credit: str = ""
    alt_text: str = ""


@dataclass
class Story:
    """What an article needs from a ninjs text item."""

    uri: str
    version: int
    type: str
    pubstatus: str
    headline: str
    standfirst: str = ""
    body_html: str = ""
    body_text: str = ""
    byline: str = ""
    agency: str = ""
    tags: list[str] = field(default_factory=list)
    language: str = ""
    firstcreated: datetime | None = None
    versioncreated: datetime | None = None
    embargoed: datetime | None = None
    has_associations: bool = False
    image: ImageRef | None = None
    notes: list[str] = field(default_factory=list)


# -- reading ---------------------------------------------------------------------


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


def parse_text(text: str, label: str) -> Iterator[Entry]:
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
        return Entry(label, error=f"not a ninjs object but a JSON {_kind(item)}")
    if json_depth(item) > MAX_DEPTH:
        uri = item.get("uri")
        return Entry(label, error=TOO_DEEP, item=_stub(uri))
    return Entry(label, item=item)


def _stub(uri) -> dict | None:
    """Only the uri of an item refused unread, for the log."""
    if isinstance(uri, str) and 0 < len(uri) <= 500:
        return {"uri": strip_controls(uri)}
    return None


def parse_document(text: str, label: str, fmt: str | None = None) -> Iterator[Entry]:
    """Entries of a wire document: ninjs JSON, or RSS, Atom or NewsML XML.
    `fmt` (a source's declared format) must match what the content is."""
    from . import formats

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
        yield from parse_text(text, label)


def read_bytes(raw: bytes, label: str, fmt: str | None = None) -> Iterator[Entry]:
    try:
        text = decode(raw)
    except WireError as exc:
        yield Entry(label, error=str(exc))
        return
    yield from guarded(parse_document(text, label, fmt), label)


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


# -- checking --------------------------------------------------------------------


def _kind(value) -> str:
    return {
        dict: "object",
        list: "array",
        str: "string",
        bool: "boolean",
        int: "number",
        float: "number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def detect_version(item: dict) -> str | None:
    """The ninjs version an item declares, if it does."""
    for key in ("$standard", "standard"):
        standard = item.get(key)
        if isinstance(standard, dict):
            version = standard.get("version")
            if isinstance(version, str) and version in PROPERTIES:
                return version
            schema = standard.get("schema")
            if isinstance(schema, str):
                found = re.search(r"ninjs-schema_(\d\.\d)", schema)
                if found and found.group(1) in PROPERTIES:
                    return found.group(1)
    return None


def generation(item: dict, version: str | None) -> int:
    if version:
        return int(version[0])
    if any(key != key.lower() for key in item):
        return 3
    keys = set(item)
    if keys & {"headlines", "bodies", "descriptions", "subjects", "people"}:
        return 2
    return 1


def validate(item: dict, version: str | None = None) -> list[str]:
    """Reasons `item` is not valid ninjs (empty when it is). `version` is the
    declared or known version; without one the union of 1.x–3.x is allowed."""
    version = version or detect_version(item)
    errors: list[str] = []
    uri = item.get("uri")
    if uri is None:
        errors.append("no uri")
    elif not isinstance(uri, str) or not uri.strip():
        errors.append("uri must be a non-empty string")
    elif len(uri) > 500:
        errors.append("uri longer than 500 characters")
    elif any(ord(ch) < 32 or ord(ch) == 127 for ch in uri):
        errors.append("uri contains control characters")
    errors.extend(_check_object(item, version, top=True))
    return errors


def _check_object(item: dict, version: str | None, *, top: bool) -> list[str]:
    errors: list[str] = []
    lowered = {key.lower(): value for key, value in item.items()}
    if version:
        known = PROPERTIES[version]
        gen = int(version[0])
        if gen >= 2 and not top:
            known = known | {"name"}
        extension = None
        if gen == 1:
            extension = _EXTENSION_13 if version >= "1.3" else _EXTENSION_10
        for key in item:
            if key.lower() in known or (extension and extension.match(key)):
                continue
            errors.append(f"unknown property {key!r} for ninjs {version}")
    for key, value in lowered.items():
        if key in STRING_FIELDS and value is not None and not isinstance(value, str):
            errors.append(f"{key} must be a string, not a {_kind(value)}")
        elif key in LIST_FIELDS and not isinstance(value, list):
            errors.append(f"{key} must be an array, not a {_kind(value)}")
        elif key in OBJECT_FIELDS and not isinstance(value, dict):
            errors.append(f"{key} must be an object, not a {_kind(value)}")
    version_value = lowered.get("version")
    if version_value is not None and (
        isinstance(version_value, bool) or not isinstance(version_value, str | int)
    ):
        errors.append(f"version must be a string, not a {_kind(version_value)}")
    urgency = lowered.get("urgency")
    if urgency is not None and (
        isinstance(urgency, bool) or not isinstance(urgency, int)
    ):
        errors.append(f"urgency must be an integer, not a {_kind(urgency)}")
    kind = lowered.get("type")
    if isinstance(kind, str) and version and version < "3.0":
        allowed = TYPES_12 if version >= "1.2" else TYPES_10
        if kind not in allowed:
            errors.append(f"type {kind!r} is not one of {', '.join(sorted(allowed))}")
    representation = REPRESENTATION_1 | REPRESENTATION_2
    if version:
        representation = REPRESENTATION_1 if version < "2" else REPRESENTATION_2
    for key, allowed in (
        ("pubstatus", PUBSTATUS),
        ("representationtype", representation),
    ):
        value = lowered.get(key)
        if isinstance(value, str) and value not in allowed:
            errors.append(f"{key} {value!r} is not one of {', '.join(sorted(allowed))}")
    altids = lowered.get("altids")
    if altids is not None and not isinstance(altids, dict | list):
        errors.append(f"altids must be an object or array, not a {_kind(altids)}")
    for key in LIST_FIELDS & set(lowered):
        value = lowered[key]
        if isinstance(value, list):
            errors.extend(_check_entries(key, value, version))
    rights = lowered.get("rightsinfo")
    if isinstance(rights, dict):
        if "linkedrights" in rights and "encodedrights" in rights:
            errors.append("rightsinfo has both linkedrights and encodedrights")
        for key in ("linkedrights", "encodedrights", "langid"):
            if key in rights and not isinstance(rights[key], str):
                errors.append(f"rightsinfo.{key} must be a string")
    associations = lowered.get("associations")
    if associations is not None:
        if isinstance(associations, dict):
            members = list(associations.items())
        elif isinstance(associations, list):
            members = [(str(n), value) for n, value in enumerate(associations)]
        else:
            members = []
            errors.append(f"associations must be an object, not {_kind(associations)}")
        for name, member in members:
            if not isinstance(member, dict):
                errors.append(f"association {name} must be an object")
                continue
            if version and version >= "2.1" and isinstance(associations, list):
                for required in ("name", "uri"):
                    if required not in member:
                        errors.append(f"association {name} has no {required}")
            for error in _check_object(member, version, top=False):
                errors.append(f"association {name}: {error}")
    return errors


def _check_entries(key: str, value: list, version: str | None) -> list[str]:
    errors: list[str] = []
    gen = int(version[0]) if version else None
    for number, entry in enumerate(value, start=1):
        where = f"{key}[{number}]"
        if key in {"genre", "keywords"} and isinstance(entry, str):
            continue
        if not isinstance(entry, dict):
            if key != "keywords":
                errors.append(f"{where} must be an object, not a {_kind(entry)}")
            continue
        for sub in NESTED_STRINGS & set(entry):
            if entry[sub] is not None and not isinstance(entry[sub], str):
                errors.append(f"{where}.{sub} must be a string")
        if key in {"headlines", "bodies", "descriptions"} and gen in {2, 3}:
            allowed = TEXT_ENTRY_KEYS_3 if gen == 3 else TEXT_ENTRY_KEYS_2
            for sub in sorted(set(entry) - allowed):
                errors.append(f"{where} has unknown property {sub!r}")
        if key == "places" and "geojson" in entry:
            if gen == 3:
                errors.append(f"{where}.geojson is not ninjs 3 (use geoJSON)")
            geo = entry["geojson"]
            if not isinstance(geo, dict) or not isinstance(geo.get("type"), str):
                errors.append(f"{where}.geojson must be a GeoJSON object with a type")
    return errors


# -- reading a story -------------------------------------------------------------


def _lower(item: dict) -> dict:
    return {key.lower(): value for key, value in item.items() if isinstance(key, str)}


def _text_entries(entries) -> list[dict]:
    return [
        {k.lower(): v for k, v in e.items()}
        for e in entries or []
        if isinstance(e, dict) and isinstance(e.get("value"), str)
    ]


def _pick(entries: list[dict], roles=("main", "default", "")) -> str:
    """The value of the first entry with one of `roles`, else of the first."""
    for role in roles:
        for entry in entries:
            if (entry.get("role") or "") == role:
                return entry["value"]
    return entries[0]["value"] if entries else ""


def _parse_time(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed


def _int_version(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return max(value, 0)
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return 1


def _names(entries) -> list[str]:
    names = []
    for entry in entries or []:
        if isinstance(entry, str):
            name = entry
        elif isinstance(entry, dict):
            name = entry.get("name") or entry.get("literal") or ""
        else:
            continue
        name = " ".join(str(name).split())[:100]
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


def to_story(item: dict) -> Story:
    """The story in a valid text item. Raises WireError for what cannot be one."""
    data = _lower(item)
    kind = data.get("type") or "text"
    if kind not in TEXT_TYPES:
        raise WireError(f"type {kind!r} is not supported yet (text items only)")
    headlines = _text_entries(data.get("headlines"))
    headline = data.get("headline") or _pick(headlines) or data.get("title") or ""
    headline = " ".join(str(headline).split())
    bodies = _text_entries(data.get("bodies"))
    descriptions = _text_entries(data.get("descriptions"))
    body_html = data.get("body_html") or data.get("body_xhtml") or ""
    body_text = data.get("body_text") or ""
    for body in bodies:
        contenttype = str(body.get("contenttype") or "")
        if "html" in contenttype or body.get("role") in {"html", "xhtml"}:
            body_html = body_html or body["value"]
        else:
            body_text = body_text or body["value"]
    standfirst = data.get("description_text") or ""
    if not standfirst and data.get("description_html"):
        standfirst = data["description_html"]
    if not standfirst and descriptions:
        standfirst = _pick(descriptions, roles=("summary", "abstract", ""))
    notes = []
    if not _has_text(body_html, body_text):
        # A brief: agencies send short items whose only text is a description.
        body_html, body_text = _description_body(data, descriptions)
        if _has_text(body_html, body_text):
            standfirst = ""
            notes.append("a brief: its description is the body")
    if not headline:
        raise WireError("no headline")
    if not _has_text(body_html, body_text):
        raise WireError("no body")
    byline = data.get("byline") or data.get("by") or ""
    agency = data.get("copyrightholder") or ""
    if not agency:
        provider = data.get("provider")
        if isinstance(provider, dict):
            agency = provider.get("name") or ""
        elif isinstance(provider, str):
            agency = provider
    tags = _names(data.get("subjects") or data.get("subject")) + _names(
        data.get("keywords")
    )
    image = lead_image_ref(data.get("associations"))
    if data.get("associations") and image is None:
        notes.append("association without a picture to fetch: ignored")
    language = data.get("language") or ""
    if image is not None:
        image.caption = strip_controls(image.caption)
        image.credit = strip_controls(image.credit)
        image.alt_text = strip_controls(image.alt_text)
    clean = strip_controls  # C0 controls break XML feeds; no reader meant one
    return Story(
        uri=data["uri"].strip(),
        version=_int_version(data.get("version")),
        type=kind,
        pubstatus=data.get("pubstatus") or "usable",
        headline=clean(headline),
        standfirst=clean(str(standfirst)),
        body_html=clean(str(body_html)),
        body_text=clean(str(body_text)),
        byline=" ".join(clean(str(byline)).split()),
        agency=" ".join(clean(str(agency)).split()),
        tags=_dedupe([clean(tag) for tag in tags if clean(tag).strip()])[:20],
        language=language.split("-")[0].lower() if isinstance(language, str) else "",
        firstcreated=_parse_time(data.get("firstcreated")),
        versioncreated=_parse_time(data.get("versioncreated")),
        embargoed=_parse_time(data.get("embargoed") or data.get("embargoeduntil")),
        has_associations=bool(data.get("associations")),
        image=image,
        notes=notes,
    )


def _has_text(body_html, body_text) -> bool:
    return bool(str(body_html or "").strip() or str(body_text or "").strip())


def _description_body(data: dict, descriptions: list[dict]) -> tuple[str, str]:
    """(html, text) of an item's description, to stand as a brief's body."""
    if isinstance(data.get("description_html"), str):
        return data["description_html"], ""
    if isinstance(data.get("description_text"), str):
        return "", data["description_text"]
    if not descriptions:
        return "", ""
    chosen = next(
        (d for d in descriptions if (d.get("role") or "") in ("text", "main")),
        None,
    ) or next(iter(descriptions))
    kind = str(chosen.get("contenttype") or "")
    if "html" in kind:
        return chosen["value"], ""
    return "", chosen["value"]


def _dedupe(names: list[str]) -> list[str]:
    seen, out = set(), []
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


PICTURE_TYPES = {"picture", "graphic"}


def lead_image_ref(associations) -> ImageRef | None:
    """The first picture among a text item's associations (1.x: an object of
    named members; 2.x/3.x: a list), at its original or largest rendition."""
    if isinstance(associations, dict):
        members = list(associations.values())
    elif isinstance(associations, list):
        members = associations
    else:
        return None
    for member in members:
        if not isinstance(member, dict):
            continue
        data = _lower(member)
        kind = data.get("type")
        url = _best_rendition(data.get("renditions"))
        if not url or (kind and kind not in PICTURE_TYPES):
            continue
        descriptions = _text_entries(data.get("descriptions"))
        headlines = _text_entries(data.get("headlines"))
        caption = (
            data.get("description_text")
            or _pick(descriptions, roles=("caption", "summary", "main", ""))
            or data.get("headline")
            or _pick(headlines)
            or data.get("body_text")
            or ""
        )
        credit = data.get("byline") or data.get("by") or data.get("copyrightholder")
        alt = _pick(descriptions, roles=("alt", "alternative", "accessibility"))
        return ImageRef(
            url=url,
            caption=" ".join(str(caption).split())[:500],
            credit=" ".join(str(credit or "").split())[:255],
            alt_text=" ".join(str(alt).split())[:500] if alt != caption else "",
        )
    return None


def _best_rendition(renditions) -> str:
    if isinstance(renditions, dict):
        entries = [
            {**value, "name": name}
            for name, value in renditions.items()
            if isinstance(value, dict)
        ]
    elif isinstance(renditions, list):
        entries = [value for value in renditions if isinstance(value, dict)]
    else:
        return ""
    usable = []
    for entry in entries:
        entry = _lower(entry)
        href = entry.get("href")
        kind = str(entry.get("contenttype") or entry.get("mimetype") or "image/")
        if not isinstance(href, str) or not kind.startswith("image/"):
            continue
        if not href.lower().startswith(("http://", "https://")):
            continue
        size = 0
        for key in ("width", "height"):
            value = entry.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                size = (size or 1) * value
        usable.append((entry.get("name") in ("original", "baseImage"), size, href))
    if not usable:
        return ""
    return max(usable, key=lambda entry: (entry[0], entry[1]))[2]
