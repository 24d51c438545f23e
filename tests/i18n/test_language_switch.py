"""The header's language switch leads to the page's translation when there
is a live one, else to the other edition's front; it is a labelled link in
the header's navigation, and the cached header never shows another page's
switch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from tests import factories

pytestmark = pytest.mark.django_db


def switch_of(response):
    tree = html.fromstring(response.content)
    links = tree.xpath("//header//nav//a[contains(@class, 'language-switch')]")
    assert len(links) == 1, response.content[:2000]
    (link,) = links
    nav = link.xpath("ancestor::nav")[0]
    assert nav.get("aria-label")  # a labelled navigation
    return link


def test_an_article_switches_to_its_translation_both_ways(client, story_pair):
    english, bangla = story_pair
    link = switch_of(client.get(english.url))
    assert link.get("href") == bangla.url
    assert link.get("hreflang") == "bn" and link.get("lang") == "bn"
    assert link.text_content() == "বাংলা"
    back = switch_of(client.get(bangla.url))
    assert back.get("href") == english.url
    assert back.get("hreflang") == "en" and back.get("lang") == "en"
    assert back.text_content() == "English"


def test_hreflang_pairs_name_both_versions(client, story_pair):
    english, bangla = story_pair
    for url in (english.url, bangla.url):
        tree = html.fromstring(client.get(url).content)
        pairs = {
            link.get("hreflang"): link.get("href")
            for link in tree.xpath("//head/link[@rel='alternate'][@hreflang]")
        }
        assert pairs == {
            "en": "http://testserver" + english.url,
            "bn": "http://testserver" + bangla.url,
            "x-default": "http://testserver" + english.url,
        }


def test_a_story_without_translation_switches_to_the_other_front(client, newsroom):
    assert switch_of(client.get(newsroom["wire"].url)).get("href") == "/bn/"
    assert switch_of(client.get("/bn/")).get("href") == "/"


def test_an_unpublished_translation_is_not_offered(client, story_pair):
    english, bangla = story_pair
    bangla.unpublish()
    assert switch_of(client.get(english.url)).get("href") == "/bn/"


def test_the_cached_header_is_not_shared_between_stories(client, newsroom, story_pair):
    english, bangla = story_pair
    # Same section, same header position: only the switch differs.
    neighbour = factories.make_article(newsroom["economy"], "A neighbour story")
    assert switch_of(client.get(english.url)).get("href") == bangla.url
    assert switch_of(client.get(neighbour.url)).get("href") == "/bn/"
    assert switch_of(client.get(english.url)).get("href") == bangla.url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/latest/", "/bn/latest/"),
        ("/bn/latest/", "/latest/"),
        ("/sitemap/", "/bn/sitemap/"),
        ("/tag/inflation/", "/bn/"),
        ("/search/?q=bank", "/bn/"),
        ("/economy/", "/bn/"),
    ],
)
def test_listings_switch_to_the_same_listing_or_the_front(
    client, newsroom, url, expected
):
    assert switch_of(client.get(url)).get("href") == expected


def test_the_switch_reads_translations_once_with_the_hreflang_pairs(
    client, newsroom, story_pair
):
    english, _ = story_pair
    untranslated = newsroom["wire"]
    counts = {}
    for page in (english, untranslated):
        client.get(page.url)  # warm: renditions, caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        counts[page.pk] = len(queries)
    # One read of the story's translations serves hreflang and the switch.
    assert counts[english.pk] == counts[untranslated.pk] + 1


def test_the_switch_is_reachable_by_keyboard_and_in_the_other_language(
    client, newsroom
):
    tree = html.fromstring(client.get(newsroom["lead"].url).content)
    (link,) = tree.xpath("//a[contains(@class, 'language-switch')]")
    assert link.get("tabindex") in (None, "0")
    assert link.get("href")
    assert tree.get("lang") == "en" and link.get("lang") == "bn"


def test_the_date_archive_switches_to_the_same_day(client, newsroom):
    from django.urls import NoReverseMatch
    from django.utils import timezone

    home = newsroom["home"]
    day = timezone.localtime(newsroom["lead"].published_at).date()
    try:
        path = home.reverse_subpage(
            "archive_day", kwargs={"year": day.year, "month": day.month, "day": day.day}
        )
    except NoReverseMatch:
        pytest.skip("no date archive")
    response = client.get("/" + path, follow=True)  # to its canonical address
    assert response.status_code == 200
    shown = response.request["PATH_INFO"]
    assert switch_of(response).get("href") == "/bn" + shown
