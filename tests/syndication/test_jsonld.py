"""One NewsArticle JSON-LD object per article page, safe against </script>."""

import json
import re

import lxml.html
import pytest
from django.contrib.staticfiles import finders
from wagtail.models import Site

from masthead.frontpage.models import NewsroomSettings
from masthead.syndication.jsonld import dumps_for_script
from tests import factories

pytestmark = pytest.mark.django_db

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def jsonld(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    scripts = tree.xpath("//script[@type='application/ld+json']")
    assert len(scripts) == 1
    return json.loads(scripts[0].text), response


def test_news_article_fields(client, newsroom):
    lead = newsroom["lead"]
    data, _ = jsonld(client, lead)
    url = "http://testserver" + lead.url
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == lead.title
    assert data["description"] == lead.standfirst
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert isinstance(data["image"], list) and data["image"]
    assert all(u.startswith("http://testserver/media/") for u in data["image"])
    assert ISO.match(data["datePublished"]), data["datePublished"]
    assert ISO.match(data["dateModified"]), data["dateModified"]
    assert data["datePublished"].endswith("+06:00")  # the edition's time zone
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Rahim Uddin",
            "url": "http://testserver/author/rahim-uddin/",
            "jobTitle": "Staff Correspondent",
        },
        {
            "@type": "Person",
            "name": "Nadia Islam",
            "url": "http://testserver/author/nadia-islam/",
            "jobTitle": "Senior Reporter",
        },
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Masthead"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"] == "http://testserver/static/masthead/img/logo.png"
    assert data["articleSection"] == "Economy"
    assert sorted(data["keywords"]) == ["inflation", "monetary policy"]
    assert data["inLanguage"] == "en"
    assert data["isAccessibleForFree"] is True


def test_agency_is_an_organization_author(client, newsroom):
    data, _ = jsonld(client, newsroom["wire"])
    assert data["author"] == [
        {"@type": "Organization", "name": "Reuters", "url": "https://www.reuters.com/"}
    ]
    assert data["articleSection"] == "Banking"


def test_static_logo_is_shipped_and_small():
    path = finders.find("masthead/img/logo.png")
    assert path, "logo.png is not found by staticfiles"
    with open(path, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"\x89PNG")
    assert len(data) <= 20 * 1024


def test_publisher_logo_from_settings(client, newsroom):
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = factories.make_image("Logo", size=(800, 200))
    settings.publisher_name = "The Daily Masthead"
    settings.save()
    data, _ = jsonld(client, newsroom["lead"])
    logo = data["publisher"]["logo"]
    assert data["publisher"]["name"] == "The Daily Masthead"
    assert logo["url"].startswith("http://testserver/media/")
    assert logo["width"] <= 600 and logo["height"] <= 60


def test_headline_cannot_close_the_script(client, newsroom):
    hostile = 'Breaking </script><script>alert("x")</script> & <!-- news'
    story = factories.make_article(
        newsroom["economy"], hostile, standfirst="</SCRIPT> too", tags=["</script>"]
    )
    data, response = jsonld(client, story)
    assert data["headline"] == hostile
    assert data["description"] == "</SCRIPT> too"
    assert data["keywords"] == ["</script>"]
    html = response.content.decode()
    assert '<script>alert("x")' not in html
    assert html.lower().count("</script>") == html.lower().count("<script")


def test_dumps_for_script_escapes_markup():
    text = dumps_for_script({"a": "</script><!--&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!--&\u2028"}


def test_only_article_pages_carry_jsonld(client, newsroom):
    for url in ("/", newsroom["economy"].url, "/tag/inflation/"):
        html = client.get(url).content.decode()
        assert "application/ld+json" not in html or '"NewsArticle"' not in html
