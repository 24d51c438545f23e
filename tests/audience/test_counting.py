"""Windows, editions, sections, rankings and rails, on whichever store the
leg has (database, or Redis with REDIS_URL)."""

import time

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from masthead.audience import rankings, spool, store
from masthead.audience.models import AppliedSegment, StoryCount
from masthead.core import purge, surrogate
from masthead.frontpage import selectors as front

from .. import factories
from .conftest import counted

NOW = time.time()


def beacons(story, n, *, kind="v", at=NOW, tag="r"):
    return [spool.Beacon(at, kind, story, f"{tag}{i}", f"a{tag}{i}") for i in range(n)]


def apply(name, *groups):
    return store.get_store().apply(name, [b for g in groups for b in g])


def test_windows_take_the_buckets_of_their_time(newsroom):
    lead, wire, match = (newsroom[k].pk for k in ("lead", "wire", "match"))
    apply(
        "seg-1",
        beacons(lead, 3, at=NOW - 10 * 60, tag="a"),  # 10 minutes ago
        beacons(wire, 4, at=NOW - 5 * 3600, tag="b"),  # 5 hours ago
        beacons(match, 5, at=NOW - 3 * 86400, tag="c"),  # 3 days ago
    )
    assert counted(window="1h") == {lead: 3}
    assert counted(window="24h") == {lead: 3, wire: 4}
    assert counted(window="7d") == {lead: 3, wire: 4, match: 5}


def test_a_segment_is_applied_once(newsroom):
    lead = newsroom["lead"].pk
    assert apply("seg-twice", beacons(lead, 3)) == 3
    assert apply("seg-twice", beacons(lead, 3, tag="x")) == 0
    assert counted() == {lead: 3}


def test_counts_by_edition_and_by_section(newsroom):
    bangla = factories.bangla_home()
    khela = factories.make_section(bangla, "Khela")
    bn_story = factories.make_article(khela, "Bangla story")
    lead, wire = newsroom["lead"], newsroom["wire"]  # economy, economy > banking
    apply(
        "s",
        beacons(lead.pk, 2),
        beacons(wire.pk, 3, tag="w"),
        beacons(bn_story.pk, 7, tag="b"),
    )
    english = factories.english_home()
    assert counted(locale_id=english.locale_id) == {lead.pk: 2, wire.pk: 3}
    assert counted(locale_id=bangla.locale_id) == {bn_story.pk: 7}
    # A story counts for every section above it.
    assert counted(section=newsroom["economy"]) == {lead.pk: 2, wire.pk: 3}
    assert counted(section=newsroom["banking"]) == {wire.pk: 3}
    assert counted(section=newsroom["sports"]) == {}


def test_unknown_stories_in_the_spool_are_dropped(newsroom):
    apply("s", beacons(2_000_000_000, 3), beacons(newsroom["lead"].pk, 1))
    assert counted() == {newsroom["lead"].pk: 1}


def test_rails_rank_by_views_with_a_minimum_and_fall_back_without_data(
    newsroom, settings
):
    # Rankings not kept between the two looks (on Redis, cache.clear() would
    # empty the database the counts are in too).
    settings.MASTHEAD_AUDIENCE = {**settings.MASTHEAD_AUDIENCE, "RANKING_SECONDS": 0}
    home = factories.english_home()
    lead, wire, match = newsroom["lead"], newsroom["wire"], newsroom["match"]
    stand_in = front.most_viewed(home)
    assert stand_in  # the stand-ins while nothing is counted
    minimum = settings.MASTHEAD_AUDIENCE["MIN_VIEWS"]
    apply(
        "s",
        beacons(wire.pk, minimum + 5, tag="w"),
        beacons(match.pk, minimum + 1, tag="m"),
        beacons(lead.pk, minimum - 1, tag="l"),  # below the minimum
    )
    ranked = front.most_viewed(home)
    assert [a.pk for a in ranked] == [wire.pk, match.pk]
    assert ranked[0].audience_count == minimum + 5


def test_most_read_counts_reads_over_seven_days(newsroom):
    home = factories.english_home()
    match = newsroom["match"]
    apply("s", beacons(match.pk, 4, kind="r", at=NOW - 4 * 86400))
    assert [a.pk for a in front.most_read(home)] == [match.pk]


def test_rankings_leave_out_stories_readers_cannot_see(newsroom):
    home = factories.english_home()
    wire, match = newsroom["wire"], newsroom["match"]
    apply("s", beacons(wire.pk, 9, tag="w"), beacons(match.pk, 5, tag="m"))
    PageViewRestriction.objects.create(
        page=wire, restriction_type=PageViewRestriction.LOGIN
    )
    assert [a.pk for a in front.most_viewed(home)] == [match.pk]


def test_a_ranking_change_never_purges_pages(newsroom, beacon):
    key = surrogate.edition(factories.english_home().pk)
    before = (purge.key_version("all"), purge.key_version(key))
    for n in range(5):
        beacon(newsroom["lead"].pk, agent=f"Mozilla/5.0 reader {n}")
    spool.flush(everything=True)
    rankings.top("v", "24h")
    assert (purge.key_version("all"), purge.key_version(key)) == before


def test_api_most_viewed_and_most_read(newsroom, client):
    lead, wire = newsroom["lead"], newsroom["wire"]
    apply("s", beacons(lead.pk, 6, tag="l"), beacons(wire.pk, 4, tag="w"))
    apply("r", beacons(wire.pk, 3, kind="r", tag="x"))
    body = client.get("/api/v1/most-viewed?edition=en&limit=5").json()
    assert body["window"] == "24h" and body["counting"] == "views"
    assert [(i["id"], i["rank"], i["count"]) for i in body["items"]] == [
        (lead.pk, 1, 6),
        (wire.pk, 2, 4),
    ]
    assert body["items"][0]["title"] == lead.title
    assert body["items"][0]["section"]["title"] == "Economy"
    response = client.get("/api/v1/most-viewed?section=banking")
    assert [i["id"] for i in response.json()["items"]] == [wire.pk]
    assert "public" in response["Cache-Control"]
    body = client.get("/api/v1/most-read").json()
    assert body["window"] == "7d"
    assert [i["id"] for i in body["items"]] == [wire.pk]
    assert client.get("/api/v1/most-read?window=1h").json()["items"][0]["count"] == 3


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("window=2h", 400),
        ("window=", 400),
        ("limit=0", 400),
        ("limit=51", 400),
        ("limit=abc", 400),
        ("edition=fr", 400),
        ("section=nope", 404),
        ("section=%27%3B--", 400),
    ],
)
def test_api_bad_parameters(newsroom, client, query, status):
    response = client.get("/api/v1/most-viewed?" + query)
    assert response.status_code == status
    assert response.json()["message"]


def test_rankings_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/most-viewed", "/api/v1/most-read"):
        names = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert {"window", "section", "edition", "limit"} <= names


def test_prune_drops_old_buckets(newsroom):
    if settings.REDIS_URL:
        pytest.skip("Redis buckets expire by themselves")
    lead = newsroom["lead"].pk
    apply("old", beacons(lead, 2, at=NOW - 9 * 86400, tag="o"))
    apply("new", beacons(lead, 1, at=NOW - 60))
    assert store.prune() > 0
    assert set(StoryCount.objects.values_list("grain", flat=True)) == {"f", "h"}
    assert StoryCount.objects.filter(bucket__lt=NOW - 8 * 86400).count() == 0
    assert AppliedSegment.objects.count() == 2


def test_redis_buckets_expire(newsroom):
    if not settings.REDIS_URL:
        pytest.skip("Redis only")
    apply("s", beacons(newsroom["lead"].pk, 1))
    client = store.get_store().client
    ttls = [client.ttl(k) for k in client.scan_iter(match="masthead:audience:z:*")]
    assert ttls and all(0 < t <= 8 * 86400 for t in ttls)
