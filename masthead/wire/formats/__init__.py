"""Wire formats other than ninjs: RSS 2.0, Atom, NewsML 1.x and NewsML-G2.

This module sniffs a document and runs the reader of its format, one item at a
time; each format has its own module (`rss`, `atom`, `newsml1`, `newsml_g2`),
and what they share is in `common`.

Each item becomes a ninjs-2-shaped dict, so one importer (`services`) maps
every format to articles with the same rules, sanitizing and update chain.
XML is parsed with defusedxml: entity declarations (billion laughs), external
entities and DTD tricks are refused with a reason, never expanded.

Every item is read alone: one nested too deeply (more than `reading.MAX_DEPTH`
elements below the item) or one that trips up its reader is rejected with
the reason, and the items beside it are still read.

Versions: NewsML carries its own revision number. RSS and Atom do not, so an
item's version is its update time in whole seconds: the same entry again is
skipped, an entry whose `updated`/`pubDate` moved on updates the story.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..reading import MAX_DEPTH, TOO_DEEP, Entry
from . import atom, newsml1, newsml_g2, rss
from .common import local

READERS = {
    "rss": rss.items,
    "atom": atom.items,
    "newsml": newsml1.items,
    "newsml-g2": newsml_g2.items,
}


def sniff(text: str) -> str:
    """ "json", "rss", "atom", "newsml" or "newsml-g2" (or "" if unknown)."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith(("{", "[")):
        return "json"
    if not head.startswith("<"):
        return ""
    body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", head, flags=re.S)
    match = re.search(r"<\s*([A-Za-z_][\w.:-]*)", body)
    if not match:
        return ""
    root = match.group(1).split(":")[-1]
    return {
        "rss": "rss",
        "RDF": "rss",
        "feed": "atom",
        "NewsML": "newsml",
        "newsItem": "newsml-g2",
        "newsMessage": "newsml-g2",
        "packageItem": "newsml-g2",
    }.get(root, "")


def parse_xml(text: str, label: str, kind: str = "") -> Iterator[Entry]:
    """Entries of an RSS, Atom or NewsML document."""
    kind = kind or sniff(text)
    try:
        root = fromstring(text.lstrip("\ufeff"))
    except DefusedXmlException as exc:
        yield Entry(label, error=f"refused: XML {_defused_reason(exc)} are not allowed")
        return
    except ParseError as exc:
        yield Entry(label, error=f"malformed XML: {exc}")
        return
    except (ValueError, RecursionError) as exc:
        yield Entry(label, error=f"malformed XML: {exc}")
        return
    reader = READERS.get(kind) or READERS.get(sniff(text))
    if reader is None:
        yield Entry(
            label, error=f"unknown XML format (root element <{local(root.tag)}>)"
        )
        return
    found = False
    for number, (element, read) in enumerate(reader(root), start=1):
        found = True
        item_label = f"{label}[{number}]"
        if element is not None and xml_depth(element) > MAX_DEPTH:
            yield Entry(item_label, error=TOO_DEEP, item=_stub(element))
            continue
        try:
            item = read()
        except Exception as exc:  # noqa: BLE001 - one item never stops the rest
            item = f"could not read this item: {type(exc).__name__}: {exc}"[:300]
        if isinstance(item, str):
            yield Entry(item_label, error=item, item=_stub(element))
        else:
            yield Entry(item_label, item=item, version_hint="2.0")
    if not found:
        yield Entry(label, error=f"no items in this {kind or 'XML'} document")


def xml_depth(element: Element, limit: int = MAX_DEPTH) -> int:
    """How many levels of elements `element` holds (itself is 1), counting
    no further than `limit` + 1; iterative, whatever the depth."""
    deepest = 0
    stack = [(element, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        stack.extend((child, depth + 1) for child in node)
    return deepest


def _stub(element: Element | None) -> dict | None:
    """Only the identifier of an item refused, for the ingest log."""
    if element is None:
        return None
    uri = element.get("guid") or ""
    for child in element:
        if local(child.tag) in ("guid", "id", "link") and child.text:
            uri = child.text.strip()
            break
    uri = " ".join(uri.split())
    if 0 < len(uri) <= 500 and not re.search(r"[\x00-\x1f\x7f]", uri):
        return {"uri": uri}
    return None


def _defused_reason(exc) -> str:
    name = type(exc).__name__
    if "Entities" in name:
        return "entity declarations"
    if "External" in name:
        return "external references"
    if "DTD" in name:
        return "document type declarations"
    return "constructs like these"


__all__ = ["local", "parse_xml", "sniff", "xml_depth"]
