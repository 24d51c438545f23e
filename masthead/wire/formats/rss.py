"""RSS 2.0 (and RSS 1.0/RDF) items: guid, pubDate or dc:date, content:encoded,
enclosures and Media RSS pictures."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from .common import (
    CONTENT_ENCODED,
    DC,
    MEDIA,
    iso,
    local,
    ninjs_item,
    rfc822,
    text,
    version_from,
)


def items(root: Element) -> Iterator[tuple]:
    """(element, read) per item: the caller checks the element's depth before
    `read()` turns it into a ninjs dict, or a reason to reject it."""
    channel = next((c for c in root if local(c.tag) == "channel"), root)
    agency = text(channel.find("title"))
    language = text(channel.find("language"))
    elements = [e for e in root.iter() if local(e.tag) == "item"]
    for element in elements:
        yield element, lambda element=element: _rss_item(element, agency, language)


def _rss_item(element: Element, agency: str, language: str) -> dict | str:
    child = {}
    for node in element:
        child.setdefault(node.tag, node)
    title = text(child.get("title"))
    guid = text(child.get("guid")) or text(child.get("link"))
    if not guid:
        return "item has no guid or link to know it by"
    description = (
        (child.get("description").text or "")
        if child.get("description") is not None
        else ""
    )
    encoded = child.get(CONTENT_ENCODED)
    body = (encoded.text or "") if encoded is not None else ""
    summary = description if body else ""
    body = body or description
    when = rfc822(text(child.get("pubDate"))) or iso(text(child.get(f"{{{DC}}}date")))
    by = text(child.get(f"{{{DC}}}creator")) or text(child.get("author"))
    subjects = [text(c) for c in element if local(c.tag) == "category"]
    return ninjs_item(
        uri=guid,
        version=version_from(when),
        headline=title,
        summary=summary,
        body=body,
        by=by,
        language=language,
        agency=agency,
        first=when,
        updated=when,
        subjects=subjects,
        image=_rss_image(element),
    )


def _rss_image(element: Element) -> dict | None:
    for node in element.iter():
        name = local(node.tag)
        kind = (node.get("type") or "").lower()
        if name == "enclosure" and kind.startswith("image/"):
            return {"href": node.get("url", "")}
        if name in ("content", "thumbnail") and node.tag.startswith(f"{{{MEDIA}}}"):
            if name == "content" and not (
                kind.startswith("image/") or node.get("medium") == "image"
            ):
                continue
            caption = node.find(f"{{{MEDIA}}}description")
            credit = node.find(f"{{{MEDIA}}}credit")
            return {
                "href": node.get("url", ""),
                "caption": text(caption),
                "credit": text(credit),
            }
    return None


# -- Atom ------------------------------------------------------------------------------
