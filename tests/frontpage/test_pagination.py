"""A bad or out-of-range `?page=` is a 404 (or the first page), never a 500."""

import pytest

from .conftest import add_stories

pytestmark = pytest.mark.django_db

BAD_PAGES = ["abc", "0", "-1", "99999", "1e3", "9" * 500, "1.5", "２x", " ", "%00"]


@pytest.fixture
def listing_urls(newsroom):
    return ["/economy/", "/tag/inflation/", "/author/nadia-islam/", "/latest/"]


@pytest.mark.parametrize("bad", BAD_PAGES)
def test_bad_page_numbers_are_404(client, newsroom, listing_urls, bad):
    for url in listing_urls:
        response = client.get(url, {"page": bad})
        assert response.status_code == 404, (url, bad)
    response = client.get("/search/", {"q": "bank", "page": bad})
    assert response.status_code == 404


@pytest.mark.parametrize("first", ["", "1"])
def test_first_page_spellings(client, newsroom, listing_urls, first):
    for url in listing_urls:
        assert client.get(url, {"page": first}).status_code == 200, url


def test_last_page_exists_and_the_next_does_not(client, newsroom):
    add_stories(newsroom, 41)  # 44 stories in all, 20 a page
    assert client.get("/economy/", {"page": 2}).status_code == 200
    # Economy and Banking hold 30 of them: two pages.
    assert client.get("/economy/", {"page": 3}).status_code == 404
    assert client.get("/latest/", {"page": 3}).status_code == 200
    assert client.get("/latest/", {"page": 4}).status_code == 404
