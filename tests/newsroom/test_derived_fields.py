"""Derived fields (the sort key `published_at`, the displayed modified time)
follow what readers see: saving a draft never moves the live story; publishing
the revision, in the admin or by the scheduler, does."""

import time
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from masthead.newsroom import roles
from masthead.newsroom.models import ArticlePage

from .test_admin_editing import article_form, edit_url, paragraph

A_YEAR_AHEAD = timezone.now() + timedelta(days=365)
FORM_TIME = "%Y-%m-%d %H:%M"


@pytest.fixture
def desk(newsroom, django_user_model):
    roles.ensure_roles(["economy"])
    users = {}
    for key, group in {
        "sub": roles.SUB_EDITOR,
        "desk": "Section editor: Economy",
    }.items():
        user = django_user_model.objects.create_user(key, f"{key}@example.com", "pw")
        user.groups.add(Group.objects.get(name=group))
        users[key] = user
    return {**newsroom, "users": users}


def fresh(page):
    return ArticlePage.objects.get(pk=page.pk)


def latest_titles(client):
    response = client.get("/latest/")
    assert response.status_code == 200
    listing = BeautifulSoup(response.content, "html.parser").select_one(
        "section.listing"
    )
    return [a.get_text(" ", strip=True) for a in listing.select("h2 a, h3 a")]


def news_sitemap(client):
    response = client.get("/news-sitemap.xml")
    assert response.status_code == 200
    return response.content.decode()


def form_time(value):
    """`value` as the admin's date picker posts it, in the site's time zone."""
    return timezone.localtime(value).strftime(FORM_TIME)


def form_with_times(page, title, *, published, modified=None, **extra):
    return article_form(
        title,
        page.slug,
        body=[paragraph("<p>Subbed copy.</p>")],
        display_published_at=form_time(published),
        display_modified_at=form_time(modified) if modified else "",
        **extra,
    )


def test_a_sub_editors_draft_does_not_move_the_live_story(client, desk):
    lead = desk["lead"]  # the oldest live story
    before = fresh(lead)
    order = latest_titles(client)
    assert order[-1] == lead.title
    assert lead.url_path and lead.slug in news_sitemap(client)

    client.force_login(desk["users"]["sub"])
    response = client.post(
        edit_url(lead),
        form_with_times(
            lead, "Subbed headline", published=A_YEAR_AHEAD, modified=A_YEAR_AHEAD
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    # The draft has the new times...
    content = fresh(lead).get_latest_revision().content
    assert content["title"] == "Subbed headline"
    assert content["display_published_at"] is not None
    # ...and readers see the story where it was.
    after = fresh(lead)
    assert after.published_at == before.published_at
    assert after.display_published_at == before.display_published_at
    assert after.display_modified_at == before.display_modified_at
    assert after.shown_modified_at == before.shown_modified_at
    client.logout()
    assert latest_titles(client) == order
    assert lead.slug in news_sitemap(client)


def test_publishing_the_revision_applies_the_new_times(client, desk):
    lead = desk["lead"]
    earlier = timezone.now() - timedelta(hours=3)
    client.force_login(desk["users"]["sub"])
    client.post(
        edit_url(lead), form_with_times(lead, "Subbed headline", published=earlier)
    )
    assert fresh(lead).published_at != earlier.replace(second=0, microsecond=0)

    # The desk's section editor publishes the sub-editor's revision.
    fresh(lead).get_latest_revision().publish(user=desk["users"]["desk"])
    page = fresh(lead)
    assert page.title == "Subbed headline"
    assert page.published_at == earlier.replace(second=0, microsecond=0)


def test_publishing_in_the_admin_applies_the_new_times(client, desk):
    lead = desk["lead"]
    client.force_login(desk["users"]["desk"])
    response = client.post(
        edit_url(lead),
        {
            **form_with_times(lead, "Published headline", published=A_YEAR_AHEAD),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    page = fresh(lead)
    assert page.published_at == A_YEAR_AHEAD.replace(second=0, microsecond=0)
    client.logout()
    assert latest_titles(client)[0] == "Published headline"


def test_a_scheduled_revision_applies_the_new_times_when_it_goes_live(desk):
    lead = desk["lead"]
    before = fresh(lead).published_at
    new_time = (timezone.now() - timedelta(minutes=30)).replace(microsecond=0)
    draft = fresh(lead).get_latest_revision_as_object()
    draft.title = "Scheduled headline"
    draft.display_published_at = new_time
    draft.go_live_at = timezone.now() + timedelta(seconds=1.5)
    draft.save_revision(user=desk["users"]["desk"]).publish(user=desk["users"]["desk"])
    # Scheduled, not yet live: readers still see the story as it was.
    page = fresh(lead)
    assert page.title != "Scheduled headline"
    assert page.published_at == before

    time.sleep(1.6)
    call_command("publish_scheduled", verbosity=0)
    page = fresh(lead)
    assert page.title == "Scheduled headline"
    assert page.published_at == new_time


def test_an_import_saved_as_a_draft_does_not_move_the_live_story(desk):
    """What both import paths do with an update they may not publish: the
    latest revision, refilled, saved as a new draft revision."""
    lead = desk["lead"]
    before = fresh(lead)
    draft = fresh(lead).get_latest_revision_as_object()
    draft.title = "Agency update"
    draft.display_published_at = A_YEAR_AHEAD
    draft.display_modified_at = A_YEAR_AHEAD
    draft.save_revision()
    after = fresh(lead)
    assert after.get_latest_revision().content["title"] == "Agency update"
    assert after.title == before.title
    assert after.published_at == before.published_at
    assert after.display_modified_at == before.display_modified_at
