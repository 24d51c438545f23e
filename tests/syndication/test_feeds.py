"""RSS 2.0 and Atom 1.0 feeds: valid, newest first, absolute links, bounded."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.syndication.feeds import FEED_SIZE
from tests import factories

pytestmark = pytest.mark.django_db

KINDS = ["rss", "atom"]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


def absolute(page):
    return "http://testserver" + page.url


@pytest.mark.parametrize("kind", KINDS)
def test_latest_feed_lists_the_edition_newest_first(client, newsroom, kind):
    response, feed = fetch(client, f"/feeds/{kind}.xml")
    expected_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected_type)
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert feed.feed.title == "Masthead"
    assert feed.feed.link == "http://testserver/"
    assert feed.feed.language == "en"
    entries = feed.entries
    assert [e.title for e in entries] == [
        newsroom["match"].title,
        newsroom["wire"].title,
        newsroom["lead"].title,
    ]
    assert [e.link for e in entries] == [
        absolute(newsroom["match"]),
        absolute(newsroom["wire"]),
        absolute(newsroom["lead"]),
    ]
    lead = entries[2]
    article = newsroom["lead"]
    assert lead.summary == article.standfirst
    assert lead.author == "Rahim Uddin, Nadia Islam"
    assert entries[1].author == "Reuters"
    assert sorted(t.term for t in lead.tags) == ["inflation", "monetary policy"]
    published = article.shown_published_at.replace(microsecond=0)
    assert datetime(*lead.published_parsed[:6], tzinfo=UTC) == published
    if kind == "atom":
        assert lead.updated_parsed is not None
    # A stable, non-permalink id, distinct per story.
    assert lead.id.startswith("urn:uuid:")
    assert len({e.id for e in entries}) == 3
    # The lead picture as Media RSS, an absolute 1200×630 rendition.
    media = lead.media_content[0]
    assert media["url"].startswith("http://testserver/media/")
    assert "fill-1200x630" in media["url"]
    assert media["medium"] == "image"
    assert response["Last-Modified"]


def test_guid_is_stable_across_slug_changes(client, newsroom):
    _, before = fetch(client, "/feeds/rss.xml")
    lead = newsroom["lead"]
    lead.slug = "a-new-slug"
    lead.save_revision().publish()
    _, after = fetch(client, "/feeds/rss.xml")
    ids_before = {e.title: e.id for e in before.entries}
    ids_after = {e.title: e.id for e in after.entries}
    assert ids_before == ids_after
    assert "a-new-slug" in {e.title: e.link for e in after.entries}[lead.title]


@pytest.mark.parametrize("kind", KINDS)
def test_section_feed_includes_subsections(client, newsroom, kind):
    _, feed = fetch(client, f"/feeds/section/economy/{kind}.xml")
    assert feed.feed.title == "Economy | Masthead"
    assert feed.feed.link == absolute(newsroom["economy"])
    assert [e.title for e in feed.entries] == [
        newsroom["wire"].title,
        newsroom["lead"].title,
    ]
    _, banking = fetch(client, f"/feeds/section/banking/{kind}.xml")
    assert [e.title for e in banking.entries] == [newsroom["wire"].title]


@pytest.mark.parametrize("kind", KINDS)
def test_tag_feed(client, newsroom, kind):
    _, feed = fetch(client, f"/feeds/tag/inflation/{kind}.xml")
    assert feed.feed.title == "inflation | Masthead"
    assert feed.feed.link == "http://testserver/tag/inflation/"
    assert [e.title for e in feed.entries] == [
        newsroom["wire"].title,
        newsroom["lead"].title,
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_author_feed(client, newsroom, kind):
    _, feed = fetch(client, f"/feeds/author/nadia-islam/{kind}.xml")
    assert feed.feed.title == "Nadia Islam | Masthead"
    assert feed.feed.link == "http://testserver/author/nadia-islam/"
    assert [e.title for e in feed.entries] == [
        newsroom["match"].title,
        newsroom["lead"].title,
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/section/nowhere/rss.xml",
        "/feeds/section/nowhere/atom.xml",
        "/feeds/tag/no-such-tag/rss.xml",
        "/feeds/tag/no-such-tag/atom.xml",
        "/feeds/author/nobody/rss.xml",
        "/feeds/author/nobody/atom.xml",
        # A story's slug is not a section.
        "/feeds/section/story-1/rss.xml",
    ],
)
def test_unknown_slugs_are_404(client, newsroom, url):
    assert client.get(url).status_code == 404


def test_drafts_and_unpublished_stories_stay_out(client, newsroom):
    factories.make_article(newsroom["economy"], "Not ready yet", publish=False)
    newsroom["match"].unpublish()
    _, feed = fetch(client, "/feeds/rss.xml")
    titles = [e.title for e in feed.entries]
    assert "Not ready yet" not in titles
    assert newsroom["match"].title not in titles


def test_feed_holds_the_newest_thirty(client, newsroom):
    now = timezone.now()
    for i in range(FEED_SIZE + 2):
        factories.make_article(
            newsroom["sports"],
            f"Bulk story {i}",
            image=False,
            published_at=now - timedelta(days=1, minutes=i),
        )
    _, feed = fetch(client, "/feeds/rss.xml")
    assert len(feed.entries) == FEED_SIZE
    titles = [e.title for e in feed.entries]
    # The fixture's three (published just now) first, then the bulk newest first.
    assert titles[3:] == [f"Bulk story {i}" for i in range(FEED_SIZE - 3)]


def test_feed_queries_do_not_grow_with_items(client, newsroom):
    def count(url):
        client.get(url)  # renditions made on the first fetch
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = ["/feeds/rss.xml", "/feeds/tag/inflation/atom.xml"]
    small = [count(url) for url in urls]
    for i in range(6):
        factories.make_article(
            newsroom["economy"],
            f"More {i}",
            authors=[newsroom["rahim"], newsroom["nadia"]],
            agency=newsroom["reuters"],
            tags=["inflation", f"t{i}"],
        )
    large = [count(url) for url in urls]
    assert large == small
    assert max(large) <= 12


def test_bangla_edition_feed(client, newsroom, bangla_lead):
    _, feed = fetch(client, "/bn/feeds/rss.xml")
    assert feed.feed.language == "bn"
    assert feed.feed.link == "http://testserver/bn/"
    assert [e.title for e in feed.entries] == [bangla_lead.title]
    assert feed.entries[0].link == absolute(bangla_lead)
    assert feed.entries[0].link.startswith("http://testserver/bn/")
    # The English feed does not carry the translation, and ids differ.
    _, english = fetch(client, "/feeds/rss.xml")
    assert bangla_lead.title not in [e.title for e in english.entries]
    assert feed.entries[0].id not in {e.id for e in english.entries}


def test_unicode_tag_feed(client, newsroom):
    story = factories.make_article(newsroom["sports"], "Rain in Dhaka", tags=["ঢাকা"])
    tag = story.tags.get()
    _, feed = fetch(client, f"/feeds/tag/{tag.slug}/rss.xml")
    assert [e.title for e in feed.entries] == ["Rain in Dhaka"]


def test_feeds_are_public_and_cookie_free(client, newsroom):
    response = client.get("/feeds/rss.xml")
    assert "public" in response["Cache-Control"]
    assert "s-maxage" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
