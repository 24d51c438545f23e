"""An API page costs the same number of queries however many items it holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .. import factories


def queries_for(client, url):
    client.get(url)  # warm: renditions and site root paths are made once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def crowded(newsroom):
    reporters = [factories.make_author(f"Reporter {n}") for n in range(3)]
    for n in range(12):
        factories.make_article(
            newsroom["banking"] if n % 2 else newsroom["sports"],
            authors=reporters[: 1 + n % 3],
            agency=newsroom["reuters"] if n % 3 == 0 else None,
            tags=[f"tag-{n}", "common"],
        )
    return newsroom


LIST_QUERIES = 8  # editions, count, page, sections, renditions, bylines+authors,
# tags; +1 per slug filter looked up. View restrictions are a subquery.


def test_article_list_queries_do_not_grow_with_the_page(client, crowded):
    one = queries_for(client, "/api/v1/articles?limit=1")
    many = queries_for(client, "/api/v1/articles?limit=100")
    assert one == many
    assert many <= LIST_QUERIES


def test_filtered_list_queries_are_bounded(client, crowded):
    url = "/api/v1/articles?limit=100&section=economy&tag=common&author=reporter-1"
    one = queries_for(client, url.replace("limit=100", "limit=1"))
    assert queries_for(client, url) == one <= LIST_QUERIES + 3


def test_article_detail_queries_are_bounded(client, story):
    # The card's queries, the body's images, pages and embed, and the links
    # in the rendered body_html (as the article page renders them); Related
    # News: its ranking (one query when stored, three when ranked as it is
    # read) and its cards (stories, renditions, bylines, tags).
    assert queries_for(client, f"/api/v1/articles/{story.pk}") <= 22


def test_detail_links_cost_the_same_for_any_number_of_paragraphs(client, newsroom):
    target = newsroom["match"]
    link = f'<p><a linktype="page" id="{target.pk}">report</a></p>'
    short = factories.make_article(newsroom["sports"], body=[("paragraph", link)])
    long = factories.make_article(newsroom["sports"], body=[("paragraph", link)] * 10)
    one = queries_for(client, f"/api/v1/articles/{short.pk}")
    ten = queries_for(client, f"/api/v1/articles/{long.pk}")
    # Paragraphs are expanded together; Wagtail still resolves the locale once
    # per internal link (Page.localized).
    assert ten <= one + 9


def test_section_tree_queries_do_not_grow_with_sections(client, newsroom):
    before = queries_for(client, "/api/v1/sections")
    for n in range(5):
        factories.make_section(newsroom["economy"], f"Desk {n}")
    assert queries_for(client, "/api/v1/sections") == before <= 4
