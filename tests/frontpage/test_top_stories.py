"""Curated Top Stories: editors pick an edition's top stories in order, each
until it expires; the slots left are filled with the newest flagged stories,
and editors (only they) see on the front which slots are which."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from masthead.core.events import subscribe, unsubscribe
from masthead.frontpage import selectors
from masthead.frontpage.events import TopStoriesChanged
from masthead.frontpage.models import TopStories, TopStoryPick
from masthead.frontpage.services import expire_top_story_picks, save_top_stories
from masthead.newsroom.roles import CHIEF_EDITOR, REPORTER, SECTION_EDITOR, ensure_roles
from tests import factories

from .conftest import parse, text_of
from .test_query_counts import HOME_QUERIES

pytestmark = pytest.mark.django_db

LEAD = "//section[contains(@class,'front-lead')]//*[contains(@class,'card__title')]"
TOPS = "//section[contains(@class,'front-tops')]//*[contains(@class,'card__title')]"
NOTES = "//section[contains(@class,'front-')]//p[contains(@class,'slot-note')]"
RAIL = "//section[contains(@class,'rail--top-stories')]//a[@class='rail__title']"


def front(client):
    response = client.get("/")
    assert response.status_code == 200
    tree = parse(response)
    return text_of(tree, LEAD) + text_of(tree, TOPS), tree, response


def in_role(django_user_model, role):
    ensure_roles()
    user = django_user_model.objects.create_user(role, password="pw")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def heard():
    """The TopStoriesChanged events delivered (after commit)."""
    events = []
    subscribe(TopStoriesChanged, events.append)
    yield events
    unsubscribe(TopStoriesChanged, events.append)


def test_picks_lead_the_front_in_order_and_automatic_fills_the_rest(
    client, newsroom, django_capture_on_commit_callbacks
):
    # Without picks: the newest stories flagged as top stories.
    titles, _tree, _r = front(client)
    assert titles == [newsroom["match"].title, newsroom["lead"].title]

    # The wire story is not flagged; picked second, it still makes the front.
    with django_capture_on_commit_callbacks(execute=True):
        save_top_stories(
            edition=newsroom["home"],
            picks=[(newsroom["lead"], None), (newsroom["wire"], None)],
        )
    titles, _tree, _r = front(client)
    # Picks in the editors' order, then the flagged story not already picked.
    assert titles == [
        newsroom["lead"].title,
        newsroom["wire"].title,
        newsroom["match"].title,
    ]


def test_story_pages_show_the_picks_first_in_their_rail(
    client, newsroom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_top_stories(edition=newsroom["home"], picks=[(newsroom["wire"], None)])
    other = factories.make_article(newsroom["sports"], "A quiet day at the ground")
    tree = parse(client.get(other.url))
    assert text_of(tree, RAIL)[:3] == [
        newsroom["wire"].title,
        newsroom["match"].title,
        newsroom["lead"].title,
    ]


def test_a_picked_story_is_not_listed_in_its_own_rail(
    client, newsroom, django_capture_on_commit_callbacks
):
    # The wire story is picked but not flagged as a top story.
    with django_capture_on_commit_callbacks(execute=True):
        save_top_stories(edition=newsroom["home"], picks=[(newsroom["wire"], None)])
    other = factories.make_article(newsroom["sports"], "A quiet day at the ground")
    assert newsroom["wire"].title in text_of(parse(client.get(other.url)), RAIL)

    rail = text_of(parse(client.get(newsroom["wire"].url)), RAIL)
    assert newsroom["wire"].title not in rail
    assert rail[:2] == [newsroom["match"].title, newsroom["lead"].title]


def test_an_expired_pick_leaves_the_front_without_an_edit(
    client, newsroom, monkeypatch, django_capture_on_commit_callbacks, heard
):
    soon = timezone.now() + timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        save_top_stories(edition=newsroom["home"], picks=[(newsroom["wire"], soon)])
    titles, _tree, _r = front(client)
    assert titles[0] == newsroom["wire"].title

    # An hour later the render skips it on its own, before any job ran ...
    later = timezone.now() + timedelta(hours=1)

    class OneHourLater:
        @staticmethod
        def now():
            return later

    monkeypatch.setattr(selectors, "timezone", OneHourLater)
    titles, _tree, _r = front(client)
    assert newsroom["wire"].title not in titles
    assert titles[0] == newsroom["match"].title

    # ... and the periodic job removes it and purges the edition's pages.
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_top_story_picks(now=later) == 1
    assert not TopStoryPick.objects.exists()
    assert [event.edition_ids for event in heard] == [(newsroom["home"].pk,)]
    assert heard[0].purge().keys == (f"e{newsroom['home'].pk}",)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_top_story_picks(now=later) == 0
    assert len(heard) == 1


def test_picks_readers_may_not_see_are_skipped(
    client, newsroom, django_capture_on_commit_callbacks
):
    hidden = factories.make_article(newsroom["economy"], "Behind a password")
    gone = factories.make_article(newsroom["economy"], "Taken off the site")
    with django_capture_on_commit_callbacks(execute=True):
        save_top_stories(
            edition=newsroom["home"],
            picks=[(hidden, None), (gone, None), (newsroom["wire"], None)],
        )
        PageViewRestriction.objects.create(
            page=hidden, restriction_type="password", password="x"
        )
        gone.unpublish()
        # A story of the other edition slipped in (written around the door).
        bangla = factories.bangla_home()
        bn_section = factories.make_section(bangla, "Desh", slug="desh")
        bn_story = factories.make_article(bn_section, "Dhaka news in Bangla")
        TopStoryPick.objects.create(
            lineup=TopStories.objects.get(edition=newsroom["home"]),
            story=bn_story,
            sort_order=-1,
        )
    picked = selectors.top_story_picks(newsroom["home"])
    assert bn_story.pk in [story_id for story_id, _until in picked]
    titles, _tree, _r = front(client)
    assert titles == [
        newsroom["wire"].title,
        newsroom["match"].title,
        newsroom["lead"].title,
    ]


@pytest.mark.parametrize(
    "problem",
    ["other edition", "twice", "expired", "too many"],
)
def test_picks_that_break_the_rules_are_refused(newsroom, problem):
    home, wire = newsroom["home"], newsroom["wire"]
    if problem == "other edition":
        bn_section = factories.make_section(factories.bangla_home(), "Desh")
        picks = [(factories.make_article(bn_section, "Bangla story"), None)]
    elif problem == "twice":
        picks = [(wire, None), (wire, None)]
    elif problem == "expired":
        picks = [(wire, timezone.now() - timedelta(minutes=1))]
    else:
        picks = [
            (factories.make_article(newsroom["sports"], image=False), None)
            for _ in range(8)
        ]
    with pytest.raises(ValidationError):
        save_top_stories(edition=home, picks=picks)
    assert not TopStoryPick.objects.exists()


def pick_form(edition, picks):
    return nested_form_data(
        {
            "edition": edition.pk,
            "picks": inline_formset(
                [
                    {
                        "story": story.pk,
                        "expires_at": until.strftime("%Y-%m-%d %H:%M") if until else "",
                    }
                    for story, until in picks
                ]
            ),
        }
    )


ADD_URL = "wagtailsnippets_frontpage_topstories:add"


def test_a_section_editor_curates_in_the_admin_and_the_front_follows(
    client, newsroom, django_user_model, django_capture_on_commit_callbacks, heard
):
    editor = in_role(django_user_model, SECTION_EDITOR)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(ADD_URL),
            pick_form(newsroom["home"], [(newsroom["wire"], None)]),
        )
    assert response.status_code == 302, response.content.decode()[-3000:]
    lineup = TopStories.objects.get(edition=newsroom["home"])
    assert [p.story_id for p in lineup.picks.all()] == [newsroom["wire"].pk]
    assert [event.edition_ids for event in heard] == [(newsroom["home"].pk,)]
    assert ModelLogEntry.objects.filter(
        action="wagtail.create", user=editor, object_id=str(lineup.pk)
    ).exists()
    listing = client.get(reverse("wagtailsnippets_frontpage_topstories:list"))
    assert listing.status_code == 200
    assert "English" in listing.content.decode()

    # The edit form shows what the front shows now, slot by slot.
    edit = client.get(
        reverse("wagtailsnippets_frontpage_topstories:edit", args=[lineup.pk])
    )
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "On the front now" in html
    assert html.index(newsroom["wire"].title) < html.index(newsroom["match"].title)

    client.logout()
    titles, _tree, _r = front(client)
    assert titles[0] == newsroom["wire"].title


def test_the_admin_form_explains_a_refused_pick(client, newsroom, admin_user):
    client.force_login(admin_user)
    past = timezone.now() - timedelta(hours=2)
    response = client.post(
        reverse(ADD_URL),
        pick_form(
            newsroom["home"], [(newsroom["wire"], past), (newsroom["wire"], None)]
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The expiry must be in the future." in html
    assert "This story is already picked." in html
    assert not TopStories.objects.exists()


@pytest.mark.parametrize(
    "story", ["not-a-page", "99999999999999999999999", "-1", "\u0661\u0662", ""]
)
def test_garbage_in_the_admin_form_is_a_form_error(client, newsroom, admin_user, story):
    client.force_login(admin_user)
    data = pick_form(newsroom["home"], [(newsroom["wire"], None)])
    data["picks-0-story"] = story
    data["picks-0-expires_at"] = "yesterday-ish"
    response = client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert "Enter a valid date/time." in response.content.decode()
    assert not TopStories.objects.exists()


def test_a_reporter_may_not_curate(client, newsroom, django_user_model):
    reporter = in_role(django_user_model, REPORTER)
    client.force_login(reporter)
    response = client.get(reverse(ADD_URL))
    assert response.status_code in (302, 403)
    response = client.post(
        reverse(ADD_URL), pick_form(newsroom["home"], [(newsroom["wire"], None)])
    )
    assert response.status_code in (302, 403)
    assert not TopStories.objects.exists()
    with pytest.raises(PermissionDenied):
        save_top_stories(
            edition=newsroom["home"], picks=[(newsroom["wire"], None)], user=reporter
        )


def test_curating_needs_the_csrf_token(newsroom, django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(in_role(django_user_model, CHIEF_EDITOR))
    response = client.post(
        reverse(ADD_URL), pick_form(newsroom["home"], [(newsroom["wire"], None)])
    )
    assert response.status_code == 403
    assert not TopStories.objects.exists()


def test_editors_see_picked_and_automatic_slots_readers_do_not(
    client, newsroom, django_user_model, django_capture_on_commit_callbacks
):
    until = timezone.now() + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        save_top_stories(edition=newsroom["home"], picks=[(newsroom["wire"], until)])

    _titles, tree, response = front(client)
    assert text_of(tree, NOTES) == []
    assert b"slot-note" not in response.content
    assert b"Change the Top Stories" not in response.content
    assert "public" in response["Cache-Control"]

    client.force_login(in_role(django_user_model, CHIEF_EDITOR))
    _titles, tree, response = front(client)
    notes = text_of(tree, NOTES)
    assert len(notes) == 3
    assert notes[0].startswith("Top Stories slot: Picked · until")
    assert notes[1:] == ["Top Stories slot: Automatic"] * 2
    assert "private" in response["Cache-Control"]
    assert tree.xpath("//p[@class='curation-edit']/a/@href")


def test_picks_add_no_query_to_the_front(
    client, full_newsroom, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_top_stories(
            edition=full_newsroom["home"],
            picks=[
                (full_newsroom["wire"], timezone.now() + timedelta(hours=1)),
                (full_newsroom["extra"][1], None),
            ],
        )
    assert client.get("/").status_code == 200  # warm: renditions
    with django_assert_num_queries(HOME_QUERIES):
        titles, _tree, _r = front(client)
    assert titles[:2] == [full_newsroom["wire"].title, full_newsroom["extra"][1].title]


def test_the_demo_newsroom_shows_curation(client):
    out = StringIO()
    call_command("load_demo", articles=40, pictures=12, stdout=out)
    assert "top stories: 4 curated picks" in out.getvalue()
    for lineup in TopStories.objects.select_related("edition"):
        picks = list(lineup.picks.select_related("story"))
        assert len(picks) == 2
        assert picks[0].expires_at is not None and picks[1].expires_at is None
        assert not any(pick.story.is_top_story for pick in picks)
    english = TopStories.objects.get(edition__locale__language_code="en")
    titles, _tree, _r = front(client)
    assert titles[:2] == [pick.story.title for pick in english.picks.all()]
    call_command("load_demo", articles=40, pictures=12, stdout=StringIO())
    assert TopStoryPick.objects.count() == 4


def test_the_rails_are_not_kept_past_a_picks_expiry(
    newsroom, django_capture_on_commit_callbacks
):
    soon = timezone.now() + timedelta(seconds=20)
    with django_capture_on_commit_callbacks(execute=True):
        save_top_stories(edition=newsroom["home"], picks=[(newsroom["wire"], soon)])
    tops = selectors.top_stories(newsroom["home"])
    assert 1 <= selectors.seconds_until_a_pick_expires(tops) <= 21
    unpicked = [story for story in tops if not story.is_picked]
    assert (
        selectors.seconds_until_a_pick_expires(unpicked)
        == selectors.RAILS_CACHE_SECONDS
    )


def test_the_front_page_preview_shows_picked_and_automatic_slots(
    rf, newsroom, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_top_stories(edition=newsroom["home"], picks=[(newsroom["wire"], None)])
    request = rf.get("/admin/")
    request.user = admin_user
    response = newsroom["home"].make_preview_request(original_request=request)
    response.render()
    notes = text_of(parse(response), NOTES)
    assert notes == [
        "Top Stories slot: Picked",
        "Top Stories slot: Automatic",
        "Top Stories slot: Automatic",
    ]
