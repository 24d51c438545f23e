"""Stories and sections are found by their address, one query per level,
and Wagtail's view restrictions still guard them."""

import pytest
from wagtail.models import PageViewRestriction

from tests import factories

pytestmark = pytest.mark.django_db


def test_stories_and_sections_at_every_depth_are_served(client, newsroom):
    for page in (
        newsroom["economy"],
        newsroom["banking"],
        newsroom["lead"],
        newsroom["wire"],
    ):
        response = client.get(page.url)
        assert response.status_code == 200
        assert page.title in response.content.decode()


def test_an_unknown_address_under_a_section_is_404(client, newsroom):
    assert client.get("/economy/no-such-story/").status_code == 404
    assert client.get("/economy/banking/no-such-story/").status_code == 404


def test_a_password_on_an_alias_s_original_guards_the_alias_s_stories(client, newsroom):
    """Wagtail checks the original of an alias above a page: so do we."""
    members = factories.make_section(newsroom["home"], "Members", in_nav=False)
    story = factories.make_article(members, "Members briefing")
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    alias = members.create_alias(
        parent=newsroom["sports"], update_slug="members-copy", recursive=True
    )
    aliased_story = alias.get_children().get()
    assert client.get(story.url).status_code == 200  # the password form
    response = client.get(aliased_story.specific.url)
    assert "Members briefing" not in response.content.decode()
    assert b'name="password"' in response.content
