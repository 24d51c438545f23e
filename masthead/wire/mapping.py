"""Wire item → story → article fields: the rules both import paths share.

`to_story()` reads what an article needs from a valid ninjs text item (every
format arrives as ninjs: see `formats`): headline, body or, for a brief, the
description as body, byline, agency, tags, language, times, lead picture.
`article_copy()` turns a story into what an article stores: sanitized text
without control characters, paragraph blocks, the slug, the shown times.
`filing_section()` says where a new story is filed. The careful path
(`services.import_item`) and the fast path for new stories (`bulk`) build
articles from these and restate none of them.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime

import nh3
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from masthead.core.text import strip_controls
from masthead.editions.selectors import edition_for_language
from masthead.newsroom.models import Agency, SectionPage
from masthead.newsroom.richtext import sanitize_html

from .dates import parse_iso
from .reading import WireError

TEXT_TYPES = {"text", "composite"}
PICTURE_TYPES = {"picture", "graphic"}
# pubstatus values that take a story down rather than change it.
WITHDRAW_STATUSES = {"canceled", "withheld"}
DEFAULT_SECTION_SLUGS = ("world-biz", "bangladesh")
_BLOCK = re.compile(
    r"<(p|h2|h3|h4|blockquote|ul|ol)>.*?</\1>", re.DOTALL | re.IGNORECASE
)


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
    image: ImageRef | None = None
    notes: list[str] = field(default_factory=list)


# -- reading a story -------------------------------------------------------------


def head(item: dict) -> tuple[str, int, str]:
    """An item's uri, version and pubstatus: enough to know what it asks for
    before reading its story."""
    data = _lower(item)
    uri = data.get("uri")
    uri = uri.strip() if isinstance(uri, str) else ""
    return uri, int_version(data.get("version")), data.get("pubstatus") or ""


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


def int_version(value) -> int:
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
        version=int_version(data.get("version")),
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
        firstcreated=parse_iso(data.get("firstcreated")),
        versioncreated=parse_iso(data.get("versioncreated")),
        embargoed=parse_iso(data.get("embargoed") or data.get("embargoeduntil")),
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


# -- a story as an article -------------------------------------------------------


@dataclass
class ArticleCopy:
    """What an article stores of a story: sanitized, control-free, cut to the
    columns' lengths."""

    title: str
    slug: str
    body: list[tuple[str, str]]
    standfirst: str
    byline: str
    agency: str
    tags: list[str]
    published_at: datetime | None
    modified_at: datetime | None


def article_copy(story: Story) -> ArticleCopy:
    """The article fields of `story`. Raises WireError when sanitizing left no
    body or no headline."""
    body = body_blocks(story.body_html, story.body_text)
    if not body:
        raise WireError("no body text after sanitizing")
    title = plain_text(story.headline, 255)
    if not title:
        raise WireError("no headline after sanitizing")
    published = story.firstcreated or story.versioncreated
    modified = story.versioncreated
    tags = {plain_text(name, 100) for name in story.tags}
    return ArticleCopy(
        title=title,
        slug=wire_slug(title, story.uri),
        body=body,
        standfirst=plain_text(story.standfirst, 2000),
        byline=plain_text(story.byline, 255),
        agency=plain_text(story.agency, 255),
        tags=sorted(tag for tag in tags if tag),
        published_at=published,
        modified_at=modified if modified and modified != published else None,
    )


def future_embargo(story: Story) -> datetime | None:
    """The embargo to schedule the story for; None once it has passed."""
    embargo = story.embargoed
    return embargo if embargo and embargo > timezone.now() else None


def wire_slug(title: str, uri: str) -> str:
    """The headline's slug and a digest of the uri: two agencies' stories
    with one headline do not compete for one URL."""
    base = slugify(title, allow_unicode=True)[:70].strip("-") or "wire-story"
    digest = hashlib.sha1(uri.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{base}-{digest}"


def plain_text(value, limit: int | None = None) -> str:
    """Text without markup (tags and script contents dropped), one line."""
    text = html.unescape(nh3.clean(strip_controls(str(value or "")), tags=set()))
    text = " ".join(strip_controls(text).split())
    return text[:limit] if limit else text


def body_blocks(body_html: str, body_text: str) -> list[tuple[str, str]]:
    """Paragraph blocks for the article body, sanitized."""
    blocks = []
    if body_html.strip():
        clean = sanitize_html(body_html).strip()
        pos = 0
        for match in _BLOCK.finditer(clean):
            blocks.extend(_loose(clean[pos : match.start()]))
            blocks.append(match.group(0))
            pos = match.end()
        blocks.extend(_loose(clean[pos:]))
    elif body_text.strip():
        for para in re.split(r"\n\s*\n|\r\n\s*\r\n", body_text):
            para = " ".join(para.split())
            if para:
                blocks.append(f"<p>{html.escape(para, quote=False)}</p>")
        if len(blocks) == 1 and "\n" in body_text.strip():
            blocks = [
                f"<p>{html.escape(' '.join(line.split()), quote=False)}</p>"
                for line in body_text.splitlines()
                if line.strip()
            ]
    blocks = [strip_controls(block) for block in blocks]  # &#1; comes back as \x01
    return [("paragraph", block) for block in blocks if plain_text(block)]


def _loose(fragment: str) -> list[str]:
    fragment = fragment.strip()
    if not plain_text(fragment):
        return []
    return [f"<p>{fragment}</p>"]


# -- where a new story is filed --------------------------------------------------


def filing_section(
    language: str, section: SectionPage | None
) -> tuple[SectionPage, list[str]]:
    """The section a new story in `language` is filed in, and what to say
    about it: `section` if given, else the default section of the language's
    edition (the default edition for a language without one)."""
    notes: list[str] = []
    if section is None:
        edition = edition_for_language(language or settings.LANGUAGE_CODE)
        if edition is None:
            raise ValueError("there is no edition to file the story in")
        section = default_section(edition, notes)
    filed_in = section.locale.language_code
    if language and filed_in != language:
        notes.append(f"language {language!r} has no edition; filed in {filed_in!r}")
    return section, notes


def default_section(edition, notes: list[str] | None = None) -> SectionPage:
    sections = SectionPage.objects.child_of(edition).live().order_by("path")
    for slug in DEFAULT_SECTION_SLUGS:
        found = sections.filter(slug=slug).first()
        if found:
            return found
    found = sections.first()
    if found is None:
        found = SectionPage(
            title="World+Biz", slug=DEFAULT_SECTION_SLUGS[0], locale=edition.locale
        )
        edition.add_child(instance=found)
        found.save_revision().publish()
        if notes is not None:
            notes.append(f"created section {found.title!r} in {edition.title}")
    return found


def agency_named(name: str) -> Agency | None:
    """The agency called `name` (a plain-text name), created if new."""
    if not name:
        return None
    agency = Agency.objects.filter(name__iexact=name).first()
    if agency is None:
        slug = slugify(name, allow_unicode=True)[:255] or "agency"
        agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        agency = Agency.objects.create(name=name)
    return agency
