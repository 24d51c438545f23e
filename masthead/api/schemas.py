"""What the JSON API accepts and returns (the OpenAPI schema is built from these).

Query parameters are validated here, before any database work: a parameter that
is not what it claims to be (a slug with quotes or NUL bytes, a datetime that
is not one, a limit out of range, a control character anywhere) is answered
with a 400 and a message naming the parameter, never a 500.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field

from masthead.core.text import has_controls
from masthead.newsroom.models import ArticleKind

SLUG_MAX_LENGTH = 255
MAX_PAGE = 10_000
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# Naive datetimes and dates outside these years are refused: the database
# cannot hold them once converted to UTC, and no story is dated there.
MIN_YEAR, MAX_YEAR = 1900, 2999
# The largest id a database integer column holds.
MAX_ID = 2**63 - 1

_WORD = re.compile(r"\w")
# "2024-05-01T10:00:00 06:00": a "+" sent unencoded in a query string.
_LOST_PLUS = re.compile(r" (\d\d(:?\d\d)?)$")


def _refuse_controls(value: Any) -> Any:
    """No query parameter may carry a control character: refused rather than
    quietly dropped or trimmed, so a link never echoes one back."""
    if isinstance(value, str) and has_controls(value):
        raise ValueError("cannot contain control characters")
    return value


NoControls = BeforeValidator(_refuse_controls)


def _check_slug(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if not value or len(value) > SLUG_MAX_LENGTH:
        raise ValueError(f"must be a slug of 1 to {SLUG_MAX_LENGTH} characters")
    for char in value:
        if char == "-" or _WORD.match(char) or unicodedata.category(char)[0] == "M":
            continue
        raise ValueError(
            "must be a slug: letters, digits, hyphens and underscores only"
        )
    return value


def _repair_offset(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) > 64 or "\x00" in value:
            raise ValueError("is not an ISO 8601 datetime")
        return _LOST_PLUS.sub(r"+\1", value.strip())
    return value


def _check_year(value: datetime) -> datetime:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"must be between the years {MIN_YEAR} and {MAX_YEAR}")
    return value


# (Pydantic runs "before" validators last to first: NoControls comes last.)
Slug = Annotated[str, BeforeValidator(_check_slug), NoControls]


def _check_uri(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) > 500:
            raise ValueError("a uri is at most 500 characters")
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in value):
            raise ValueError("a uri cannot contain control characters")
    return value


WireUri = Annotated[str, BeforeValidator(_check_uri)]
SinceDateTime = Annotated[
    datetime,
    BeforeValidator(_repair_offset),
    AfterValidator(_check_year),
    NoControls,
]
EditionCode = Annotated[Literal["en", "bn"], NoControls]
Kind = Enum("Kind", {kind.name: kind.value for kind in ArticleKind}, type=str)
CheckedKind = Annotated[Kind, NoControls]
Number = Annotated[int, NoControls]


# -- errors -------------------------------------------------------------------


class ParamError(Schema):
    param: str = Field(description="The query or path parameter at fault.")
    message: str


class ErrorOut(Schema):
    message: str = Field(description="What is wrong, in plain English.")
    errors: list[ParamError] = Field(
        default_factory=list, description="One entry per bad parameter (400 only)."
    )


# -- query parameters ----------------------------------------------------------


class ArticleQuery(Schema):
    section: Slug | None = Field(
        None,
        description=(
            "Section slug. Includes the section's subsections. An unknown slug "
            "is a 404."
        ),
    )
    tag: Slug | None = Field(None, description="Tag slug. Unknown: 404.")
    author: Slug | None = Field(None, description="Author slug. Unknown: 404.")
    since: SinceDateTime | None = Field(
        None,
        description=(
            "Only stories published at or after this ISO 8601 datetime (or date). "
            "Without a UTC offset it is read in the edition's time zone "
            "(Asia/Dhaka unless the edition says otherwise). Encode '+' as %2B."
        ),
    )
    edition: EditionCode | None = Field(
        None, description="Edition language: en or bn. Default: every edition."
    )
    lang: EditionCode | None = Field(None, description="Same as `edition`.")
    kind: CheckedKind | None = Field(None, description="Article kind.")
    uri: WireUri | None = Field(
        None,
        description=(
            "The story with this ninjs `uri`: an agency's uri for wire copy, "
            "`urn:masthead:article:<id>` for the newsroom's own stories."
        ),
    )
    page: Number = Field(1, ge=1, le=MAX_PAGE, description="1-based page number.")
    limit: Number = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Stories per page (1-100)."
    )


class SectionQuery(Schema):
    edition: EditionCode | None = Field(
        None, description="Edition language: en or bn. Default: every edition."
    )
    lang: EditionCode | None = Field(None, description="Same as `edition`.")


# -- articles -------------------------------------------------------------------


class SectionRef(Schema):
    id: int
    title: str
    slug: str
    url: str


class AuthorRef(Schema):
    name: str
    slug: str
    url: str | None


class AgencyRef(Schema):
    name: str
    slug: str
    url: str | None = Field(description="The agency's page on the site.")
    website: str | None = Field(description="The agency's own website, if known.")


class ImageOut(Schema):
    url: str = Field(description="Absolute URL of a JPEG rendition.")
    width: int
    height: int
    alt: str
    caption: str
    credit: str


class ArticleCard(Schema):
    id: int
    title: str = Field(description="The headline.")
    kicker: str
    standfirst: str
    kind: str
    edition: str = Field(description="Edition language code.")
    url: str = Field(description="Absolute URL of the story on the site.")
    section: SectionRef | None
    authors: list[AuthorRef]
    agency: AgencyRef | None
    published_at: datetime | None = Field(
        description="Shown publication time, in the edition's time zone."
    )
    modified_at: datetime | None = Field(
        description="Shown last-modified time, in the edition's time zone."
    )
    tags: list[str] = Field(description="Tag slugs.")
    lead_image: ImageOut | None


class BodyBlock(Schema):
    type: Literal["paragraph", "subhead", "quote", "image", "embed", "related_links"]
    id: str | None
    value: Any = Field(
        description=(
            "paragraph: sanitized HTML with absolute links; subhead: text; "
            "quote: {text, attribution}; image: {image, caption, credit}; "
            "embed: {url, caption}; related_links: {heading, links: [{title, url}]}"
        )
    )


class ArticleDetail(ArticleCard):
    dateline: str
    byline_text: str
    body: list[BodyBlock]
    body_html: str = Field(description="The body as the site renders it.")
    related: list[ArticleCard] = Field(
        default_factory=list,
        description=(
            "Related News, as on the story's page (up to 5): the editor's "
            "picks, then stories sharing rare tags or words, newest closest."
        ),
    )


class ArticleList(Schema):
    count: int = Field(description="Stories matching the filters.")
    page: int
    pages: int
    limit: int
    next: str | None = Field(description="URL of the next page, if any.")
    previous: str | None
    items: list[ArticleCard]


# -- sections -------------------------------------------------------------------


class SectionNode(Schema):
    id: int
    title: str
    label: str = Field(description="Short name used in navigation.")
    slug: str
    url: str
    parent_id: int | None = Field(description="Parent section; null at the top.")
    depth: int = Field(description="1 for a top-level section, 2 below it, ...")
    in_navigation: bool
    children: list[SectionNode]


class EditionSections(Schema):
    edition: str = Field(description="Edition language code.")
    title: str
    url: str
    time_zone: str
    sections: list[SectionNode]


class SectionTree(Schema):
    editions: list[EditionSections]


SectionNode.model_rebuild()
