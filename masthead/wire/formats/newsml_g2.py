"""NewsML-G2 newsItems: guid, version, pubStatus, inlineXML/inlineData bodies."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from .common import (
    XML_LANG,
    inner_html,
    iso,
    local,
    ninjs_item,
    text,
)


def items(root: Element) -> Iterator[tuple]:
    """(element, read) per item: the caller checks the element's depth before
    `read()` turns it into a ninjs dict, or a reason to reject it."""
    news_items = (
        [root]
        if local(root.tag) == "newsItem"
        else [e for e in root.iter() if local(e.tag) == "newsItem"]
    )
    for news_item in news_items:
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
        body = inner_html(html_body if html_body is not None else inline).strip()
    else:
        data = _find(news_item, "inlineData")
        body = data.text or "" if data is not None else ""
    credit = _find(news_item, "creditline")
    by = _find(news_item, "by")
    provider = _find(news_item, "provider", "copyrightHolder")
    agency = text(credit) or (
        (text(provider) or provider.get("literal", "")) if provider is not None else ""
    )
    subjects = [
        text(next((n for n in s if local(n.tag) == "name"), None))
        for s in news_item.iter()
        if local(s.tag) == "subject"
    ]
    embargo = _find(news_item, "embargoed")
    return ninjs_item(
        uri=guid,
        version=int(version) if version.isdigit() else 1,
        headline=text(_find(news_item, "headline")),
        summary=text(_find(news_item, "description")),
        body=body,
        body_type="text/html" if inline is not None else "text/plain",
        by=text(by),
        language=news_item.get(XML_LANG, ""),
        agency=agency,
        first=iso(text(_find(news_item, "firstCreated"))),
        updated=iso(text(_find(news_item, "versionCreated"))),
        subjects=subjects,
        pubstatus=pubstatus,
        embargoed=iso(text(embargo)) if embargo is not None else None,
    )
