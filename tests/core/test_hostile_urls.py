"""URLs from strangers: every public route answers 4xx, never 500."""

import pytest

HOSTILE_SLUGS = [
    "%00",
    "a%00b",
    "x" * 300,
    "..%2F..%2Fetc%2Fpasswd",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "' OR 1=1 --",
    "%E0%A6%A2%E0%A6%BE%E0%A6%95%E0%A6%BE",
    "%FF%FE",
]
ROUTES = [
    "/tag/{}/",
    "/author/{}/",
    "/agency/{}/",
    "/bn/tag/{}/",
    "/feeds/tag/{}/rss.xml",
    "/feeds/section/{}/atom.xml",
    "/feeds/author/{}/rss.xml",
    "/economy/{}/",
]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("slug", HOSTILE_SLUGS)
def test_hostile_slugs_get_a_404(client, newsroom, route, slug):
    response = client.get(route.format(slug))
    assert response.status_code in (400, 404), response.status_code


@pytest.mark.parametrize(
    "query",
    ["page=%00", "page=1%00", "q=%00", "page=" + "9" * 50, "page[]=1&page=2"],
)
def test_hostile_query_strings_never_break_a_listing(client, newsroom, query):
    for path in ("/economy/", "/latest/", "/search/", "/tag/inflation/"):
        assert client.get(f"{path}?{query}").status_code in (200, 400, 404)
