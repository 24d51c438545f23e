from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.newsroom.models import ArticleKind

from .. import factories

DHAKA = ZoneInfo("Asia/Dhaka")


def ids(response):
    return [item["id"] for item in response.json()["items"]]


def test_lists_live_articles_newest_first(client, newsroom):
    draft = factories.make_article(newsroom["economy"], "Not yet", publish=False)
    response = client.get("/api/v1/articles")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    got = ids(response)
    assert got == [newsroom["match"].pk, newsroom["wire"].pk, newsroom["lead"].pk]
    assert draft.pk not in got
    body = response.json()
    assert body["count"] == 3 and body["page"] == 1 and body["pages"] == 1
    assert body["next"] is None and body["previous"] is None


def test_list_item_shape(client, newsroom):
    lead = newsroom["lead"]
    items = client.get("/api/v1/articles").json()["items"]
    item = next(i for i in items if i["id"] == lead.pk)
    assert item["title"] == "Central bank holds the policy rate"
    assert item["standfirst"] == lead.standfirst
    assert item["kind"] == "news"
    assert item["edition"] == "en"
    assert item["url"] == "http://testserver" + lead.url
    assert item["section"] == {
        "id": newsroom["economy"].pk,
        "title": "Economy",
        "slug": "economy",
        "url": "http://testserver/economy/",
    }
    assert [a["slug"] for a in item["authors"]] == ["rahim-uddin", "nadia-islam"]
    assert item["authors"][0] == {
        "name": "Rahim Uddin",
        "slug": "rahim-uddin",
        "url": "http://testserver/author/rahim-uddin/",
    }
    assert item["agency"] is None
    assert sorted(item["tags"]) == ["inflation", "monetary-policy"]
    published = datetime.fromisoformat(item["published_at"])
    assert published.utcoffset() == timedelta(hours=6)  # the edition's zone
    assert published == lead.first_published_at.replace(microsecond=0)
    assert datetime.fromisoformat(item["modified_at"]) >= published
    image = item["lead_image"]
    assert image["url"].startswith("http://testserver/media/")
    assert image["url"].endswith(".jpg")
    assert (image["width"], image["height"]) == (1200, 675)
    assert image["caption"] == "A caption"
    assert image["credit"] == "Staff photographer"
    assert image["alt"].endswith("(alt)")
    assert client.get(image["url"]).status_code == 200


def test_agency_and_missing_image(client, newsroom):
    wire = factories.make_article(
        newsroom["banking"], "No picture", agency=newsroom["reuters"], image=False
    )
    item = client.get("/api/v1/articles").json()["items"][0]
    assert item["id"] == wire.pk
    assert item["lead_image"] is None
    assert item["agency"] == {
        "name": "Reuters",
        "slug": "reuters",
        "url": "http://testserver/agency/reuters/",
        "website": "https://www.reuters.com/",
    }


def test_unpublished_and_private_stories_are_not_listed(client, newsroom):
    newsroom["match"].unpublish()
    PageViewRestriction.objects.create(
        page=newsroom["wire"], restriction_type="password", password="x"
    )
    assert ids(client.get("/api/v1/articles")) == [newsroom["lead"].pk]
    for article in (newsroom["match"], newsroom["wire"]):
        response = client.get(f"/api/v1/articles/{article.pk}")
        assert response.status_code == 404
        assert "no published article" in response.json()["message"]


def test_section_filter_includes_subsections(client, newsroom):
    economy = ids(client.get("/api/v1/articles?section=economy"))
    assert economy == [newsroom["wire"].pk, newsroom["lead"].pk]
    assert ids(client.get("/api/v1/articles?section=banking")) == [newsroom["wire"].pk]
    assert ids(client.get("/api/v1/articles?section=sports")) == [newsroom["match"].pk]


def test_tag_author_and_kind_filters(client, newsroom):
    inflation = ids(client.get("/api/v1/articles?tag=inflation"))
    assert inflation == [newsroom["wire"].pk, newsroom["lead"].pk]
    nadia = ids(client.get("/api/v1/articles?author=nadia-islam"))
    assert nadia == [newsroom["match"].pk, newsroom["lead"].pk]
    both = ids(client.get("/api/v1/articles?author=nadia-islam&tag=inflation"))
    assert both == [newsroom["lead"].pk]
    opinion = factories.make_article(newsroom["economy"], kind=ArticleKind.OPINION)
    assert ids(client.get("/api/v1/articles?kind=opinion")) == [opinion.pk]
    # A known tag without stories: an empty page, not an error.
    factories.make_article(newsroom["economy"], tags=["lonely"], publish=False)
    response = client.get("/api/v1/articles?tag=lonely")
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["count"] == 0


def test_since_filter_reads_naive_times_in_dhaka(client, newsroom):
    when = datetime(2024, 3, 1, 12, 0, tzinfo=DHAKA)
    old = factories.make_article(newsroom["economy"], "Old copy", published_at=when)
    everything = ids(client.get("/api/v1/articles?since=2024-03-01T12:00:00"))
    assert old.pk in everything
    # 12:00:01 in Dhaka is after the story; 12:00:01 in UTC is six hours later.
    assert old.pk not in ids(client.get("/api/v1/articles?since=2024-03-01T12:00:01"))
    assert old.pk in ids(client.get("/api/v1/articles?since=2024-03-01T06:00:00Z"))
    assert old.pk in ids(
        client.get("/api/v1/articles?since=2024-03-01T12:00:00%2B06:00")
    )
    # An unencoded "+" arrives as a space; it is read as the offset it was.
    assert old.pk in ids(client.get("/api/v1/articles?since=2024-03-01T12:00:00+06:00"))
    assert old.pk not in ids(
        client.get("/api/v1/articles?since=2024-03-01T12:00:00+05:00")
    )
    assert old.pk in ids(client.get("/api/v1/articles?since=2024-03-01"))
    recent = ids(client.get("/api/v1/articles?since=2024-03-02"))
    assert old.pk not in recent and len(recent) == 3
    assert (
        datetime.fromisoformat(
            client.get(f"/api/v1/articles/{old.pk}").json()["published_at"]
        )
        == when
    )


def test_edition_filter(client, newsroom):
    bangla = factories.bangla_home()
    desk = factories.make_section(bangla, "Arthoniti", slug="economy")
    story = factories.make_article(desk, "বাজেট ঘোষণা")
    assert ids(client.get("/api/v1/articles?edition=bn")) == [story.pk]
    assert ids(client.get("/api/v1/articles?lang=bn")) == [story.pk]
    assert story.pk not in ids(client.get("/api/v1/articles?edition=en"))
    assert story.pk in ids(client.get("/api/v1/articles"))
    # The same section slug in both editions: filter by edition to tell them apart.
    assert story.pk in ids(client.get("/api/v1/articles?section=economy"))
    assert ids(client.get("/api/v1/articles?section=economy&edition=bn")) == [story.pk]
    item = client.get(f"/api/v1/articles/{story.pk}").json()
    assert item["edition"] == "bn"
    assert item["url"].startswith("http://testserver/bn/")
    assert item["section"]["url"] == "http://testserver/bn/economy/"
    conflict = client.get("/api/v1/articles?edition=en&lang=bn")
    assert conflict.status_code == 400
    assert "disagree" in conflict.json()["message"]


def test_pagination(client, newsroom):
    first = client.get("/api/v1/articles?limit=2").json()
    assert first["count"] == 3 and first["pages"] == 2 and first["limit"] == 2
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/articles?limit=2&page=2"
    second = client.get(first["next"]).json()
    assert [i["id"] for i in second["items"]] == [newsroom["lead"].pk]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/articles?limit=2&page=1"
    past = client.get("/api/v1/articles?limit=2&page=3")
    assert past.status_code == 404
    assert "Page 3 does not exist" in past.json()["message"]


def test_empty_listing_has_a_first_page(client, db):
    response = client.get("/api/v1/articles")
    assert response.status_code == 200
    assert response.json() == {
        "count": 0,
        "page": 1,
        "pages": 1,
        "limit": 20,
        "next": None,
        "previous": None,
        "items": [],
    }
    assert client.get("/api/v1/articles?page=2").status_code == 404


@pytest.mark.parametrize("param", ["section", "tag", "author"])
def test_unknown_slugs_are_404_with_a_message(client, newsroom, param):
    response = client.get(f"/api/v1/articles?{param}=no-such-thing")
    assert response.status_code == 404
    assert response.json()["message"] == (
        f"There is no {param} with the slug 'no-such-thing'."
    )


def test_detail(client, story, newsroom):
    response = client.get(f"/api/v1/articles/{story.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Fans pack the stadium"
    assert data["kicker"] == "Cricket"
    assert data["dateline"] == "Chattogram"
    assert data["byline_text"] == "Sports Desk"
    assert sorted(data["tags"]) == ["cricket", "fans"]
    assert data["section"]["slug"] == "sports"
    blocks = data["body"]
    assert [b["type"] for b in blocks] == [
        "paragraph",
        "subhead",
        "quote",
        "image",
        "embed",
        "related_links",
    ]
    assert all(b["id"] for b in blocks)
    target_url = "http://testserver" + newsroom["match"].url
    paragraph = blocks[0]["value"]
    assert f'href="{target_url}"' in paragraph
    assert 'href="https://example.com/x"' in paragraph
    assert "linktype" not in paragraph
    assert blocks[1]["value"] == "In the stands"
    assert blocks[2]["value"] == {"text": "Loudest day ever.", "attribution": "A fan"}
    image = blocks[3]["value"]
    assert image["caption"] == "Crowd at the ground"  # the image's own
    assert image["credit"] == "Our photographer"  # the block's override
    assert image["image"]["url"].startswith("http://testserver/media/images/")
    assert image["image"]["width"] == 1200
    assert blocks[4]["value"] == {
        "url": "https://www.youtube.com/watch?v=masthead",
        "caption": "Highlights",
    }
    assert blocks[5]["value"] == {
        "heading": "Read more",
        "links": [
            {"title": newsroom["match"].title, "url": target_url},
            {"title": "Ext", "url": "https://example.org/"},
        ],
    }
    html = data["body_html"]
    assert f'href="{target_url}"' in html
    assert "In the stands" in html and "Loudest day ever." in html
    assert "youtube.com/embed/masthead" in html
    assert 'src="/' not in html and 'href="/' not in html
    assert "http://testserver/media/images/" in html


def test_detail_of_unknown_or_draft_is_json_404(client, newsroom):
    draft = factories.make_article(newsroom["economy"], publish=False)
    for pk in (draft.pk, 999_999, newsroom["economy"].pk):
        response = client.get(f"/api/v1/articles/{pk}")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["message"] == (
            f"There is no published article with the id {pk}."
        )


def test_published_change_shows_in_the_api(client, newsroom):
    lead = newsroom["lead"]
    lead.title = "Central bank cuts the policy rate"
    lead.save_revision().publish()
    data = client.get(f"/api/v1/articles/{lead.pk}").json()
    assert data["title"] == "Central bank cuts the policy rate"
    assert timezone.now() - datetime.fromisoformat(data["modified_at"]) < timedelta(
        minutes=1
    )


@pytest.mark.parametrize(
    "url",
    ["/api/v1/articles", "/api/v1/articles?section=economy", "/api/v1/sections"],
)
def test_successful_gets_are_publicly_cacheable_briefly(client, newsroom, url):
    response = client.get(url)
    control = response["Cache-Control"]
    assert "public" in control
    assert "max-age=30" in control and "s-maxage=60" in control
    assert "private" not in control and "no-store" not in control
    assert "Accept-Encoding" in response["Vary"]
    assert "Set-Cookie" not in response


def test_detail_is_publicly_cacheable(client, newsroom):
    response = client.get(f"/api/v1/articles/{newsroom['lead'].pk}")
    assert "s-maxage=60" in response["Cache-Control"]


def test_bangla_story_links_stay_in_the_bangla_edition(client, newsroom):
    bangla = factories.bangla_home()
    english_sports = newsroom["sports"]
    sports_bn = english_sports.copy_for_translation(bangla.locale)
    sports_bn.save_revision().publish()
    match_bn = newsroom["match"].copy_for_translation(bangla.locale)
    match_bn.save_revision().publish()
    story = factories.make_article(
        sports_bn,
        "খেলা",
        body=[("paragraph", f'<p><a linktype="page" id="{match_bn.pk}">x</a></p>')],
    )
    data = client.get(f"/api/v1/articles/{story.pk}").json()
    assert data["url"].startswith("http://testserver/bn/sports/")
    assert f'href="http://testserver{match_bn.url}"' in data["body"][0]["value"]
    assert match_bn.url.startswith("/bn/")
