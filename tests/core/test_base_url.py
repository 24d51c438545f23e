"""With MASTHEAD_BASE_URL set, no absolute URL takes its host or port from the
request's Host header (canonical, feeds, sitemaps, JSON-LD, OpenSearch,
robots.txt)."""

import re

import pytest

BASE = "https://news.example.com"
HOST = "evil.example:8443"
# The checks look for ":8443", the port as it follows a host: the bare digits
# can occur by chance in a generated file name or slug.


@pytest.fixture
def based(settings):
    settings.MASTHEAD_BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["*"]


def absolute_urls(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


FOREIGN = (
    "schema.org",
    "www.w3.org",
    "www.sitemaps.org",
    "www.google.com",
    "a9.com",
    "search.yahoo.com",
    "purl.org",
    "ogp.me",
    "www.reuters.com",
    "www.mozilla.org",
)


def own_urls(text: str) -> list[str]:
    return [u for u in absolute_urls(text) if not any(f in u for f in FOREIGN)]


def fetch(client, path):
    response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/robots.txt",
        "/opensearch.xml",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/feeds/rss.xml",
        "/feeds/atom.xml",
    ],
)
def test_site_wide_documents_use_the_base_url(client, newsroom, based, path):
    text = fetch(client, path)
    urls = own_urls(text)
    assert urls, f"{path} has absolute URLs"
    for url in urls:
        assert url.startswith(BASE + "/") or url == BASE, (path, url)
    assert "evil.example" not in text and ":8443" not in text


def test_pages_use_the_base_url_in_canonical_json_ld_and_share_tags(
    client, newsroom, based
):
    for page in (newsroom["lead"], newsroom["economy"], newsroom["home"]):
        text = fetch(client, page.url)
        assert f'rel="canonical" href="{BASE}/' in text
        for url in own_urls(text):
            assert url.startswith(BASE + "/"), (page.url, url)
        assert "evil.example" not in text and ":8443" not in text


def test_every_sitemap_file_uses_the_base_url(client, newsroom, based):
    index = fetch(client, "/sitemap.xml")
    files = re.findall(r"<loc>([^<]+)</loc>", index)
    assert files
    for url in files:
        text = fetch(client, url.removeprefix(BASE).replace("&amp;", "&"))
        urls = own_urls(text)
        assert urls
        for found in urls:
            assert found.startswith(BASE + "/"), (url, found)


def test_the_api_uses_the_base_url(client, newsroom, based):
    for path in ("/api/v1/articles?limit=1", f"/api/v1/articles/{newsroom['lead'].pk}"):
        text = fetch(client, path)
        urls = own_urls(text.replace("\\/", "/"))
        assert urls, path
        for url in urls:
            assert url.startswith(BASE + "/"), (path, url)
        assert "evil.example" not in text and ":8443" not in text
