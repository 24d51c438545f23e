"""NewsML 1.x items, as Business Wire sends them: NewsIdentifier, RevisionId,
Status (withheld/canceled), embargo, role-named components and photos."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from .common import (
    IMAGE_TYPES,
    inner_html,
    iso,
    local,
    ninjs_item,
    text,
)


def items(root: Element) -> Iterator[tuple]:
    """(element, read) per item: the caller checks the element's depth before
    `read()` turns it into a ninjs dict, or a reason to reject it."""
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
    provider = text(ident.find("ProviderId"))
    date_id = text(ident.find("DateId"))
    item_id = text(ident.find("NewsItemId"))
    if not (provider and item_id):
        return "NewsItem has no ProviderId or NewsItemId"
    revision = text(ident.find("RevisionId"))
    management = news_item.find("NewsManagement")
    status = ""
    first = updated = embargo = None
    if management is not None:
        status_el = management.find("Status")
        status = (
            status_el.get("FormalName", "") if status_el is not None else ""
        ).lower()
        first = iso(text(management.find("FirstCreated")))
        updated = iso(text(management.find("ThisRevisionCreated")))
        embargo = iso(text(management.find("StatusWillChange/DateAndTime")))
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
        headline = text(news_item.find(".//NewsLines/HeadLine"))
    language_el = news_item.find(".//DescriptiveMetadata/Language")
    subjects = [
        prop.get("Value", "")
        for prop in news_item.iter("Property")
        if prop.get("FormalName") in ("BWIndustryKeywords", "BWSubjectKeywords")
    ]
    return ninjs_item(
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
    return text(_data_body(components))


def _component_html(components) -> str:
    return inner_html(_data_body(components)).strip()


def _newsml1_photo(components, agency: str) -> dict | None:
    for component in components or []:
        best, best_size = None, -1
        for content in component.iter("ContentItem"):
            mime = content.find("MimeType")
            kind = mime.get("FormalName", "") if mime is not None else ""
            if not content.get("Href") or kind not in IMAGE_TYPES:
                continue
            size = text(content.find(".//SizeInBytes"))
            size = int(size) if size.isdigit() else 0
            if size > best_size:
                best, best_size = content, size
        if best is not None:
            caption = text(component.find("NewsLines/HeadLine"))
            return {"href": best.get("Href"), "caption": caption, "credit": agency}
    return None


# -- NewsML-G2 -------------------------------------------------------------------------
