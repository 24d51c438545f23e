"""Hostile slugs and parameters: 404, never 500."""

import pytest

from masthead.syndication.common import clean_slug

pytestmark = pytest.mark.django_db

LONG = "a" * 5000
SLUGS = [
    "অজানা-বিষয়",  # unicode, unknown
    "%00",
    "x%00y",
    "%0d%0aSet-Cookie:%20a=b",
    LONG,
    "%2e%2e",
    "..",
    "%2e%2e%2f%2e%2e%2fetc",
    "' OR 1=1 --",
    "%F0%9F%92%A9",
    "%ff%fe",
]


@pytest.mark.parametrize("scope", ["section", "tag", "author"])
@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_hostile_feed_slugs_are_404(client, newsroom, scope, slug, kind):
    response = client.get(f"/feeds/{scope}/{slug}/{kind}.xml")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/tag/../rss.xml",
        "/feeds/section/../../etc/passwd",
        "/feeds/../robots.txt/",
        "/bn/feeds/author/%00/rss.xml",
        "/sitemap-%00.xml",
        "/sitemap-" + LONG + ".xml",
        "/sitemap-../settings.xml",
        "/sitemap-articles-en.xml?p=" + "9" * 50,
        "/sitemap-articles-en.xml?p=-1",
        "/sitemap-articles-en.xml?p=%00",
    ],
)
def test_hostile_paths_are_404(client, newsroom, url):
    assert client.get(url).status_code == 404


def test_query_strings_do_not_break_xml(client, newsroom):
    for url in ("/robots.txt?x=%00", "/opensearch.xml?q=</x>", "/news-sitemap.xml?a"):
        assert client.get(url).status_code == 200


def test_clean_slug_rejects_control_characters_and_length():
    assert clean_slug("economy") == "economy"
    assert clean_slug("ঢাকা") == "ঢাকা"
    for bad in ("", "a\x00b", "a/b", "a\\b", "x" * 256, "\x7f"):
        with pytest.raises(Exception) as info:
            clean_slug(bad)
        assert info.type.__name__ == "Http404"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_unsafe_methods_are_refused(client, newsroom, method):
    for url in ("/robots.txt", "/sitemap.xml", "/news-sitemap.xml", "/opensearch.xml"):
        assert getattr(client, method)(url).status_code in (403, 405)
