"""robots.txt and the OpenSearch description."""

import pytest
from lxml import etree

pytestmark = pytest.mark.django_db

OS = {"os": "http://a9.com/-/spec/opensearch/1.1/"}


def test_robots_names_both_sitemaps(client, newsroom):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "User-agent: *" in lines
    assert "public" in response["Cache-Control"]
    assert not response.cookies


def test_robots_uses_the_request_host(client, newsroom):
    response = client.get("/robots.txt", HTTP_HOST="news.example.org", secure=True)
    assert "Sitemap: https://news.example.org/sitemap.xml" in response.content.decode()


def description(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert "public" in response["Cache-Control"]
    return etree.fromstring(response.content)


def search_template(tree):
    (url,) = tree.xpath("//os:Url[@type='text/html']", namespaces=OS)
    return url.get("template")


def test_opensearch_points_to_a_working_search_page(client, newsroom):
    from masthead.search.index import rebuild

    rebuild()  # the index is written after commit; this data never commits
    tree = description(client, "/opensearch.xml")
    assert tree.xpath("string(//os:ShortName)", namespaces=OS) == "Masthead"
    assert len(tree.xpath("string(//os:ShortName)", namespaces=OS)) <= 16
    assert tree.xpath("string(//os:InputEncoding)", namespaces=OS) == "UTF-8"
    template = search_template(tree)
    assert template == "http://testserver/search/?q={searchTerms}"
    # The template resolves to the edition's search page (HomePage route).
    url = template.replace("{searchTerms}", "policy").removeprefix("http://testserver")
    response = client.get(url)
    assert response.status_code == 200
    assert newsroom["lead"].title in response.content.decode()


def test_bangla_opensearch(client, newsroom):
    tree = description(client, "/bn/feeds/opensearch.xml")
    template = search_template(tree)
    assert template == "http://testserver/bn/search/?q={searchTerms}"
    assert tree.xpath("string(//os:Language)", namespaces=OS) == "bn"
    url = template.replace("{searchTerms}", "x").removeprefix("http://testserver")
    assert client.get(url).status_code == 200
