"""Sitemap index, per-edition sitemaps and the Google News sitemap."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from masthead.newsroom.models import StandardPage
from masthead.syndication import sitemaps as sitemaps_module
from masthead.syndication import views
from tests import factories

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return response, etree.fromstring(response.content)


def locs(tree):
    return [loc.text for loc in tree.xpath("//sm:loc", namespaces=NS)]


def test_index_lists_every_non_empty_sitemap_and_validates(
    client, newsroom, bangla_lead, schemas
):
    response, index = get_xml(client, "/sitemap.xml")
    schemas["siteindex"].validate(response.content.decode())
    files = locs(index)
    assert files == [
        "http://testserver/sitemap-pages-en.xml",
        "http://testserver/sitemap-articles-en.xml",
        "http://testserver/sitemap-pages-bn.xml",
        "http://testserver/sitemap-articles-bn.xml",
    ]
    assert len(index.xpath("//sm:sitemap/sm:lastmod", namespaces=NS)) == len(files)
    for url in files:
        response, _tree = get_xml(client, url.removeprefix("http://testserver"))
        schemas["sitemap"].validate(response.content.decode())


def test_pages_sitemap_has_fronts_sections_and_static_pages(client, newsroom):
    about = StandardPage(title="About", slug="about", body="<p>Hi</p>")
    newsroom["home"].add_child(instance=about)
    about.save_revision().publish()
    _, tree = get_xml(client, "/sitemap-pages-en.xml")
    assert locs(tree) == [
        "http://testserver/",
        "http://testserver/economy/",
        "http://testserver/economy/banking/",
        "http://testserver/sports/",
        "http://testserver/about/",
    ]
    _, bangla = get_xml(client, "/sitemap-pages-bn.xml")
    assert locs(bangla) == ["http://testserver/bn/"]


def test_article_sitemap_is_oldest_first_and_absolute(client, newsroom, bangla_lead):
    _, tree = get_xml(client, "/sitemap-articles-en.xml")
    assert locs(tree) == [
        "http://testserver" + newsroom[key].url for key in ("lead", "wire", "match")
    ]
    lastmods = tree.xpath("//sm:lastmod/text()", namespaces=NS)
    assert len(lastmods) == 3
    assert all("+06:00" in value for value in lastmods)
    _, bangla = get_xml(client, "/sitemap-articles-bn.xml")
    assert locs(bangla) == ["http://testserver" + bangla_lead.url]


def test_article_sitemaps_are_paginated(client, newsroom, monkeypatch, schemas):
    monkeypatch.setattr(sitemaps_module, "ARTICLES_PER_FILE", 2)
    monkeypatch.setattr(sitemaps_module.ArticlesSitemap, "limit", 2)
    response, index = get_xml(client, "/sitemap.xml")
    files = locs(index)
    assert "http://testserver/sitemap-articles-en.xml" in files
    assert "http://testserver/sitemap-articles-en.xml?p=2" in files
    _, first = get_xml(client, "/sitemap-articles-en.xml")
    response, second = get_xml(client, "/sitemap-articles-en.xml?p=2")
    schemas["sitemap"].validate(response.content.decode())
    assert len(locs(first)) == 2
    assert locs(second) == ["http://testserver" + newsroom["match"].url]
    for bad in ("?p=3", "?p=0", "?p=abc", "?p=%00"):
        assert client.get("/sitemap-articles-en.xml" + bad).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/sitemap-nothing.xml", "/sitemap-articles-bn.xml", "/sitemap-.xml"],
)
def test_unknown_or_empty_sitemaps_are_404(client, newsroom, url):
    assert client.get(url).status_code == 404


def test_sitemap_hosts_follow_the_request(client, newsroom):
    response = client.get("/sitemap.xml", HTTP_HOST="news.example.org", secure=True)
    tree = etree.fromstring(response.content)
    assert all(u.startswith("https://news.example.org/") for u in locs(tree))


def test_news_sitemap_only_last_48_hours(client, newsroom, bangla_lead, schemas):
    now = timezone.now()
    old = factories.make_article(
        newsroom["economy"],
        "Three days old",
        image=False,
        published_at=now - timedelta(hours=72),
    )
    edge = factories.make_article(
        newsroom["economy"],
        "Forty-seven hours old & counting <b>",
        image=False,
        published_at=now - timedelta(hours=47),
    )
    response, tree = get_xml(client, "/news-sitemap.xml")
    schemas["news"].validate(response.content.decode())
    urls = locs(tree)
    assert "http://testserver" + old.url not in urls
    assert "http://testserver" + edge.url in urls
    assert "http://testserver" + bangla_lead.url in urls
    assert len(urls) == 5
    titles = tree.xpath("//news:title/text()", namespaces=NS)
    assert "Forty-seven hours old & counting <b>" in titles
    languages = tree.xpath("//news:publication/news:language/text()", namespaces=NS)
    assert sorted(set(languages)) == ["bn", "en"]
    names = set(tree.xpath("//news:publication/news:name/text()", namespaces=NS))
    assert names == {"Masthead"}
    dates = tree.xpath("//news:publication_date/text()", namespaces=NS)
    assert all(d.endswith("+06:00") for d in dates)
    # Newest first.
    assert urls[-1] == "http://testserver" + edge.url


def test_news_sitemap_is_capped(client, newsroom, monkeypatch):
    monkeypatch.setattr(views, "NEWS_LIMIT", 2)
    _, tree = get_xml(client, "/news-sitemap.xml")
    assert locs(tree) == [
        "http://testserver" + newsroom["match"].url,
        "http://testserver" + newsroom["wire"].url,
    ]


def test_news_sitemap_limit_is_1000():
    assert views.NEWS_LIMIT == 1000
    assert views.NEWS_WINDOW == timedelta(hours=48)


def test_sitemaps_are_public(client, newsroom):
    for url in ("/sitemap.xml", "/sitemap-pages-en.xml", "/news-sitemap.xml"):
        response = client.get(url)
        assert "public" in response["Cache-Control"], url
        assert not response.cookies
