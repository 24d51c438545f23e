"""GET /api/v1/articles and /api/v1/articles/{id}."""

from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.http import urlencode
from ninja import Query, Router
from ninja.params.functions import Path as PathParam

from masthead.syndication import common

from . import selectors
from .caching import cache_publicly
from .ninjs_out import article_ninjs
from .schemas import MAX_ID, ArticleDetail, ArticleList, ArticleQuery, ErrorOut

router = Router(tags=["articles"])

ERRORS = {400: ErrorOut, 404: ErrorOut}
ArticleId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="Article id.")]


def _page_url(request: HttpRequest, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return common.absolute(
        request, request.path + "?" + urlencode(sorted(params.items()))
    )


@router.get(
    "",
    response={200: ArticleList, **ERRORS},
    summary="Live articles, newest first",
    url_name="article-list",
)
def list_articles(
    request: HttpRequest, response: HttpResponse, query: Query[ArticleQuery]
):
    """Published stories, newest first, with optional filters.

    Filters combine (AND). An unknown section, tag or author slug is a 404 with
    a message; a known one without stories gives an empty page. Paginate with
    `page` and `limit`; a page past the last is a 404 (page 1 always exists).
    Times are ISO 8601 in the edition's time zone.
    """
    ctx = selectors.ApiContext.for_request(request)
    articles = selectors.filtered_articles(ctx, query)
    page = selectors.paginate(articles, query.page, query.limit)
    cache_publicly(response)
    return {
        "count": page.count,
        "page": page.number,
        "pages": page.pages,
        "limit": query.limit,
        "next": _page_url(request, page.number + 1)
        if page.number < page.pages
        else None,
        "previous": _page_url(request, page.number - 1) if page.number > 1 else None,
        "items": [selectors.article_card(ctx, a) for a in page.items],
    }


@router.get(
    "/{article_id}",
    response={200: ArticleDetail, **ERRORS},
    summary="One published article, with its body",
    url_name="article-detail",
)
def get_article(
    request: HttpRequest,
    response: HttpResponse,
    article_id: ArticleId,
    format: Literal["json", "ninjs"] = Query(  # noqa: A002 - the public name
        "json",
        description=(
            "`ninjs` returns the story as IPTC ninjs 2.0 (as /ninjs does) "
            "instead of this shape."
        ),
    ),
):
    """A published story: the list's fields plus dateline, free-text byline, the
    body as typed blocks (rich text as sanitized HTML with absolute links,
    images as renditions) and the body as the site renders it."""
    ctx = selectors.ApiContext.for_request(request)
    article = selectors.get_article(article_id)
    if format == "ninjs":
        return _ninjs_response(ctx, article)
    cache_publicly(response)
    return selectors.article_detail(ctx, article)


def _ninjs_response(ctx, article) -> JsonResponse:
    response = JsonResponse(article_ninjs(ctx, article))
    cache_publicly(response)
    return response


@router.get(
    "/{article_id}/ninjs",
    response={200: dict[str, Any], **ERRORS},
    summary="One published article as IPTC ninjs 2.0",
    url_name="article-ninjs",
)
def get_article_ninjs(request: HttpRequest, article_id: ArticleId):
    """The story as IPTC ninjs 2.0: uri (the agency's for wire copy, else
    `urn:masthead:article:<id>`), version, headlines, descriptions, the body
    as sanitized HTML, by, subjects, and the lead picture as an association."""
    ctx = selectors.ApiContext.for_request(request)
    return _ninjs_response(ctx, selectors.get_article(article_id))
