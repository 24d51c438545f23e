"""Archive pages cost a pinned number of queries however many stories there
are, and a busy day is paginated a hundred stories at a time."""

from datetime import timedelta

import pytest

from masthead.core import surrogate
from masthead.core.purge import purge_keys
from masthead.frontpage.archive import DAY_PER_PAGE
from masthead.newsroom.bulk import ArticleSpec, ArticleWriter

from .conftest import utc

pytestmark = pytest.mark.django_db

# Every page: the edition's own view restrictions (Wagtail's serve, as for
# every route of the edition). The counts (grouped by the database, one query
# each) and the first story's day are kept until the scope's next purge, so a
# second render reads neither; the site, editions, sections, header and footer
# come from the cache. A day: its stories (a count and a page) and their
# pictures' renditions; the index: "on this day".
INDEX_QUERIES = 2
YEAR_QUERIES = 1
MONTH_QUERIES = 1
DAY_QUERIES = 4
SECTION_DAY_QUERIES = 5  # and the section, found by its address
# A first render after a purge also counts (one grouped query) and finds the
# first story's day (one query along the published_at index).
COLD_EXTRA = {"/archive/": 2, "/archive/2025/": 2, "/archive/2025/03/": 2}


def add_day(parent, day_start, count):
    ArticleWriter(announce=False).write(
        [
            ArticleSpec(
                parent=parent,
                title=f"Busy day story {i}",
                published_at=day_start + timedelta(minutes=i),
            )
            for i in range(count)
        ]
    )


def pages():
    return [
        ("/archive/", INDEX_QUERIES),
        ("/archive/2025/", YEAR_QUERIES),
        ("/archive/2025/03/", MONTH_QUERIES),
        ("/archive/2025/03/30/", DAY_QUERIES),
        ("/economy/archive/2025/03/30/", SECTION_DAY_QUERIES),
    ]


def assert_pinned(client, django_assert_num_queries):
    for url, expected in pages():
        assert client.get(url).status_code == 200, url  # warm: renditions
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200, url


def test_a_first_render_counts_in_one_query(client, archive, django_assert_num_queries):
    for url, extra in COLD_EXTRA.items():
        assert client.get(url).status_code == 200, url
        purge_keys([surrogate.edition(archive["home"].pk)])  # a publish would
        expected = dict(pages())[url] + extra
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200, url


def test_archive_query_counts_are_pinned_and_do_not_grow(
    client, archive, django_assert_num_queries
):
    assert_pinned(client, django_assert_num_queries)
    add_day(archive["banking"], utc(2025, 3, 30, 0, 0), 40)
    add_day(archive["sports"], utc(2024, 12, 1, 0, 0), 40)
    assert_pinned(client, django_assert_num_queries)


def test_a_day_with_more_than_a_hundred_stories_is_paginated(client, archive):
    # 00:00 UTC is 06:00 in Dhaka: the whole batch is on the 30th.
    add_day(archive["economy"], utc(2025, 3, 30, 0, 0), DAY_PER_PAGE)
    first = client.get("/archive/2025/03/30/")
    html = first.content.decode()
    assert html.count('class="card__title"') == DAY_PER_PAGE
    assert f"{DAY_PER_PAGE + 2} stories published this day." in html
    assert 'rel="next" href="?page=2"' in html
    second = client.get("/archive/2025/03/30/", {"page": "2"}).content.decode()
    assert second.count('class="card__title"') == 2
    assert "Early morning match report" in second  # the day's oldest, last
    assert client.get("/archive/2025/03/30/", {"page": "3"}).status_code == 404
