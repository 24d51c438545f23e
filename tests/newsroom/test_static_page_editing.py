"""Static pages (About, Contact…) in the admin: bad posts are form errors."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from masthead.newsroom.models import StandardPage

from .. import factories


@pytest.fixture
def about(db):
    home = factories.english_home()
    page = home.add_child(
        instance=StandardPage(
            title="About us", slug="about-us", body="<p>We report.</p>"
        )
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(user)
    return user


def post(client, page, body):
    data = nested_form_data(
        {"title": "About us", "slug": "about-us", "body": body, "comments": {}}
    )
    data.update({"comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0"})
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)


@pytest.mark.parametrize(
    "body",
    ["<p>raw html</p>", "{not json", "[1, 2, 3]", '"a string"', "null", "\x00"],
)
def test_an_unreadable_body_is_a_form_error_and_loses_nothing(
    client, editor, about, body
):
    response = post(client, about, body)
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert StandardPage.objects.get(pk=about.pk).body == "<p>We report.</p>"


def test_a_readable_body_saves(client, editor, about):
    response = post(client, about, rich_text("<p>We report the news.</p>"))
    assert response.status_code == 302
    revision = StandardPage.objects.get(pk=about.pk).get_latest_revision()
    assert "We report the news." in revision.content["body"]


def test_an_empty_body_post_empties_the_body_without_a_crash(client, editor, about):
    response = post(client, about, "")
    assert response.status_code == 302
