"""GET /api/v1/search: the reader search (masthead.search) as JSON."""

from __future__ import annotations

import math
from datetime import date

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from masthead.newsroom.models import Author, SectionPage
from masthead.newsroom.selectors import reader_visible
from masthead.search import selectors as search

from . import selectors
from .caching import cache_publicly
from .schemas import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_PAGE,
    ArticleCard,
    CheckedKind,
    EditionCode,
    ErrorOut,
    Number,
    Slug,
)

router = Router(tags=["search"])
MAX_QUERY = 10_000


class SearchQuery(Schema):
    q: str = Field(
        ...,
        max_length=MAX_QUERY,
        description=(
            "Words to find; every word must appear (English words match their "
            "other forms: sanction, sanctions, sanctioned). Operators and "
            "punctuation are ignored."
        ),
    )
    edition: EditionCode | None = Field(
        None, description="Edition language: en or bn. Default: every edition."
    )
    section: Slug | None = Field(None, description="Section slug (404 if unknown).")
    kind: CheckedKind | None = Field(None, description="Article kind.")
    author: Slug | None = Field(None, description="Author slug (404 if unknown).")
    date_from: date | None = Field(
        None, alias="from", description="First day (YYYY-MM-DD), edition's time zone."
    )
    date_to: date | None = Field(
        None, alias="to", description="Last day (YYYY-MM-DD), edition's time zone."
    )
    page: Number = Field(1, ge=1, le=MAX_PAGE, description="1-based page number.")
    limit: Number = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Results per page (1-100)."
    )


class SearchHit(ArticleCard):
    snippet: str = Field(
        description="HTML: the text around the first match, escaped, matches in <mark>."
    )


class SectionFacet(Schema):
    id: int
    slug: str
    title: str
    count: int = Field(description="Matches in the section (and its subsections).")


class SearchOut(Schema):
    count: int = Field(
        description=f"Matching stories (exact up to {search.COUNT_CAP:,})."
    )
    more: bool = Field(
        description=f"True when there are more than {search.COUNT_CAP:,}."
    )
    page: int
    pages: int = Field(
        description=f"Pages of ranked results (the newest {search.WINDOW} matches)."
    )
    limit: int
    results: list[SearchHit]
    facets: list[SectionFacet] = Field(
        description="Top sections among the ranked matches."
    )


@router.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut, 404: ErrorOut},
    summary="Search published stories",
    url_name="search",
)
def search_stories(
    request: HttpRequest, response: HttpResponse, query: Query[SearchQuery]
):
    """Stories matching every word of `q`, relevance blended with recency,
    with filters, snippets, a count and section facets."""
    ctx = selectors.ApiContext.for_request(request)
    edition = ctx.edition(query.edition)
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise HttpError(400, "`from` is after `to`.")
    sections = reader_visible(SectionPage.objects.live())
    if edition is not None:
        sections = sections.filter(locale_id=edition.locale_id)
    section = None
    if query.section:
        section = sections.filter(slug=query.section).first()
        if section is None:
            raise selectors.NotFound(
                f"There is no section with the slug '{query.section}'."
            )
    author = None
    if query.author:
        author = Author.objects.filter(slug=query.author).first()
        if author is None:
            raise selectors.NotFound(
                f"There is no author with the slug '{query.author}'."
            )
    zone = ctx.zone(edition.locale_id if edition else None)
    filters = search.Filters(
        locale_id=edition.locale_id if edition else None,
        section_id=section.pk if section else None,
        kind=query.kind.value if query.kind else None,
        author_id=author.pk if author else None,
        date_from=query.date_from,
        date_to=query.date_to,
        zone=str(zone),
    )
    results = search.search(query.q, filters)
    pages = max(1, math.ceil(len(results.ids) / query.limit))
    if query.page > pages:
        raise selectors.NotFound(
            f"Page {query.page} does not exist: there are {pages} page(s)."
        )
    start = (query.page - 1) * query.limit
    ids = results.ids[start : start + query.limit]
    stories = search.stories(ids, results.words, edition)
    selectors.load_cards(stories)
    facet_sections = {
        s.pk: s for s in SectionPage.objects.filter(pk__in=list(results.facets))
    }
    cache_publicly(response)
    return {
        "count": results.count,
        "more": results.more,
        "page": query.page,
        "pages": pages,
        "limit": query.limit,
        "results": [
            {**selectors.article_card(ctx, story), "snippet": story.snippet}
            for story in stories
        ],
        "facets": [
            {"id": pk, "slug": s.slug, "title": s.title, "count": results.facets[pk]}
            for pk, s in sorted(
                facet_sections.items(), key=lambda kv: -results.facets[kv[0]]
            )
        ],
    }
