"""Every write path sends the newsroom's events, after commit, and a new
subscriber added in one place hears them all with the same payload."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from masthead.core.events import Event, subscribe, unsubscribe
from masthead.core.purge import current_generation
from masthead.newsroom.events import StoriesChanged, StoryChange
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.services import (
    correct_story,
    restore_story,
    withdraw_story,
)
from masthead.wire import reading
from masthead.wire.services import import_entries, import_item
from tests.wire.test_import import item3

from .. import factories
from .test_admin_editing import add_url, article_form, edit_url, paragraph


@pytest.fixture
def heard():
    """A subscriber added the way a new app would add one: one function,
    subscribed to the newsroom's event type."""
    seen: list[StoriesChanged] = []

    def listener(event):
        seen.append(event)

    subscribe(StoriesChanged, listener)
    yield seen
    unsubscribe(StoriesChanged, listener)


@pytest.fixture
def desk(db):
    home = factories.english_home()
    world = factories.make_section(home, "World", slug="world")
    return {"home": home, "world": world}


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the events) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def changes(seen):
    return [event.change for event in seen]


def only(seen, change):
    [event] = [event for event in seen if event.change == change]
    return event


def admin_publish(client, section, title, slug, tags=""):
    data = article_form(title, slug, body=[paragraph("<p>Copy.</p>")])
    data["tags"] = tags
    response = client.post(add_url(section), {**data, "action-publish": "1"})
    assert response.status_code == 302, response.content[:2000]
    return ArticlePage.objects.get(slug=slug)


def test_admin_publish_then_update_while_live(desk, heard, commits, admin_client):
    with commits():
        story = admin_publish(admin_client, desk["world"], "Port reopens", "port")
    assert changes(heard) == [StoryChange.PUBLISHED]
    [ref] = heard[0].stories
    assert ref.id == story.pk
    assert ref.url == story.get_full_url()
    assert ref.section_ids == (desk["world"].pk,)
    assert ref.edition_id == desk["home"].pk
    assert ref.section_urls == (desk["world"].get_full_url(),)

    data = article_form(
        "Port reopens after a week", "port", body=[paragraph("<p>x</p>")]
    )
    with commits():
        response = admin_client.post(edit_url(story), {**data, "action-publish": "1"})
    assert response.status_code == 302
    assert changes(heard) == [StoryChange.PUBLISHED, StoryChange.UPDATED]
    assert heard[1].stories[0].title == "Port reopens after a week"


def test_a_draft_save_sends_nothing(desk, heard, commits, admin_client):
    story = factories.make_article(desk["world"], "Quiet story")
    heard.clear()
    data = article_form("Quiet story, edited", story.slug, body=[paragraph("<p>x</p>")])
    with commits():
        admin_client.post(edit_url(story), data)
    assert heard == []


def test_scheduled_then_published_by_the_scheduler(desk, heard, commits):
    from masthead.core.scheduler import publish_scheduled

    story = factories.make_article(desk["world"], "Embargoed report", publish=False)
    story.go_live_at = timezone.now() + timedelta(seconds=1)
    with commits():
        story.save_revision().publish()
    assert changes(heard) == [StoryChange.SCHEDULED]
    assert not ArticlePage.objects.get(pk=story.pk).live

    time.sleep(1.1)  # the embargo passes
    with commits():
        publish_scheduled()
    assert changes(heard) == [StoryChange.SCHEDULED, StoryChange.PUBLISHED]
    assert heard[-1].story_ids == [story.pk]


def test_single_import_publishes_updates_and_kills(desk, heard, commits):
    with commits():
        created = import_item(item=item3(uri="urn:ev:1"), source="t", publish=True)
    assert changes(heard) == [StoryChange.PUBLISHED]
    with commits():
        import_item(item=item3(uri="urn:ev:1", version="2"), source="t", publish=True)
    assert changes(heard)[-1] == StoryChange.UPDATED
    with commits():
        import_item(
            item=item3(uri="urn:ev:1", version="3", pubstatus="canceled"),
            source="t",
            publish=True,
        )
    assert changes(heard)[-1] == StoryChange.WITHDRAWN
    assert StoryChange.UNPUBLISHED not in changes(heard)
    assert all(event.story_ids == [created.page_id] for event in heard)


def test_a_bulk_batch_sends_one_event_with_every_story(desk, heard, commits):
    items = [
        item3(
            uri=f"urn:bulk-ev:{n}",
            headlines=[{"role": "main", "value": f"Harbour story {n}"}],
        )
        for n in range(12)
    ]
    entries = [reading.Entry(f"b[{n}]", item=item) for n, item in enumerate(items)]
    with commits():
        outcomes = [o for _e, o in import_entries(entries, source="b", publish=True)]
    assert [event.change for event in heard] == [StoryChange.PUBLISHED]
    assert sorted(heard[0].story_ids) == sorted(o.page_id for o in outcomes)


def test_bulk_drafts_are_announced_as_drafted(desk, heard, commits):
    entries = [reading.Entry("d", item=item3(uri="urn:bulk-draft:1"))]
    with commits():
        list(import_entries(entries, source="b", publish=False))
    assert changes(heard) == [StoryChange.DRAFTED]


def test_bulk_and_admin_reach_the_same_subscribers_with_the_same_payload(
    desk, heard, commits, admin_client
):
    """A story from a bulk wire batch and one published by an editor, in the
    same section with the same tag: the same event, the same kind of refs,
    the same reactions (page cache purged, search finds it)."""
    item = item3(
        uri="urn:same:1",
        headlines=[{"role": "main", "value": "Harbour cranes return"}],
        subject=[{"name": "shipping"}],
    )
    before = current_generation()
    with commits():
        [(_e, bulk)] = list(
            import_entries(
                [reading.Entry("s", item=item)],
                source="b",
                publish=True,
                section=desk["world"],
            )
        )
    after_bulk = current_generation()
    names = ArticlePage.objects.get(pk=bulk.page_id).tags.names()
    with commits():
        story = admin_publish(
            admin_client,
            desk["world"],
            "Harbour cranes leave",
            "cranes-leave",
            tags=", ".join(f'"{name}"' for name in names),
        )
    assert after_bulk != before
    assert current_generation() != after_bulk

    bulk_event, admin_event = heard
    assert bulk_event.change == admin_event.change == StoryChange.PUBLISHED
    [from_bulk], [from_admin] = bulk_event.stories, admin_event.stories
    assert (from_bulk.id, from_admin.id) == (bulk.page_id, story.pk)
    for field in (
        "locale_id",
        "edition_id",
        "section_ids",
        "section_urls",
        "edition_url",
        "tag_ids",
        "old_url",
    ):
        assert getattr(from_bulk, field) == getattr(from_admin, field), field
    assert from_bulk.tag_ids  # the tag is carried, not left out
    for ref in (from_bulk, from_admin):
        assert ref.url == ArticlePage.objects.get(pk=ref.id).get_full_url()

    found = {
        hit.pk for hit in get_search_backend().search("Harbour cranes", ArticlePage)
    }
    assert {bulk.page_id, story.pk} <= found


def test_withdraw_in_the_admin_sends_withdrawn_not_unpublished(
    desk, heard, commits, admin_client
):
    story = factories.make_article(desk["world"], "Story to kill")
    heard.clear()
    with commits():
        response = admin_client.post(
            reverse("masthead_withdraw", args=[story.pk]), {"note": "Legal."}
        )
    assert response.status_code == 302
    assert changes(heard) == [StoryChange.WITHDRAWN]
    assert heard[0].stories[0].url == story.get_full_url()


def test_restore_and_correct_through_their_doors(desk, heard, commits, client):
    story = factories.make_article(desk["world"], "Story to bring back")
    with commits():
        withdraw_story(story=story, note="Checking.")
    assert client.get(story.url).status_code == 410
    heard.clear()
    with commits():
        restore_story(story=story)
    assert changes(heard) == [StoryChange.PUBLISHED]
    assert client.get(story.url).status_code == 200

    with commits():
        correct_story(story=story, text="An earlier version misnamed the port.")
    assert changes(heard)[-1] == StoryChange.UPDATED
    assert "misnamed the port" in client.get(story.url).content.decode()
    with pytest.raises(ValueError):
        correct_story(story=story, text="   ")


def test_unpublish_restrict_move_and_delete(desk, heard, commits, admin_user):
    story = factories.make_article(desk["world"], "Story on the move")
    other = factories.make_section(desk["home"], "Region", slug="region")
    heard.clear()
    with commits():
        restriction = PageViewRestriction.objects.create(
            page=story, restriction_type="password", password="x"
        )
    with commits():
        restriction.delete()
    old_url = story.get_full_url()
    with commits():
        story.move(other, pos="last-child", user=admin_user)
    with commits():
        ArticlePage.objects.get(pk=story.pk).unpublish(user=admin_user)
    assert changes(heard) == [
        StoryChange.RESTRICTED,
        StoryChange.UNRESTRICTED,
        StoryChange.MOVED,
        StoryChange.UNPUBLISHED,
    ]
    moved = only(heard, StoryChange.MOVED).stories[0]
    assert moved.old_url == old_url
    assert moved.url == ArticlePage.objects.get(pk=story.pk).get_full_url()
    assert moved.section_ids == (other.pk,)

    published = factories.make_article(desk["world"], "Story to delete")
    heard.clear()
    with commits():
        ArticlePage.objects.get(pk=published.pk).delete()
    assert changes(heard) == [StoryChange.DELETED]


def test_nothing_is_sent_when_the_transaction_rolls_back(desk, heard, commits):
    story = factories.make_article(desk["world"], "Rolled back")
    heard.clear()
    with commits():
        with pytest.raises(RuntimeError), transaction.atomic():
            withdraw_story(story=story)
            raise RuntimeError("the write failed")
    assert heard == []
    assert ArticlePage.objects.get(pk=story.pk).live


def test_a_failing_subscriber_does_not_stop_the_others(desk, heard, commits, caplog):
    def broken(event):
        raise RuntimeError("subscriber bug")

    subscribe(Event, broken)
    try:
        with commits():
            story = factories.make_article(desk["world"], "Published anyway")
    finally:
        unsubscribe(Event, broken)
    assert heard and heard[-1].story_ids == [story.pk]
    assert "subscriber bug" in caplog.text
    assert ArticlePage.objects.get(pk=story.pk).live


def test_the_review_workflow_publishes_through_the_same_door(
    newsroom, django_user_model, heard, commits, client
):
    from . import test_workflow as wf

    desk = wf.newsdesk.__wrapped__(newsroom, django_user_model)
    page = desk["draft"]
    heard.clear()
    with commits():
        wf.login(client, desk, "reporter")
        assert wf.submit(client, page).status_code == 302
        wf.login(client, desk, "sub")
        assert wf.act(client, page, "approve").status_code == 302
    assert heard == []  # in review: readers see nothing yet
    with commits():
        wf.login(client, desk, "sports_desk")
        assert wf.act(client, page, "approve").status_code == 302
    assert changes(heard) == [StoryChange.PUBLISHED]
    assert heard[0].stories[0].section_ids == (newsroom["sports"].pk,)
