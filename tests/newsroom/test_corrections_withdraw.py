"""Corrections and updates on a published story; withdrawing ("killing") one."""

import json
from datetime import timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.roles import (
    CHIEF_EDITOR,
    MODERATOR,
    REPORTER,
    SUB_EDITOR,
    ensure_roles,
)
from masthead.newsroom.services import withdraw_story

from .. import factories
from .test_admin_editing import article_form, paragraph

XSS = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture
def story(db):
    home = factories.english_home()
    section = factories.make_section(home, "National")
    return factories.make_article(section, "Budget passed in parliament", image=False)


def jsonld(html):
    soup = BeautifulSoup(html, "html.parser")
    [tag] = soup.find_all("script", type="application/ld+json")
    return json.loads(tag.string)


def user_in(django_user_model, role, name=None):
    user = django_user_model.objects.create_user(name or role, password="pw")
    user.groups.add(Group.objects.get(name=role))
    return user


def republish_with_note(client, page, kind, text):
    data = article_form(
        page.title,
        page.slug,
        body=[paragraph("<p>Corrected copy.</p>")],
    )
    data.update(
        nested_form_data(
            {
                "notes": inline_formset(
                    [{"kind": kind, "text": text, "noted_at": "2026-11-28 10:00"}]
                )
            }
        )
    )
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**data, "action-publish": "action-publish"},
    )


def test_an_editor_adds_a_correction_readers_and_crawlers_see_it(
    story, client, admin_user
):
    client.force_login(admin_user)
    response = republish_with_note(
        client, story, "correction", "An earlier version misstated the total."
    )
    assert response.status_code == 302, response.content[:3000]
    client.logout()

    html = client.get(story.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    notes = soup.select_one(".story__notes")
    assert notes is not None
    assert "Correction" in notes.get_text()
    assert "An earlier version misstated the total." in notes.get_text()
    assert notes.find("time")["datetime"]
    assert "Corrected copy." in html

    data = jsonld(html)
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert data["correction"][0]["text"] == "An earlier version misstated the total."
    assert data["dateModified"] >= data["datePublished"]

    feed = feedparser.parse(client.get("/feeds/atom.xml").content)
    [entry] = [e for e in feed.entries if e.title == "Budget passed in parliament"]
    assert entry.summary.startswith("Correction: An earlier version misstated")
    rss = feedparser.parse(client.get("/feeds/rss.xml").content)
    [item] = [e for e in rss.entries if e.title == "Budget passed in parliament"]
    assert "Correction:" in item.summary


def test_an_update_is_shown_but_is_not_a_correction(story, client, admin_user):
    client.force_login(admin_user)
    response = republish_with_note(client, story, "update", "Adds the vote count.")
    assert response.status_code == 302
    client.logout()
    html = client.get(story.url).content.decode()
    assert "Adds the vote count." in html
    assert "correction" not in jsonld(html)


def test_a_late_note_moves_the_displayed_last_modified(story):
    story.display_published_at = timezone.now() - timedelta(days=2)
    story.display_modified_at = timezone.now() - timedelta(days=1)
    story.save_revision().publish()
    page = ArticlePage.objects.get(pk=story.pk)
    page.notes.create(kind="update", text="New figures.", noted_at=timezone.now())
    page.save_revision().publish()
    page = ArticlePage.objects.get(pk=story.pk)
    assert page.display_modified_at > timezone.now() - timedelta(minutes=1)


def test_hostile_note_text_is_escaped_everywhere(story, client, admin_user):
    client.force_login(admin_user)
    assert republish_with_note(client, story, "correction", XSS).status_code == 302
    client.logout()
    html = client.get(story.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("img", onerror=True)
    assert "<script>alert(1)" not in html
    assert jsonld(html)["correction"][0]["text"] == XSS  # valid JSON, same text
    runnable = [
        tag
        for tag in soup.find_all("script")
        if "alert" in (tag.string or "") and tag.get("type") != "application/ld+json"
    ]
    assert runnable == []
    atom = client.get("/feeds/atom.xml").content.decode()
    assert "<script>" not in atom


def test_an_over_long_note_is_a_form_error_and_nothing_is_lost(
    story, client, admin_user
):
    client.force_login(admin_user)
    response = republish_with_note(client, story, "correction", "x" * 1001)
    assert response.status_code == 200
    assert "at most 1000 characters" in response.content.decode()
    assert ArticlePage.objects.get(pk=story.pk).notes.count() == 0
    response = republish_with_note(client, story, "bogus", "A note.")
    assert response.status_code == 200
    assert ArticlePage.objects.get(pk=story.pk).live


# -- withdrawing --------------------------------------------------------------------


def test_a_withdrawn_story_answers_410_with_the_note_not_the_story(story, client):
    assert client.get(story.url).status_code == 200
    url = story.url
    withdraw_story(story=story, note="Legal reasons. " + XSS)
    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This story has been withdrawn" in html
    assert "Legal reasons." in html
    assert "First paragraph of the story." not in html
    assert "The standfirst of" not in html
    assert "application/ld+json" not in html or "NewsArticle" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("img", onerror=True)
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert soup.find("main") is not None
    page = ArticlePage.objects.get(pk=story.pk)
    assert not page.live and page.withdrawn_at
    assert PageLogEntry.objects.filter(
        page_id=story.pk, action="masthead.withdraw"
    ).exists()
    # Gone from listings and feeds too.
    assert (
        "Budget passed in parliament"
        not in client.get("/feeds/rss.xml").content.decode()
    )


def test_republishing_a_withdrawn_story_restores_it(story, client):
    url = story.url
    withdraw_story(story=story, note="Pending a check.")
    assert client.get(url).status_code == 410
    ArticlePage.objects.get(pk=story.pk).get_latest_revision().publish()
    page = ArticlePage.objects.get(pk=story.pk)
    assert page.live and page.withdrawn_at is None and page.withdrawal_note == ""
    assert client.get(url).status_code == 200


def test_a_cached_story_stops_being_served_once_withdrawn(story, client):
    url = story.url
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # now from the page cache
    withdraw_story(story=story)
    assert client.get(url).status_code == 410


def test_withdrawing_a_scheduled_story_cancels_the_schedule(story):
    draft = ArticlePage.objects.get(pk=story.pk)
    draft.unpublish()
    draft = ArticlePage.objects.get(pk=story.pk)
    draft.go_live_at = timezone.now() + timedelta(hours=1)
    draft.save_revision().publish()
    draft = ArticlePage.objects.get(pk=story.pk)
    assert draft.go_live_at and not draft.live
    withdraw_story(story=draft)
    draft = ArticlePage.objects.get(pk=story.pk)
    assert draft.go_live_at is None
    assert not draft.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_a_never_published_draft_leaves_no_trace_at_its_address(db, client):
    home = factories.english_home()
    section = factories.make_section(home, "National")
    draft = factories.make_article(section, "Secret draft", publish=False, image=False)
    withdraw_story(story=draft, note="x")
    response = client.get(f"/{section.slug}/{draft.slug}/")
    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (REPORTER, False),
        (SUB_EDITOR, False),
        (MODERATOR, False),
        (CHIEF_EDITOR, True),
    ],
)
def test_withdraw_in_the_admin_needs_publish_rights(
    story, client, django_user_model, role, allowed
):
    ensure_roles()
    client.force_login(user_in(django_user_model, role))
    url = reverse("masthead_withdraw", args=[story.pk])
    get = client.get(url)
    post = client.post(url, {"note": "Withdrawn on legal advice."})
    if allowed:
        assert get.status_code == 200
        assert b"Withdraw the story" in get.content
        assert post.status_code == 302
        assert client.get(story.url).status_code == 410
    else:
        assert get.status_code in (302, 403)
        assert post.status_code in (302, 403)
        assert ArticlePage.objects.get(pk=story.pk).live


def test_the_edit_page_offers_withdraw_to_those_who_may(story, client, admin_user):
    client.force_login(admin_user)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert reverse("masthead_withdraw", args=[story.pk]).encode() in edit.content


def test_withdraw_input_is_checked(story, client, admin_user):
    client.force_login(admin_user)
    url = reverse("masthead_withdraw", args=[story.pk])
    too_long = client.post(url, {"note": "x" * 1001})
    assert too_long.status_code == 400
    assert ArticlePage.objects.get(pk=story.pk).live
    assert client.put(url).status_code == 405
    assert client.get(reverse("masthead_withdraw", args=[999999])).status_code == 404
    home = story.get_parent().get_parent()
    assert client.get(reverse("masthead_withdraw", args=[home.pk])).status_code == 404
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(admin_user)
    assert csrf_client.post(url, {"note": "n"}).status_code == 403
    assert ArticlePage.objects.get(pk=story.pk).live
