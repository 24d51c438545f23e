"""Cold renders cost a pinned number of queries, however big the newsroom.

Each page is rendered once first so that image renditions exist (they are
created on first render), then the count is pinned. Thirty more stories must
not change it: every listing and rail is bounded and prefetched.
"""

import pytest

from .conftest import add_stories

pytestmark = pytest.mark.django_db

# Includes the SEO head (canonical, hreflang alternates) rendered by syndication.
# The site, editions, settings, navigation and sections come from the cache
# (frontpage.site_data), and so do the rendered header, footer and rails
# until the next purge; routing reads one page per level of the address (a
# story: one in all).
HOME_QUERIES = 8
SECTION_QUERIES = 8
# A story's own query says whether it has corrections or translations, and
# finds it by its address in one query however deep it lies.
ARTICLE_QUERIES = 6
LATEST_QUERIES = 5
TAG_QUERIES = 5


def pages(newsroom):
    return [
        ("/", HOME_QUERIES),
        ("/economy/", SECTION_QUERIES),
        (newsroom["lead"].url, ARTICLE_QUERIES),
        ("/latest/", LATEST_QUERIES),
        ("/tag/inflation/", TAG_QUERIES),
    ]


def assert_pinned(client, django_assert_num_queries, newsroom):
    for url, expected in pages(newsroom):
        assert client.get(url).status_code == 200  # warm: renditions
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200, url


def test_query_counts_are_pinned(client, full_newsroom, django_assert_num_queries):
    assert_pinned(client, django_assert_num_queries, full_newsroom)


def test_query_counts_do_not_grow_with_the_newsroom(
    client, full_newsroom, django_assert_num_queries
):
    assert_pinned(client, django_assert_num_queries, full_newsroom)
    add_stories(full_newsroom, 30, start_minutes=500)
    assert_pinned(client, django_assert_num_queries, full_newsroom)
