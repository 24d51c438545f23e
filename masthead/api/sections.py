"""GET /api/v1/sections."""

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from . import selectors
from .caching import cache_publicly
from .schemas import ErrorOut, SectionQuery, SectionTree

router = Router(tags=["sections"])


@router.get(
    "",
    response={200: SectionTree, 400: ErrorOut, 404: ErrorOut},
    summary="The section tree of each edition",
    url_name="section-list",
)
def list_sections(
    request: HttpRequest, response: HttpResponse, query: Query[SectionQuery]
):
    """Live sections per edition, nested: top-level sections have
    `parent_id: null` and `depth: 1`; subsections sit in `children`."""
    ctx = selectors.ApiContext.for_request(request)
    edition = selectors.pick_edition(ctx, query.edition, query.lang)
    cache_publicly(response)
    return {"editions": selectors.section_tree(ctx, edition)}
