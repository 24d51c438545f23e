"""Wire formats other than ninjs: RSS 2.0, Atom, NewsML 1.x and NewsML-G2.

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
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .dates import parse_iso
from .reading import MAX_DEPTH, TOO_DEEP, Entry

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/avif")


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


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
    readers = {
        "rss": _rss,
        "atom": _atom,
        "newsml": _newsml1,
        "newsml-g2": _newsml_g2,
    }
    reader = readers.get(kind) or readers.get(sniff(text))
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


# -- helpers ---------------------------------------------------------------------------


def _text(element: Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _inner_html(element: Element | None) -> str:
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


def _rfc822(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _iso(value: str) -> datetime | None:
    # Feeds and NewsML without an offset mean UTC, as their specs say.
    return parse_iso(value, naive_in=UTC)


def _stamp(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def _version(when: datetime | None) -> int:
    """Update time as a version: later edits are higher."""
    return max(1, int(when.timestamp())) if when else 1


def _item(
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


# -- RSS 2.0 ---------------------------------------------------------------------------


def _rss(root: Element) -> Iterator[tuple]:
    channel = next((c for c in root if local(c.tag) == "channel"), root)
    agency = _text(channel.find("title"))
    language = _text(channel.find("language"))
    items = [e for e in root.iter() if local(e.tag) == "item"]
    for element in items:
        yield element, lambda element=element: _rss_item(element, agency, language)


def _rss_item(element: Element, agency: str, language: str) -> dict | str:
    child = {}
    for node in element:
        child.setdefault(node.tag, node)
    title = _text(child.get("title"))
    guid = _text(child.get("guid")) or _text(child.get("link"))
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
    when = _rfc822(_text(child.get("pubDate"))) or _iso(
        _text(child.get(f"{{{DC}}}date"))
    )
    by = _text(child.get(f"{{{DC}}}creator")) or _text(child.get("author"))
    subjects = [_text(c) for c in element if local(c.tag) == "category"]
    return _item(
        uri=guid,
        version=_version(when),
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
                "caption": _text(caption),
                "credit": _text(credit),
            }
    return None


# -- Atom ------------------------------------------------------------------------------


def _atom(root: Element) -> Iterator[tuple]:
    ns = f"{{{ATOM}}}"
    agency = _text(root.find(f"{ns}title"))
    feed_language = root.get(XML_LANG, "")
    for entry in root.findall(f"{ns}entry"):
        yield entry, lambda entry=entry: _atom_entry(entry, agency, feed_language)


def _atom_entry(entry: Element, agency: str, feed_language: str) -> dict | str:
    ns = f"{{{ATOM}}}"
    uri = _text(entry.find(f"{ns}id"))
    if not uri:
        return "entry has no id to know it by"
    updated = _iso(_text(entry.find(f"{ns}updated")))
    published = _iso(_text(entry.find(f"{ns}published"))) or updated
    content = entry.find(f"{ns}content")
    summary = entry.find(f"{ns}summary")
    body, body_type = _atom_text(content)
    summary_text, _ = _atom_text(summary)
    if not body:
        body, body_type, summary_text = summary_text, "text/html", ""
    authors = [_text(a.find(f"{ns}name")) for a in entry.findall(f"{ns}author")]
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
    return _item(
        uri=uri,
        version=_version(updated or published),
        headline=_text(entry.find(f"{ns}title")),
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
        return _inner_html(div if div is not None else element), "text/html"
    if kind in ("html", "text/html"):
        return element.text or "", "text/html"
    return element.text or "", "text/plain"


# -- NewsML 1.x (as Business Wire sends it) --------------------------------------------


def _newsml1(root: Element) -> Iterator[tuple]:
    agency = ""
    party = root.find("NewsEnvelope/SentFrom/Party")
    if party is not None:
        agency = party.get("FormalName", "")
    agency = agency or (root.find("NewsEnvelope/NewsService") or Element("x")).get(
        "FormalName", ""
    )
    for news_item in root.iter("NewsItem"):
        yield news_item, lambda item=news_item: _newsml1_item(item, agency)


def _newsml1_item(news_item: Element, agency: str) -> dict | str:
    ident = news_item.find("Identification/NewsIdentifier")
    if ident is None:
        return "NewsItem has no NewsIdentifier"
    provider = _text(ident.find("ProviderId"))
    date_id = _text(ident.find("DateId"))
    item_id = _text(ident.find("NewsItemId"))
    if not (provider and item_id):
        return "NewsItem has no ProviderId or NewsItemId"
    revision = _text(ident.find("RevisionId"))
    management = news_item.find("NewsManagement")
    status = ""
    first = updated = embargo = None
    if management is not None:
        status_el = management.find("Status")
        status = (
            status_el.get("FormalName", "") if status_el is not None else ""
        ).lower()
        first = _iso(_text(management.find("FirstCreated")))
        updated = _iso(_text(management.find("ThisRevisionCreated")))
        embargo = _iso(_text(management.find("StatusWillChange/DateAndTime")))
    pubstatus = {"withheld": "withheld", "canceled": "canceled"}.get(
        status.replace("cancelled", "canceled"), "usable"
    )
    roles: dict[str, list[Element]] = {}
    for component in news_item.iter("NewsComponent"):
        role = component.find("Role")
        if role is not None:
            roles.setdefault(role.get("FormalName", ""), []).append(component)
    headline = _component_text(roles.get("HeadLine"))
    if not headline:
        headline = _text(news_item.find(".//NewsLines/HeadLine"))
    language_el = news_item.find(".//DescriptiveMetadata/Language")
    subjects = [
        prop.get("Value", "")
        for prop in news_item.iter("Property")
        if prop.get("FormalName") in ("BWIndustryKeywords", "BWSubjectKeywords")
    ]
    return _item(
        uri=f"urn:newsml:{provider}:{date_id}:{item_id}",
        version=int(revision) if revision.isdecimal() else 1,
        headline=headline,
        summary=_component_text(roles.get("SubHeadLine")),
        body=_component_html(roles.get("Body")),
        language=language_el.get("FormalName", "") if language_el is not None else "",
        agency=agency,
        first=first,
        updated=updated,
        subjects=subjects,
        pubstatus=pubstatus,
        embargoed=embargo,
        image=_newsml1_photo(roles.get("Photo"), agency),
    )


def _data_body(components: list[Element] | None) -> Element | None:
    for component in components or []:
        for content in component.iter("DataContent"):
            body = next((e for e in content.iter() if local(e.tag) == "body"), None)
            return body if body is not None else content
    return None


def _component_text(components) -> str:
    return _text(_data_body(components))


def _component_html(components) -> str:
    return _inner_html(_data_body(components)).strip()


def _newsml1_photo(components, agency: str) -> dict | None:
    for component in components or []:
        best, best_size = None, -1
        for content in component.iter("ContentItem"):
            mime = content.find("MimeType")
            kind = mime.get("FormalName", "") if mime is not None else ""
            if not content.get("Href") or kind not in IMAGE_TYPES:
                continue
            size = _text(content.find(".//SizeInBytes"))
            size = int(size) if size.isdigit() else 0
            if size > best_size:
                best, best_size = content, size
        if best is not None:
            caption = _text(component.find("NewsLines/HeadLine"))
            return {"href": best.get("Href"), "caption": caption, "credit": agency}
    return None


# -- NewsML-G2 -------------------------------------------------------------------------


def _newsml_g2(root: Element) -> Iterator[tuple]:
    items = (
        [root]
        if local(root.tag) == "newsItem"
        else [e for e in root.iter() if local(e.tag) == "newsItem"]
    )
    for news_item in items:
        yield news_item, lambda item=news_item: _g2_item(item)


def _find(element: Element, *names: str) -> Element | None:
    for name in names:
        found = next((e for e in element.iter() if local(e.tag) == name), None)
        if found is not None:
            return found
    return None


def _g2_item(news_item: Element) -> dict | str:
    guid = news_item.get("guid", "").strip()
    if not guid:
        return "newsItem has no guid"
    version = news_item.get("version", "1")
    status = _find(news_item, "pubStatus")
    qcode = (status.get("qcode", "") if status is not None else "").split(":")[-1]
    pubstatus = {"canceled": "canceled", "withheld": "withheld"}.get(qcode, "usable")
    inline = _find(news_item, "inlineXML")
    body = ""
    if inline is not None:
        html_body = next((e for e in inline.iter() if local(e.tag) == "body"), None)
        body = _inner_html(html_body if html_body is not None else inline).strip()
    else:
        data = _find(news_item, "inlineData")
        body = data.text or "" if data is not None else ""
    credit = _find(news_item, "creditline")
    by = _find(news_item, "by")
    provider = _find(news_item, "provider", "copyrightHolder")
    agency = _text(credit) or (
        (_text(provider) or provider.get("literal", "")) if provider is not None else ""
    )
    subjects = [
        _text(next((n for n in s if local(n.tag) == "name"), None))
        for s in news_item.iter()
        if local(s.tag) == "subject"
    ]
    embargo = _find(news_item, "embargoed")
    return _item(
        uri=guid,
        version=int(version) if version.isdigit() else 1,
        headline=_text(_find(news_item, "headline")),
        summary=_text(_find(news_item, "description")),
        body=body,
        body_type="text/html" if inline is not None else "text/plain",
        by=_text(by),
        language=news_item.get(XML_LANG, ""),
        agency=agency,
        first=_iso(_text(_find(news_item, "firstCreated"))),
        updated=_iso(_text(_find(news_item, "versionCreated"))),
        subjects=subjects,
        pubstatus=pubstatus,
        embargoed=_iso(_text(embargo)) if embargo is not None else None,
    )
