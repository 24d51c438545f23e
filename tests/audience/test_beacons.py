"""POST /api/v1/beacons: what is counted, and what strangers get back."""

import json

import pytest
from wagtail.models import PageViewRestriction

from masthead.audience import spool

from .. import factories
from .conftest import counted


def test_a_view_and_a_read_are_counted_after_the_flush(newsroom, beacon):
    lead = newsroom["lead"]
    assert beacon(lead.pk, "view").status_code == 204
    assert beacon(lead.pk, "read").status_code == 204
    assert counted("v") == {}  # not before the flush
    assert spool.flush(everything=True) == 2
    assert counted("v") == {lead.pk: 1}
    assert counted("r") == {lead.pk: 1}


def test_json_content_type_and_fetch_fallback_are_accepted(newsroom, beacon):
    story = newsroom["match"].pk
    response = beacon(story, content_type="application/json")
    assert response.status_code == 204
    assert (
        "no-cache" in response["Cache-Control"]
        or "private" in response["Cache-Control"]
    )
    spool.flush(everything=True)
    assert counted() == {story: 1}


def test_one_reader_counts_once_per_story_and_kind(newsroom, beacon):
    lead = newsroom["lead"].pk
    for _ in range(5):
        assert beacon(lead).status_code == 204
    beacon(lead, agent="Mozilla/5.0 (Android) Chrome/140")  # another reader
    spool.flush(everything=True)
    assert counted() == {lead: 2}


def test_one_address_counts_at_most_the_cap(newsroom, beacon, settings):
    settings.MASTHEAD_AUDIENCE = {**settings.MASTHEAD_AUDIENCE, "ADDRESS_CAP": 3}
    lead = newsroom["lead"].pk
    for n in range(6):  # a script varying its user agent
        assert beacon(lead, agent=f"Mozilla/5.0 Firefox/{n}").status_code == 204
    spool.flush(everything=True)
    assert counted() == {lead: 3}


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.5.0",
        "python-requests/2.32",
        "",
    ],
)
def test_crawlers_are_answered_but_not_counted(newsroom, beacon, agent):
    assert beacon(newsroom["lead"].pk, agent=agent).status_code == 204
    spool.flush(everything=True)
    assert counted() == {}


@pytest.mark.parametrize(
    "header", [{"HTTP_SEC_PURPOSE": "prefetch"}, {"HTTP_PURPOSE": "prefetch"}]
)
def test_prefetch_is_answered_but_not_counted(newsroom, beacon, header):
    assert beacon(newsroom["lead"].pk, **header).status_code == 204
    spool.flush(everything=True)
    assert counted() == {}


def test_headless_chrome_counts(newsroom, beacon):
    agent = "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/140.0 Safari/537.36"
    assert beacon(newsroom["lead"].pk, agent=agent).status_code == 204
    spool.flush(everything=True)
    assert counted() == {newsroom["lead"].pk: 1}


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"", 400),
        (b"not json", 400),
        (b"\xff\xfe\x00garbage", 400),  # not UTF-8
        (b"[1, 2]", 400),
        (b'"view"', 400),
        (b"null", 400),
        (b'{"story": "12", "kind": "view"}', 400),
        (b'{"story": 1.5, "kind": "view"}', 400),
        (b'{"story": true, "kind": "view"}', 400),
        (b'{"story": -4, "kind": "view"}', 400),
        (b'{"story": 0, "kind": "view"}', 400),
        (b'{"story": 99999999999999999999999, "kind": "view"}', 400),
        (b'{"story": [1], "kind": "view"}', 400),
        (b'{"story": 1, "kind": "like"}', 400),
        (b'{"story": 1, "kind": ["view"]}', 400),
        (b'{"story": 1}', 400),
        (b"[" * 500 + b"]" * 500, 400),  # deep nesting
        (b'{"story": 2147483000, "kind": "view"}', 404),  # no such story
    ],
)
def test_hostile_bodies_get_a_clear_4xx(newsroom, beacon, body, status):
    response = beacon(body)
    assert response.status_code == status, response.content
    assert response.json()["message"]
    spool.flush(everything=True)
    assert counted() == {}


def test_a_huge_body_is_refused_before_it_is_read(newsroom, beacon):
    body = json.dumps({"story": newsroom["lead"].pk, "kind": "view", "x": "a" * 5000})
    response = beacon(body)
    assert response.status_code == 413
    assert "1024" in response.json()["message"]


def test_wrong_content_type_is_refused(newsroom, beacon):
    response = beacon(newsroom["lead"].pk, content_type="multipart/form-data; b=x")
    assert response.status_code == 415


def test_other_methods_are_not_allowed(client):
    assert client.get("/api/v1/beacons").status_code == 405


def test_beacons_from_another_site_are_refused(newsroom, beacon):
    story = newsroom["lead"].pk
    assert beacon(story, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert beacon(story, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert beacon(story, HTTP_ORIGIN="http://testserver").status_code == 204


def test_drafts_and_restricted_stories_are_not_counted(newsroom, beacon):
    draft = factories.make_article(newsroom["economy"], "Draft", publish=False)
    secret = factories.make_article(newsroom["sports"], "Members only")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.LOGIN
    )
    assert beacon(draft.pk).status_code == 404
    assert beacon(secret.pk).status_code == 404
    assert beacon(newsroom["economy"].pk).status_code == 404  # a section


def test_a_flood_is_told_to_slow_down(newsroom, beacon, settings):
    settings.MASTHEAD_AUDIENCE = {
        **settings.MASTHEAD_AUDIENCE,
        "RATE_PER_MINUTE": 10,
        "BURST": 10,
    }
    statuses = [beacon(newsroom["lead"].pk).status_code for _ in range(30)]
    assert statuses[:10] == [204] * 10
    assert set(statuses[10:]) == {429}
    response = beacon(newsroom["lead"].pk)
    assert response["Retry-After"] == "60"


def test_an_unwritable_spool_is_a_503_not_a_500(newsroom, beacon, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spool._writer, "append", full)
    response = beacon(newsroom["lead"].pk)
    assert response.status_code == 503
    assert "not counted" in response.json()["message"]


def test_no_address_is_stored(newsroom, beacon):
    beacon(newsroom["lead"].pk, REMOTE_ADDR="203.0.113.77")
    data = b"".join(p.read_bytes() for p in spool.spool_dir().glob("*.log"))
    assert data and b"203.0.113.77" not in data
    assert b"203" not in data.split(b" ")[3]


def test_the_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/beacons"]["post"]
    assert "text/plain" in operation["requestBody"]["content"]
    assert {"204", "400", "404", "413", "429", "503"} <= set(operation["responses"])
