"""The forms outside the newsroom's own pages strip control characters too:
the edition front page, pictures (caption, credit and alt text end up in feeds
and JSON-LD) and documents."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model

from masthead.frontpage.models import HomePage
from masthead.multimedia.models import NewsImage


@pytest.fixture
def chief(django_user_model, client):
    user = django_user_model.objects.create_superuser("chief", "c@example.com", "pw")
    client.force_login(user)
    return client


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 20, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_front_page_form_strips_controls(chief, newsroom):
    home = newsroom["home"]
    response = chief.post(
        reverse("wagtailadmin_pages:edit", args=(home.pk,)),
        {
            "title": "Home\x01",
            "slug": home.slug,
            "edition_name": "Eng\x02lish",
            "tagline": "News\x1b that matters",
            "time_zone": "Asia/Dhaka",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    home = HomePage.objects.get(pk=home.pk)
    assert (home.title, home.edition_name, home.tagline) == (
        "Home",
        "English",
        "News that matters",
    )


def test_the_picture_form_strips_controls(chief, db):
    response = chief.post(
        reverse("wagtailimages:add"),
        {
            "title": "Flood\x01 in Sylhet",
            "caption": "Water\x07 rises",
            "credit": "Staff\x1f photographer",
            "alt_text": "A flooded\x0b street",
            "file": SimpleUploadedFile("flood.png", png(), "image/png"),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    image = NewsImage.objects.get(title="Flood in Sylhet")
    assert (image.caption, image.credit, image.alt_text) == (
        "Water rises",
        "Staff photographer",
        "A flooded street",
    )


def test_the_document_form_strips_controls(chief, db):
    response = chief.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Annual\x01 report",
            "file": SimpleUploadedFile("report.txt", b"figures", "text/plain"),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert get_document_model().objects.filter(title="Annual report").exists()
