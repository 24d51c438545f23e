"""The search page and GET /api/v1/search: filters, snippets, counts,
facets, ranking, and hostile input (never a 500)."""

from datetime import timedelta

import pytest
from lxml import html as lxml_html

from masthead.search.selectors import Filters, search
from tests import factories

HOSTILE = [
    "",
    "x" * 10_000,
    '"',
    "*",
    "NEAR(",
    "OR OR",
    "AND",
    "NOT",
    "^",
    ":",
    "-",
    "'; DROP TABLE search_entry; --",
    "bank\x00rate",
    "{title}:bank",
    "\ufffd\ufffd",
]


@pytest.fixture
def desk(db, committed):
    home = factories.english_home()
    economy = factories.make_section(home, "Economy")
    sports = factories.make_section(home, "Sports")
    rahim = factories.make_author("Rahim Uddin")
    now = factories.now()
    with committed():
        old = factories.make_article(
            economy,
            "Rice prices climb",
            standfirst="Rice harvest is late.",
            published_at=now - timedelta(days=40),
            image=False,
        )
        new = factories.make_article(
            economy,
            "Rice prices climb again",
            standfirst="Rice harvest is late.",
            authors=[rahim],
            published_at=now - timedelta(days=1),
            image=False,
        )
        body_only = factories.make_article(
            sports,
            "Tigers win",
            kind="analysis",
            body=[("paragraph", "<p>Fans ate rice & <b>dal</b> at the ground.</p>")],
            published_at=now - timedelta(hours=2),
            image=False,
        )
    return locals()


def test_headline_match_beats_body_match_and_the_recent_match_comes_first(desk):
    ids = search("rice", Filters(locale_id=desk["home"].locale_id)).ids
    assert ids == [desk["new"].pk, desk["old"].pk, desk["body_only"].pk]


def test_filters_section_kind_author_and_dates(desk):
    home = desk["home"]
    base = {"locale_id": home.locale_id}

    def found(**f):
        return set(search("rice", Filters(**base, **f)).ids)

    assert found(section_id=desk["sports"].pk) == {desk["body_only"].pk}
    assert found(kind="analysis") == {desk["body_only"].pk}
    assert found(author_id=desk["rahim"].pk) == {desk["new"].pk}
    today = factories.now().date()
    assert found(date_from=today - timedelta(days=3)) == {
        desk["new"].pk,
        desk["body_only"].pk,
    }
    assert found(date_to=today - timedelta(days=30)) == {desk["old"].pk}
    bn = factories.locale("bn")
    assert set(search("rice", Filters(locale_id=bn.pk)).ids) == set()


def test_search_page_shows_count_snippets_facets_and_filters(client, desk):
    response = client.get("/search/", {"q": "rice"})
    assert response.status_code == 200
    page = response.content.decode()
    tree = lxml_html.fromstring(page)
    assert "3 results" in tree.xpath("string(//h2[@id='results-heading'])")
    snippets = [
        lxml_html.tostring(s, encoding=str)
        for s in tree.xpath("//p[@class='search-snippet']")
    ]
    assert any("<mark>rice</mark> &amp; dal" in s for s in snippets), snippets
    assert "<b>dal" not in page
    facets = tree.xpath("string(//nav[@class='search-facets'])")
    assert "Economy" in facets and "Sports" in facets
    for name in ("section", "kind", "from", "to"):
        field = tree.xpath(f"//*[@name='{name}']")[0]
        assert tree.xpath(f"//label[@for='{field.get('id')}']")
    response = client.get("/search/", {"q": "rice", "section": "sports"})
    assert "1 result" in response.content.decode()


def test_search_page_no_results_gives_help(client, desk):
    response = client.get("/search/", {"q": "zanzibarwhisper"})
    assert response.status_code == 200
    assert b"No results" in response.content
    assert b"Try fewer or different words" in response.content


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_on_the_page_never_fail(client, desk, query):
    assert client.get("/search/", {"q": query}).status_code == 200
    assert client.get("/api/v1/search", {"q": query}).status_code in (200, 400)


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2024-13-45"},
        {"to": "yesterday"},
        {"from": "2025-02-01", "to": "2025-01-01"},
        {"kind": "nonsense"},
        {"section": "no-such-section"},
        {"author": "nobody"},
        {"author": "\x00"},
        {"page": "abc"},
    ],
)
def test_bad_filters_are_messages_not_errors(client, desk, params):
    response = client.get("/search/", {"q": "rice", **params})
    assert response.status_code in (200, 404)
    api = client.get("/api/v1/search", {"q": "rice", **params})
    assert api.status_code in (400, 404)
    assert api.json()["message"]


def test_invalid_utf8_and_bad_pages(client, desk):
    assert client.get("/search/?q=%FF%FE").status_code == 200
    assert client.get("/api/v1/search?q=%FF%FE").status_code == 200
    assert client.get("/search/", {"q": "rice", "page": "99"}).status_code == 404
    assert client.get("/api/v1/search", {"q": "rice", "page": "99"}).status_code == 404
    assert client.get("/api/v1/search", {"q": "rice", "page": "-1"}).status_code == 400
    assert client.get("/api/v1/search").status_code == 400


def test_api_returns_cards_snippets_count_facets_and_cache_headers(client, desk):
    response = client.get(
        "/api/v1/search", {"q": "rice", "edition": "en", "limit": "2"}
    )
    assert response.status_code == 200
    assert "s-maxage" in response["Cache-Control"]
    data = response.json()
    assert data["count"] == 3 and data["pages"] == 2
    assert [hit["id"] for hit in data["results"]] == [desk["new"].pk, desk["old"].pk]
    assert "<mark>Rice</mark>" in data["results"][0]["snippet"]
    assert {f["slug"]: f["count"] for f in data["facets"]} == {
        "economy": 2,
        "sports": 1,
    }
    only = client.get("/api/v1/search", {"q": "rice", "kind": "analysis", "author": ""})
    assert only.status_code in (200, 400)
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/search" in schema["paths"]


def test_another_wagtail_backend_serves_readers_search(desk, settings):
    """With OpenSearch/Elasticsearch configured, readers' search goes
    through Wagtail's backend (here its plain database fallback)."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database.fallback"}
    }
    home = desk["home"]
    results = search("rice", Filters(locale_id=home.locale_id))
    assert set(results.ids) == {desk["new"].pk, desk["old"].pk, desk["body_only"].pk}
    assert set(
        search("rice", Filters(locale_id=home.locale_id, kind="analysis")).ids
    ) == {desk["body_only"].pk}


def test_search_page_queries_do_not_grow_with_the_results(
    client, desk, committed, django_assert_max_num_queries
):
    # Each request spells the query differently: the page cache keys on the URL.
    client.get("/search/", {"q": "rIce"})  # warm the per-process caches
    with django_assert_max_num_queries(30) as few:
        client.get("/search/", {"q": "rice"})
    queries = len(few.captured_queries)
    assert queries
    economy = desk["economy"]
    with committed():
        for n in range(8):
            factories.make_article(economy, f"Rice report {n}", image=False)
    client.get("/search/", {"q": "riCe"})
    with django_assert_max_num_queries(queries):
        response = client.get("/search/", {"q": "RICE"})
    assert "11 results" in response.content.decode()
