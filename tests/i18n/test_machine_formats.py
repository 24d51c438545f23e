"""What machines read stays in machine formats in the Bangla edition too:
feeds, sitemaps, JSON-LD and `datetime` attributes keep ASCII digits and ISO
or RFC 822 dates, while they name the edition's language."""

import json
import re

import pytest
from lxml import etree, html

pytestmark = pytest.mark.django_db

BENGALI_DIGIT = re.compile("[০-৯]")
ISO = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z))?$")
RFC_822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct"
    r"|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$"
)
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return etree.fromstring(response.content)


def test_the_bangla_rss_feed_names_bn_and_keeps_rfc822_dates(client, bangla_newsroom):
    feed = xml(client, "/bn/feeds/rss.xml")
    assert feed.findtext("channel/language") == "bn"
    dates = feed.xpath("//item/pubDate/text()")
    assert dates and all(RFC_822.match(d) for d in dates), dates
    titles = feed.xpath("//item/title/text()")
    assert bangla_newsroom["lead"].title in titles


def test_the_bangla_atom_feed_keeps_iso_dates(client, bangla_newsroom):
    feed = xml(client, "/bn/feeds/atom.xml")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "bn"
    dates = feed.xpath("//atom:updated/text() | //atom:published/text()", namespaces=NS)
    assert dates and all(ISO.match(d) for d in dates), dates


def test_the_bangla_sitemaps_keep_iso_dates(client, bangla_newsroom):
    sitemap = xml(client, "/sitemap-articles-bn.xml")
    modified = sitemap.xpath("//sm:lastmod/text()", namespaces=NS)
    assert modified and all(ISO.match(d) for d in modified), modified
    news = xml(client, "/news-sitemap.xml")
    assert set(news.xpath("//news:language/text()", namespaces=NS)) == {"bn"}
    published = news.xpath("//news:publication_date/text()", namespaces=NS)
    assert published and all(ISO.match(d) for d in published), published


def test_bangla_article_json_ld_names_bn_and_keeps_iso_dates(client, bangla_newsroom):
    response = client.get(bangla_newsroom["lead"].url)
    tree = html.fromstring(response.content)
    (script,) = tree.xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["inLanguage"] == "bn"
    for key in ("datePublished", "dateModified"):
        assert ISO.match(data[key]), data[key]
    assert not BENGALI_DIGIT.search(json.dumps(data["datePublished"]))


def test_datetime_attributes_stay_iso_on_bangla_pages(client, bangla_newsroom):
    for url in ("/bn/", bangla_newsroom["lead"].url, "/bn/latest/"):
        tree = html.fromstring(client.get(url).content)
        stamps = tree.xpath("//time/@datetime")
        assert stamps and all(ISO.match(s) for s in stamps), (url, stamps)
        # ... while the text a reader sees is in Bengali digits.
        shown = [t.text for t in tree.xpath("//time") if t.text]
        assert all(BENGALI_DIGIT.search(s) for s in shown), shown


def test_nothing_machine_readable_has_bengali_digits(client, bangla_newsroom):
    for url in (
        "/bn/feeds/rss.xml",
        "/bn/feeds/atom.xml",
        "/sitemap-articles-bn.xml",
        "/news-sitemap.xml",
    ):
        body = client.get(url).content.decode()
        assert not BENGALI_DIGIT.search(body), url
