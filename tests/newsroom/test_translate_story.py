"""An editor starts a story's counterpart in the other edition with Wagtail's
"Translate" (wagtail.contrib.simple_translation): the draft is linked to the
original by its translation key, so once it is published the two pages carry
hreflang pairs and the language switch leads from one to the other. Who may
do it follows the newsroom's roles."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from lxml import html
from wagtail.models import Locale

from masthead.newsroom import roles
from masthead.newsroom.models import ArticlePage

ALLOWED = {
    roles.REPORTER: False,
    roles.SUB_EDITOR: True,
    roles.CHIEF_EDITOR: True,
    roles.MODERATOR: False,
    roles.ADMINISTRATOR: True,
}


@pytest.fixture
def staff(newsroom, django_user_model):
    roles.ensure_roles()
    users = {}
    for group in ALLOWED:
        user = django_user_model.objects.create_user(
            group.lower().replace(" ", "-"), f"{len(users)}@example.com", "pw"
        )
        user.groups.add(Group.objects.get(name=group))
        users[group] = user
    return users


def translate_url(page):
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def translate_section(section, locale):
    """What the form asks first: the story's section in the other edition."""
    copy = section.copy_for_translation(locale, copy_parents=True)
    copy.save_revision().publish()


@pytest.mark.parametrize("group", list(ALLOWED))
def test_who_may_translate_a_story(client, newsroom, staff, group):
    story = newsroom["lead"]
    bangla = Locale.objects.get(language_code="bn")
    translate_section(newsroom["economy"], bangla)
    client.force_login(staff[group])
    response = client.post(translate_url(story), {"locales": [bangla.pk]})
    copies = ArticlePage.objects.filter(
        translation_key=story.translation_key, locale=bangla
    )
    if ALLOWED[group]:
        assert response.status_code == 302, response.content[:500]
        assert copies.count() == 1
        # A draft until an editor publishes it: readers see nothing yet.
        assert not copies.get().live
    else:
        assert response.status_code in (302, 403)
        assert not copies.exists()


def test_a_published_translation_is_linked_both_ways(client, newsroom, staff):
    story = newsroom["lead"]
    bangla = Locale.objects.get(language_code="bn")
    translate_section(newsroom["economy"], bangla)
    client.force_login(staff[roles.CHIEF_EDITOR])
    client.post(translate_url(story), {"locales": [bangla.pk]})
    copy = ArticlePage.objects.get(translation_key=story.translation_key, locale=bangla)
    copy.title = "কেন্দ্রীয় ব্যাংক নীতি সুদহার অপরিবর্তিত রাখল"
    for ancestor in copy.get_ancestors().filter(depth__gt=2).specific():
        if not ancestor.live:
            ancestor.save_revision().publish()
    copy.save_revision().publish()
    copy.refresh_from_db()
    client.logout()

    english_page = html.fromstring(client.get(story.url).content)
    bangla_page = html.fromstring(client.get(copy.url).content)
    assert copy.url.startswith("/bn/")
    assert english_page.xpath('//link[@rel="alternate"][@hreflang="bn"]/@href')[
        0
    ].endswith(copy.url)
    assert bangla_page.xpath('//link[@rel="alternate"][@hreflang="en"]/@href')[
        0
    ].endswith(story.url)
    # The visible switch leads to the counterpart, not to the other front.
    assert copy.url in english_page.xpath('//a[@hreflang="bn"]/@href')
    assert story.url in bangla_page.xpath('//a[@hreflang="en"]/@href')


def test_a_story_whose_section_is_not_translated_gets_a_message(
    client, newsroom, staff
):
    """The form greys that language out; a POST naming it anyway gets the
    form back with a message, not a 500, and nothing is created."""
    story = newsroom["lead"]
    bangla = Locale.objects.get(language_code="bn")
    client.force_login(staff[roles.CHIEF_EDITOR])
    response = client.post(translate_url(story), {"locales": [bangla.pk]})
    assert response.status_code == 400
    assert b"section into that language first" in response.content
    assert not ArticlePage.objects.filter(
        translation_key=story.translation_key, locale=bangla
    ).exists()
