"""What every wire format reader shares: XML namespaces and text, dates and
versions, and the ninjs-2-shaped item each reader returns."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, tostring

from ..dates import parse_iso

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/avif")


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text(element: Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def inner_html(element: Element | None) -> str:
    """The markup inside `element`, namespaces dropped (sanitized later)."""
    if element is None:
        return ""
    for node in element.iter():
        node.tag = local(node.tag)
        node.attrib = {local(k): v for k, v in node.attrib.items()}
    parts = [element.text or ""]
    for child in element:
        parts.append(tostring(child, encoding="unicode", method="html"))
    return "".join(parts)


def rfc822(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iso(value: str) -> datetime | None:
    # Feeds and NewsML without an offset mean UTC, as their specs say.
    return parse_iso(value, naive_in=UTC)


def _stamp(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def version_from(when: datetime | None) -> int:
    """Update time as a version: later edits are higher."""
    return max(1, int(when.timestamp())) if when else 1


def ninjs_item(
    *,
    uri: str,
    version: int,
    headline: str,
    summary: str = "",
    body: str = "",
    body_type: str = "text/html",
    by: str = "",
    language: str = "",
    agency: str = "",
    first: datetime | None = None,
    updated: datetime | None = None,
    subjects=(),
    pubstatus: str = "usable",
    embargoed: datetime | None = None,
    image: dict | None = None,
) -> dict:
    item = {
        "uri": uri,
        "version": str(version),
        "type": "text",
        "pubstatus": pubstatus,
        "headlines": [{"role": "main", "value": headline}],
    }
    if summary:
        item["descriptions"] = [{"role": "summary", "value": summary}]
    if body:
        item["bodies"] = [{"role": "main", "contenttype": body_type, "value": body}]
    if by:
        item["by"] = by
    if language:
        item["language"] = language
    if agency:
        item["copyrightholder"] = agency
    if first:
        item["firstcreated"] = _stamp(first)
    if updated:
        item["versioncreated"] = _stamp(updated)
    if embargoed:
        item["embargoed"] = _stamp(embargoed)
    names = [name for name in dict.fromkeys(s.strip() for s in subjects) if name]
    if names:
        item["subjects"] = [{"name": name[:100]} for name in names[:20]]
    if image and image.get("href"):
        picture = {
            "uri": image["href"],
            "type": "picture",
            "renditions": [{"name": "original", "href": image["href"]}],
        }
        if image.get("caption"):
            picture["descriptions"] = [{"role": "caption", "value": image["caption"]}]
        if image.get("credit"):
            picture["by"] = image["credit"]
        item["associations"] = [{"name": "featureimage", **picture}]
    return item
