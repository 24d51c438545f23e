"""Related News computed on publish, stored, and read by the article page
and the API (newsroom.related): through every write path's events."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.newsroom.models import ArticlePage, RelatedPick, RelatedStory
from masthead.newsroom.related import forget_windows, refresh
from masthead.newsroom.services import withdraw_story
from masthead.wire import reading
from masthead.wire.services import import_entries
from tests.frontpage.test_query_counts import ARTICLE_QUERIES
from tests.wire.test_import import item3

from .. import factories
from .test_admin_editing import add_url, article_form, edit_url, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_windows():
    # Ids come back between tests: words kept by id would be another story's.
    forget_windows()
    yield
    forget_windows()


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what waits for the commit (events, and so the tasks) at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def desk(db):
    home = factories.english_home()
    economy = factories.make_section(home, "Economy", slug="economy")
    sports = factories.make_section(home, "Sports", slug="sports")
    now = timezone.now()
    common = [
        factories.make_article(
            economy,
            f"Budget talk {n}",
            tags=["Economy", "Budget"],
            published_at=now - timedelta(hours=n),
            image=False,
        )
        for n in range(8)
    ]
    cluster = [
        factories.make_article(
            economy,
            title,
            tags=["Padma toll row", "Economy"],
            published_at=now - timedelta(days=day),
            image=False,
        )
        for day, title in enumerate(
            [
                "Truckers stop at Mawa over Padma toll",
                "Government defends Padma bridge toll rise",
                "Padma toll rise: bus fares up",
                "Padma toll row reaches parliament",
            ]
        )
    ]
    cricket = factories.make_article(sports, "Tigers win in Chattogram", image=False)
    return {
        "home": home,
        "economy": economy,
        "sports": sports,
        "common": common,
        "cluster": cluster,
        "cricket": cricket,
        "now": now,
    }


def listed(story) -> list[int]:
    return list(
        RelatedStory.objects.filter(story=story)
        .order_by("position")
        .values_list("related_id", flat=True)
    )


def shown(client, story) -> list[str]:
    """Headlines under Related News on the story's page, in order."""
    from bs4 import BeautifulSoup

    response = client.get(story.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.find("section", class_="related")
    return [a.get_text(" ", strip=True) for a in section.select("h3 a")]


def test_a_story_in_a_running_cluster_lists_its_siblings_first(desk, client):
    cluster = desk["cluster"]
    refresh([s.pk for s in ArticlePage.objects.live()])
    first = listed(cluster[0])
    assert first[:3] == [s.pk for s in cluster[1:]]
    assert set(first[3:]) <= {s.pk for s in desk["common"]} | {desk["cricket"].pk}
    headlines = shown(client, cluster[0])
    assert headlines[:3] == [s.title for s in cluster[1:]]
    assert len(headlines) == 5


def test_a_story_without_tags_finds_stories_with_the_same_words(desk):
    economy = desk["economy"]
    story = factories.make_article(
        economy,
        "Mawa truckers block the Padma toll plaza",
        standfirst="Truckers angry at the Padma bridge toll blocked the plaza.",
        image=False,
    )
    refresh([story.pk])
    rows = RelatedStory.objects.filter(story=story).order_by("position")
    assert rows[0].reason == "text"
    assert rows[0].related_id in {s.pk for s in desk["cluster"]}


def test_picks_come_first_in_order_and_only_if_readers_can_see_them(desk, client):
    story, *others = desk["cluster"]
    hidden = factories.make_article(desk["economy"], "Draft", publish=False)
    cricket = desk["cricket"]
    for order, pick in enumerate([cricket, hidden, desk["common"][3]]):
        RelatedPick.objects.create(page=story, story=pick, sort_order=order)
    refresh([story.pk])
    assert listed(story)[:2] == [cricket.pk, desk["common"][3].pk]
    assert hidden.pk not in listed(story)
    assert shown(client, story)[:2] == [cricket.title, desk["common"][3].title]


def test_never_itself_nor_unpublished_restricted_withdrawn_or_other_edition(desk):
    story, sibling, restricted, withdrawn = desk["cluster"]
    bangla = factories.make_section(
        factories.bangla_home(), "অর্থনীতি", slug="arthoniti"
    )
    other_edition = factories.make_article(
        bangla, "পদ্মা টোল", tags=["Padma toll row"], image=False
    )
    draft = factories.make_article(
        desk["economy"], "Padma draft", tags=["Padma toll row"], publish=False
    )
    PageViewRestriction.objects.create(
        page=restricted, restriction_type="password", password="x"
    )
    withdraw_story(story=withdrawn, note="Legal.")
    refresh([story.pk])
    ids = listed(story)
    assert sibling.pk == ids[0]
    for excluded in (story, restricted, withdrawn, other_edition, draft):
        assert excluded.pk not in ids


def test_a_published_story_is_stored_and_joins_its_neighbours_lists(
    desk, commits, admin_client
):
    cluster = desk["cluster"]
    refresh([s.pk for s in ArticlePage.objects.live()])
    data = article_form(
        "Padma toll cut after protests", "toll-cut", body=[paragraph("<p>x</p>")]
    )
    data["tags"] = "Padma toll row, Economy"
    with commits():
        response = admin_client.post(
            add_url(desk["economy"]), {**data, "action-publish": "1"}
        )
    assert response.status_code == 302, response.content[:1000]
    new = ArticlePage.objects.get(slug="toll-cut")
    assert listed(new)[:4] == [s.pk for s in cluster]
    # The newest sibling, published together: first among tag stories.
    for sibling in cluster:
        assert new.pk in listed(sibling)
    # Ahead of the stories sharing only the common tag.
    assert listed(cluster[0]).index(new.pk) < len(cluster)
    assert new.pk not in listed(desk["cricket"])


def test_an_update_in_the_admin_stores_the_editors_picks(desk, commits, admin_client):
    story = desk["cluster"][0]
    cricket = desk["cricket"]
    data = article_form(story.title, story.slug, body=[paragraph("<p>x</p>")])
    data.update(
        {
            "tags": "Padma toll row, Economy",
            "related_picks-TOTAL_FORMS": "1",
            "related_picks-INITIAL_FORMS": "0",
            "related_picks-0-story": str(cricket.pk),
            "related_picks-0-ORDER": "1",
            "related_picks-0-DELETE": "",
            "related_picks-0-id": "",
        }
    )
    with commits():
        response = admin_client.post(edit_url(story), {**data, "action-publish": "1"})
    assert response.status_code == 302, response.content[:1000]
    assert listed(story)[0] == cricket.pk


def pick_errors(admin_client, story, picks) -> str:
    data = article_form(story.title, story.slug, body=[paragraph("<p>x</p>")])
    data.update(
        {
            "related_picks-TOTAL_FORMS": str(len(picks)),
            "related_picks-INITIAL_FORMS": "0",
        }
    )
    for n, pk in enumerate(picks):
        data.update(
            {
                f"related_picks-{n}-story": str(pk),
                f"related_picks-{n}-ORDER": str(n + 1),
                f"related_picks-{n}-DELETE": "",
                f"related_picks-{n}-id": "",
            }
        )
    response = admin_client.post(edit_url(story), {**data, "action-publish": "1"})
    assert response.status_code == 200  # the form again, with its errors
    return response.content.decode()


def test_hostile_picks_are_form_errors(desk, admin_client):
    story = desk["cluster"][0]
    sibling = desk["cluster"][1]
    assert "cannot be related to itself" in pick_errors(admin_client, story, [story.pk])
    # A section is a page, but not a story.
    assert "Select a valid choice" in pick_errors(
        admin_client, story, [desk["sports"].pk]
    )
    assert "duplicate" in pick_errors(admin_client, story, [sibling.pk, sibling.pk])
    assert "Please submit at most 5" in pick_errors(
        admin_client, story, [s.pk for s in desk["common"][:6]]
    )
    assert not story.related_picks.exists()


def test_a_bulk_import_stores_related_news_for_its_stories(desk, commits):
    items = [
        item3(
            uri=f"urn:related:{n}",
            headlines=[{"role": "main", "value": f"Padma toll wire {n}"}],
            subjects=[{"name": "Padma toll row"}],
        )
        for n in range(3)
    ]
    entries = [reading.Entry(f"b[{n}]", item=item) for n, item in enumerate(items)]
    with commits():
        outcomes = [o for _e, o in import_entries(entries, source="b", publish=True)]
    for outcome in outcomes:
        assert RelatedStory.objects.filter(story_id=outcome.page_id).exists()


def test_a_backfill_computes_only_its_newest_recent_stories(desk, commits, monkeypatch):
    from masthead.newsroom import tasks

    monkeypatch.setattr(tasks, "RELATED_BATCH", 2)
    monkeypatch.setattr(tasks, "RELATED_BACKFILL", 2)
    now = timezone.now()
    items = [
        item3(
            uri=f"urn:backfill:{n}",
            headlines=[{"role": "main", "value": f"Padma toll backfill {n}"}],
            subjects=[{"name": "Padma toll row"}],
            firstCreated=(
                when := (now - timedelta(days=20 if n == 3 else 0))
            ).isoformat(),
            versionCreated=when.isoformat(),
        )
        for n in range(4)
    ]
    entries = [reading.Entry(f"f[{n}]", item=item) for n, item in enumerate(items)]
    with commits():
        outcomes = [o for _e, o in import_entries(entries, source="f", publish=True)]
    computed = [
        RelatedStory.objects.filter(story_id=o.page_id).exists() for o in outcomes
    ]
    # The two newest written; of them, the one dated 20 days ago is archive.
    assert computed == [False, False, True, False]
    # An archive story still shows related news, ranked when it is read.
    assert ArticlePage.objects.get(pk=outcomes[3].page_id).live


def test_the_scheduler_going_live_stores_related_news(desk, commits):
    import time

    from masthead.core.scheduler import publish_scheduled

    story = factories.make_article(
        desk["economy"], "Embargoed Padma toll", tags=["Padma toll row"], publish=False
    )
    story.go_live_at = timezone.now() + timedelta(seconds=1)
    with commits():
        story.save_revision().publish()
    assert not listed(story)
    time.sleep(1.1)
    with commits():
        publish_scheduled()
    assert set(listed(story)[:4]) == {s.pk for s in desk["cluster"]}


def test_a_withdrawn_story_leaves_the_others_lists(desk, commits, client):
    story, sibling, *_ = desk["cluster"]
    refresh([s.pk for s in ArticlePage.objects.live()])
    assert listed(story)[0] == sibling.pk
    with commits():
        withdraw_story(story=sibling, note="Legal.")
    assert sibling.pk not in listed(story)
    assert sibling.title not in shown(client, story)
    assert not RelatedStory.objects.filter(story=sibling).exists()


def test_a_story_gone_since_is_hidden_as_the_page_reads(desk, client):
    story, sibling, *_ = desk["cluster"]
    refresh([story.pk])
    # Unpublished without its event (as if the task had not run yet).
    ArticlePage.objects.filter(pk=sibling.pk).update(live=False)
    assert sibling.pk in listed(story)
    headlines = shown(client, story)
    assert sibling.title not in headlines
    assert len(headlines) == 5  # a spare line moved up


def test_a_stored_list_costs_one_query_for_what_ranking_took_more(desk, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    story = desk["cluster"][0]

    def queries():
        client.get(story.url)  # warm: renditions, site data
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.url).status_code == 200
        return len(captured.captured_queries)

    ranked_as_it_renders = queries()
    refresh([story.pk])
    stored = queries()
    assert stored < ranked_as_it_renders
    assert stored <= ARTICLE_QUERIES - 1


def test_the_api_gives_the_same_related_stories(desk, client):
    story = desk["cluster"][0]
    refresh([s.pk for s in ArticlePage.objects.live()])
    data = client.get(f"/api/v1/articles/{story.pk}").json()
    assert [card["id"] for card in data["related"]] == listed(story)[:5]
    assert data["related"][0]["title"] == desk["cluster"][1].title
    schema = client.get("/api/v1/openapi.json").json()
    assert "related" in schema["components"]["schemas"]["ArticleDetail"]["properties"]
