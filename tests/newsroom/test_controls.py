"""A control character typed or pasted into the admin (or crafted into a POST)
never reaches readers: it is stripped on the way in, and the feeds, which XML
cannot carry it in, keep working."""

import json

import pytest
from defusedxml import ElementTree
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from masthead.newsroom.models import ArticlePage, Author, SectionPage
from masthead.newsroom.services import withdraw_story

from .test_admin_editing import article_form, edit_url, paragraph

BAD = "\x01\x02\x07\x0b\x0c\x1b\x1f\x7f"


def has_controls(value) -> bool:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return any(char in text for char in BAD) or "\\u00" in text.replace("\\u00a0", "")


@pytest.fixture
def chief(django_user_model, client):
    user = django_user_model.objects.create_superuser(
        "chief", "chief@example.com", "pw"
    )
    client.force_login(user)
    return user


def feeds_are_well_formed(client):
    for url in ("/feeds/rss.xml", "/feeds/atom.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        ElementTree.fromstring(response.content)  # raises on a control character


def test_a_headline_with_a_control_character_is_saved_without_it(
    client, newsroom, chief
):
    match = newsroom["match"]
    data = article_form(
        "Bad\x01 headline",
        match.slug,
        kicker="Cric\x02ket",
        standfirst="A line\x1b with an escape.\nAnd a second line.",
        dateline="Syl\x07het",
        byline_text="Staff\x0c Correspondent",
        lead_image_caption="Full\x7f house",
        body=[
            paragraph("<p>Copy\x01 with a control.</p>"),
            ("subhead", "Sub\x1fhead"),
            ("quote", {"text": "We\x0b won.", "attribution": "The\x01 captain"}),
        ],
    )
    data.update(
        nested_form_data(
            {
                "notes": inline_formset(
                    [
                        {
                            "kind": "correction",
                            "noted_at": "2026-01-02 10:00",
                            "text": "An earlier\x01 version misspelt a name.",
                        }
                    ]
                ),
                "bylines": inline_formset([]),
            }
        )
    )
    response = client.post(
        edit_url(match), {**data, "action-publish": "action-publish"}
    )
    assert response.status_code == 302, response.content[:3000]

    page = ArticlePage.objects.get(pk=match.pk)
    assert page.title == "Bad headline"
    assert page.kicker == "Cricket"
    assert page.standfirst == "A line with an escape.\nAnd a second line."
    assert page.dateline == "Sylhet"
    assert page.byline_text == "Staff Correspondent"
    assert page.lead_image_caption == "Full house"
    assert [note.text for note in page.notes.all()] == [
        "An earlier version misspelt a name."
    ]
    body = list(page.body.raw_data)
    assert not has_controls(body), body
    assert "Copy with a control." in json.dumps(body)
    assert not has_controls(page.get_latest_revision().content)

    client.logout()
    feeds_are_well_formed(client)
    html = client.get(page.url).content.decode()
    assert "Bad headline" in html
    assert not any(char in html for char in BAD)


def test_a_section_and_an_author_are_saved_without_controls(client, newsroom, chief):
    sports = newsroom["sports"]
    response = client.post(
        edit_url(sports),
        nested_form_data(
            {
                "title": "Sp\x01orts",
                "slug": sports.slug,
                "short_name": "Sp\x02",
                "intro": "Games\x1b and results.",
                "comments": inline_formset([]),
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, response.content[:3000]
    sports = SectionPage.objects.get(pk=sports.pk)
    assert (sports.title, sports.short_name, sports.intro) == (
        "Sports",
        "Sp",
        "Games and results.",
    )

    response = client.post(
        reverse("wagtailsnippets_newsroom_author:add"),
        {"name": "New\x01 Writer", "slug": "new-writer", "role": "Re\x07porter"},
    )
    assert response.status_code == 302, response.content[:3000]
    author = Author.objects.get(slug="new-writer")
    assert (author.name, author.role) == ("New Writer", "Reporter")
    feeds_are_well_formed(client)


def test_a_withdrawal_note_is_kept_without_controls(newsroom, client):
    story = newsroom["match"]
    withdraw_story(story=story, note="Legal\x01 reasons.")
    assert ArticlePage.objects.get(pk=story.pk).withdrawal_note == "Legal reasons."
    response = client.get(story.url)
    assert response.status_code == 410
    assert "\x01" not in response.content.decode()
