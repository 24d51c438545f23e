"""Atom 1.0 entries: id, updated/published, text/html/xhtml content, image
enclosures."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from .common import (
    ATOM,
    XML_LANG,
    inner_html,
    iso,
    ninjs_item,
    text,
    version_from,
)


def items(root: Element) -> Iterator[tuple]:
    """(element, read) per item: the caller checks the element's depth before
    `read()` turns it into a ninjs dict, or a reason to reject it."""
    ns = f"{{{ATOM}}}"
    agency = text(root.find(f"{ns}title"))
    feed_language = root.get(XML_LANG, "")
    for entry in root.findall(f"{ns}entry"):
        yield entry, lambda entry=entry: _atom_entry(entry, agency, feed_language)


def _atom_entry(entry: Element, agency: str, feed_language: str) -> dict | str:
    ns = f"{{{ATOM}}}"
    uri = text(entry.find(f"{ns}id"))
    if not uri:
        return "entry has no id to know it by"
    updated = iso(text(entry.find(f"{ns}updated")))
    published = iso(text(entry.find(f"{ns}published"))) or updated
    content = entry.find(f"{ns}content")
    summary = entry.find(f"{ns}summary")
    body, body_type = _atom_text(content)
    summary_text, _ = _atom_text(summary)
    if not body:
        body, body_type, summary_text = summary_text, "text/html", ""
    authors = [text(a.find(f"{ns}name")) for a in entry.findall(f"{ns}author")]
    subjects = [
        c.get("label") or c.get("term") or "" for c in entry.findall(f"{ns}category")
    ]
    image = None
    for link in entry.findall(f"{ns}link"):
        if link.get("rel") == "enclosure" and (link.get("type") or "").startswith(
            "image/"
        ):
            image = {"href": link.get("href", ""), "caption": link.get("title", "")}
            break
    return ninjs_item(
        uri=uri,
        version=version_from(updated or published),
        headline=text(entry.find(f"{ns}title")),
        summary=summary_text,
        body=body,
        body_type=body_type,
        by=", ".join(a for a in authors if a),
        language=entry.get(XML_LANG, "") or feed_language,
        agency=agency,
        first=published,
        updated=updated,
        subjects=subjects,
        image=image,
    )


def _atom_text(element: Element | None) -> tuple[str, str]:
    if element is None:
        return "", "text/html"
    kind = (element.get("type") or "text").lower()
    if kind == "xhtml":
        div = next(iter(element), None)
        return inner_html(div if div is not None else element), "text/html"
    if kind in ("html", "text/html"):
        return element.text or "", "text/html"
    return element.text or "", "text/plain"


# -- NewsML 1.x (as Business Wire sends it) --------------------------------------------
