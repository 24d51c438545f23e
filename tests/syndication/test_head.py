"""The SEO <head>: canonical, hreflang, Open Graph, Twitter, feeds, OpenSearch."""

import lxml.html
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from masthead.newsroom import selectors
from tests import factories

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def head_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return lxml.html.fromstring(response.content.decode()).xpath("//head")[0]


def meta(head, key):
    values = head.xpath(f"meta[@property='{key}' or @name='{key}']/@content")
    return values[0] if len(values) == 1 else values


def links(head, rel, **attrs):
    found = head.xpath(f"link[@rel='{rel}']")
    return [link for link in found if all(link.get(k) == v for k, v in attrs.items())]


def hreflangs(head):
    return {
        link.get("hreflang"): link.get("href")
        for link in head.xpath("link[@rel='alternate'][@hreflang]")
    }


def feed_links(head):
    return [
        (link.get("type"), link.get("href"))
        for link in head.xpath("link[@rel='alternate'][@type]")
    ]


def test_article_head(client, newsroom):
    lead = newsroom["lead"]
    head = head_of(client, lead.url)
    url = BASE + lead.url
    assert [link.get("href") for link in links(head, "canonical")] == [url]
    assert meta(head, "description") == lead.standfirst
    assert meta(head, "og:type") == "article"
    assert meta(head, "og:title") == lead.title
    assert meta(head, "og:description") == lead.standfirst
    assert meta(head, "og:url") == url
    assert meta(head, "og:site_name") == "Masthead"
    assert meta(head, "og:locale") == "en_US"
    image = meta(head, "og:image")
    assert image.startswith(BASE + "/media/") and "fill-1200x630" in image
    assert meta(head, "og:image:width") == "1200"
    assert meta(head, "og:image:alt")
    assert meta(head, "article:published_time").endswith("+06:00")
    assert meta(head, "article:modified_time").endswith("+06:00")
    assert meta(head, "article:section") == "Economy"
    assert sorted(meta(head, "article:tag")) == ["inflation", "monetary policy"]
    assert meta(head, "twitter:card") == "summary_large_image"
    assert meta(head, "twitter:image") == image
    assert meta(head, "twitter:title") == lead.title
    # No translation yet: no hreflang.
    assert hreflangs(head) == {}
    assert feed_links(head) == [
        ("application/rss+xml", BASE + "/feeds/rss.xml"),
        ("application/atom+xml", BASE + "/feeds/atom.xml"),
    ]
    (search,) = links(head, "search")
    assert search.get("type") == "application/opensearchdescription+xml"
    assert search.get("href") == BASE + "/opensearch.xml"
    assert search.get("title") == "Masthead"
    assert not head.xpath("meta[@name='robots']")


def test_article_hreflang_with_bangla_translation(client, newsroom, bangla_lead):
    lead = newsroom["lead"]
    expected = {
        "en": BASE + lead.url,
        "bn": BASE + bangla_lead.url,
        "x-default": BASE + lead.url,
    }
    assert bangla_lead.url.startswith("/bn/")
    head = head_of(client, lead.url)
    assert hreflangs(head) == expected
    assert meta(head, "og:locale:alternate") == "bn_BD"
    bangla_head = head_of(client, bangla_lead.url)
    assert hreflangs(bangla_head) == expected
    assert meta(bangla_head, "og:locale") == "bn_BD"
    assert [link.get("href") for link in links(bangla_head, "canonical")] == [
        BASE + bangla_lead.url
    ]
    assert feed_links(bangla_head)[0] == (
        "application/rss+xml",
        BASE + "/bn/feeds/rss.xml",
    )
    assert links(bangla_head, "search")[0].get("href") == (
        BASE + "/bn/feeds/opensearch.xml"
    )


def test_home_pages_point_at_each_other(client, newsroom):
    expected = {"en": BASE + "/", "bn": BASE + "/bn/", "x-default": BASE + "/"}
    head = head_of(client, "/")
    assert hreflangs(head) == expected
    assert [link.get("href") for link in links(head, "canonical")] == [BASE + "/"]
    assert meta(head, "og:type") == "website"
    assert meta(head, "og:url") == BASE + "/"
    assert meta(head, "og:image").startswith(BASE)
    assert meta(head, "description") == newsroom["home"].tagline
    bangla = head_of(client, "/bn/")
    assert hreflangs(bangla) == expected
    assert [link.get("href") for link in links(bangla, "canonical")] == [BASE + "/bn/"]


def test_section_page_links_its_feeds(client, newsroom):
    economy = newsroom["economy"]
    head = head_of(client, economy.url)
    assert [link.get("href") for link in links(head, "canonical")] == [
        BASE + economy.url
    ]
    assert feed_links(head) == [
        ("application/rss+xml", BASE + "/feeds/rss.xml"),
        ("application/atom+xml", BASE + "/feeds/atom.xml"),
        ("application/rss+xml", BASE + "/feeds/section/economy/rss.xml"),
        ("application/atom+xml", BASE + "/feeds/section/economy/atom.xml"),
    ]
    for _type, href in feed_links(head):
        assert client.get(href.removeprefix(BASE)).status_code == 200


def test_tag_and_author_pages_link_their_feeds(client, newsroom):
    head = head_of(client, "/tag/inflation/")
    assert [link.get("href") for link in links(head, "canonical")] == [
        BASE + "/tag/inflation/"
    ]
    assert meta(head, "og:title") == "inflation"
    assert (
        "application/rss+xml",
        BASE + "/feeds/tag/inflation/rss.xml",
    ) in feed_links(head)
    assert (
        "application/atom+xml",
        BASE + "/feeds/tag/inflation/atom.xml",
    ) in feed_links(head)
    author = head_of(client, "/author/nadia-islam/")
    assert meta(author, "og:title") == "Nadia Islam"
    assert (
        "application/rss+xml",
        BASE + "/feeds/author/nadia-islam/rss.xml",
    ) in feed_links(author)
    for _type, href in feed_links(head) + feed_links(author):
        assert client.get(href.removeprefix(BASE)).status_code == 200


def test_listing_page_n_is_its_own_canonical(client, newsroom):
    for i in range(25):
        factories.make_article(newsroom["sports"], f"Filler {i}", image=False)
    head = head_of(client, newsroom["sports"].url + "?page=2&utm_source=x")
    assert [link.get("href") for link in links(head, "canonical")] == [
        BASE + newsroom["sports"].url + "?page=2"
    ]


def test_latest_route_has_edition_alternates(client, newsroom):
    head = head_of(client, "/latest/")
    assert hreflangs(head) == {
        "en": BASE + "/latest/",
        "bn": BASE + "/bn/latest/",
        "x-default": BASE + "/latest/",
    }
    assert client.get("/bn/latest/").status_code == 200


def test_search_results_are_noindex_once(client, newsroom):
    head = head_of(client, "/search/?q=bank")
    assert "noindex" in meta(head, "robots")


def test_not_found_page_head(client, newsroom):
    head = head_of(client, "/no/such/page/", status=404)
    assert meta(head, "robots") == "noindex, follow"
    assert not links(head, "canonical")
    assert links(head, "search")


def test_html_sitemap_page(client, newsroom):
    response = client.get("/sitemap/")
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    main = tree.xpath("//main")[0]
    hrefs = [a.get("href") for a in main.iter("a")]
    for key in ("economy", "banking", "sports"):
        assert newsroom[key].url in hrefs
    assert "/feeds/rss.xml" in hrefs
    assert "/feeds/section/economy/rss.xml" in hrefs
    assert "/sitemap.xml" in hrefs
    # Banking is nested under Economy.
    nested = main.xpath("//li[a[@href='/economy/']]/ul/li/a/@href")
    assert nested == ["/economy/banking/"]
    assert [h.text_content() for h in tree.xpath("//h1")] == ["Sitemap"]


def render_head(article, request):
    context = {"page": article, "self": article, "request": request}
    context.update(selectors.article_page(article, request))
    return render_to_string("components/seo/head.html", context, request=request)


def test_head_query_count_is_constant(newsroom):
    """The head costs the same few queries whatever the article carries."""
    plain = factories.make_article(newsroom["sports"], "Plain", tags=["one"])
    rich = factories.make_article(
        newsroom["sports"],
        "Rich",
        authors=[newsroom["rahim"], newsroom["nadia"]],
        agency=newsroom["reuters"],
        tags=["a", "b", "c", "d", "e"],
    )

    def count(article):
        request = RequestFactory().get(article.url)
        request.LANGUAGE_CODE = "en"
        with translation.override("en"):
            render_head(article, request)  # renditions made once
            article = type(article).objects.get(pk=article.pk)
            request = RequestFactory().get(article.url)
            request.LANGUAGE_CODE = "en"
            context = {"page": article, "self": article, "request": request}
            context.update(selectors.article_page(article, request))
            with CaptureQueriesContext(connection) as ctx:
                html = render_to_string(
                    "components/seo/head.html", context, request=request
                )
        assert 'rel="canonical"' in html
        return len(ctx.captured_queries)

    assert count(plain) == count(rich)
    assert count(rich) <= 6
