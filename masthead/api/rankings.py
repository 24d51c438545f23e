"""GET /api/v1/most-viewed and /api/v1/most-read: the audience rankings.

The same lists as the rails (masthead.audience.rankings), for any window,
edition and section. Kept here rather than in the audience app because the
cards are the API's (the audience app must not depend on the API, which
depends on the front page, which shows the audience's rails).
"""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from masthead.audience import rankings
from masthead.newsroom import selectors as newsroom
from masthead.newsroom.models import SectionPage

from . import selectors
from .caching import cache_publicly
from .schemas import ArticleCard, EditionCode, ErrorOut, NoControls, Number, Slug

router = Router(tags=["audience"])

MAX_LIMIT = 50
WindowName = Annotated[Literal["1h", "24h", "7d"], NoControls]


class RankingQuery(Schema):
    window: WindowName | None = Field(
        None,
        description=(
            "Counting window: the last hour, 24 hours or 7 days. Default: 24h "
            "for most viewed, 7d for most read."
        ),
    )
    section: Slug | None = Field(
        None,
        description=(
            "Section slug: stories in it and its subsections. An unknown slug is a 404."
        ),
    )
    edition: EditionCode | None = Field(
        None, description="Edition language: en or bn. Default: every edition."
    )
    lang: EditionCode | None = Field(None, description="Same as `edition`.")
    limit: Number = Field(10, ge=1, le=MAX_LIMIT, description="Stories (1-50).")


class RankedCard(ArticleCard):
    rank: int = Field(description="1 for the most viewed (or read).")
    count: int = Field(description="Views (or engaged reads) in the window.")


class Ranking(Schema):
    window: str
    counting: Literal["views", "reads"]
    minimum: int = Field(description="Stories with fewer are not ranked.")
    items: list[RankedCard]


def _sections(edition, slug: str | None):
    if not slug:
        return [None]
    sections = newsroom.reader_visible(SectionPage.objects.live()).filter(slug=slug)
    if edition is not None:
        sections = sections.filter(locale_id=edition.locale_id)
    found = list(sections.order_by("path"))
    if not found:
        raise selectors.NotFound(f"There is no section with the slug '{slug}'.")
    return found


def ranking(request, response, query: RankingQuery, kind: str) -> dict:
    ctx = selectors.ApiContext.for_request(request)
    edition = selectors.pick_edition(ctx, query.edition, query.lang)
    window = query.window or rankings.DEFAULT_WINDOW[kind]
    articles = []
    # One slug may name a section in each edition: their stories are apart.
    for section in _sections(edition, query.section):
        articles += rankings.ranked_articles(
            kind,
            window,
            edition=edition,
            section=section,
            limit=query.limit,
            articles=selectors.live_articles(edition),
        )
    articles.sort(key=lambda a: (-a.audience_count, -a.pk))
    articles = articles[: query.limit]
    selectors.load_cards(articles)
    cache_publicly(response)
    return {
        "window": window,
        "counting": "views" if kind == rankings.VIEWS else "reads",
        "minimum": rankings.minimum(kind),
        "items": [
            {
                **selectors.article_card(ctx, article),
                "rank": rank,
                "count": article.audience_count,
            }
            for rank, article in enumerate(articles, start=1)
        ],
    }


ERRORS = {400: ErrorOut, 404: ErrorOut}


@router.get(
    "/most-viewed",
    response={200: Ranking, **ERRORS},
    summary="The most viewed stories",
    url_name="most-viewed",
)
def most_viewed(
    request: HttpRequest, response: HttpResponse, query: Query[RankingQuery]
):
    """Live stories by page views in the window (24 hours unless asked),
    counted from the beacons article pages send. A story needs a minimum
    number of views to be ranked; the list may be shorter than `limit`, or
    empty. Recomputed at most once a minute."""
    return ranking(request, response, query, rankings.VIEWS)


@router.get(
    "/most-read",
    response={200: Ranking, **ERRORS},
    summary="The most read stories",
    url_name="most-read",
)
def most_read(request: HttpRequest, response: HttpResponse, query: Query[RankingQuery]):
    """Live stories by engaged reads in the window (7 days unless asked): a
    read is a reader reaching the end of the story with the page visible for
    at least 10 seconds, or staying with it for half its reading time."""
    return ranking(request, response, query, rankings.READS)
