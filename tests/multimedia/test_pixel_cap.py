"""Decompression bombs: a tiny file with a huge number of pixels is refused on
every path a picture takes into Masthead, and an oversized picture already
stored is never decoded for a reader."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from masthead.multimedia.models import NewsImage, NewsRendition
from masthead.newsroom.roles import CHIEF_EDITOR, ensure_roles
from tests import factories


def bomb(side=12000) -> bytes:
    """A solid-colour PNG: a few KB on disk, side x side pixels decoded."""
    buffer = io.BytesIO()
    Image.new("L", (side, side), 255).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_the_bomb_is_small_on_disk():
    assert len(bomb()) < 200_000


@pytest.fixture
def chief(db, django_user_model):
    ensure_roles()
    user = django_user_model.objects.create_user("chief", password="pw")
    user.groups.add(Group.objects.get(name=CHIEF_EDITOR))
    client = Client()
    client.force_login(user)
    return client


# 12,000 x 12,000 is the reported file; 7,000 x 7,000 (49 Mpx) is over the
# 40 Mpx cap but under Wagtail's and Pillow's own defaults.
@pytest.mark.parametrize("side", [12000, 7000])
def test_the_admin_upload_form_refuses_too_many_pixels(chief, side):
    response = chief.post(
        reverse("wagtailimages:add"),
        {
            "title": "Bomb",
            "file": SimpleUploadedFile("bomb.png", bomb(side), "image/png"),
        },
    )
    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert not NewsImage.objects.filter(title="Bomb").exists()


def test_a_normal_upload_still_works(chief):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 20, 30)).save(buffer, format="PNG")
    response = chief.post(
        reverse("wagtailimages:add"),
        {"title": "Fine", "file": SimpleUploadedFile("ok.png", buffer.getvalue())},
    )
    assert response.status_code == 302
    assert NewsImage.objects.get(title="Fine").width == 800


def test_code_creating_a_news_image_is_refused_too(db):
    # The demo loader and anything else that makes a NewsImage in code.
    with pytest.raises((ValidationError, Image.DecompressionBombError)):
        image = NewsImage(title="Bomb")
        image.file = ImageFile(io.BytesIO(bomb(7000)), name="bomb.png")
        image.save()
    assert not NewsImage.objects.exists()


def test_a_news_image_with_too_many_pixels_is_refused_on_save(db, settings):
    """The model checks by itself, even if Pillow's guard were off."""
    guard = Image.MAX_IMAGE_PIXELS
    settings.MASTHEAD_IMAGE_MAX_PIXELS = 100 * 100
    Image.MAX_IMAGE_PIXELS = None
    try:
        buffer = io.BytesIO()
        Image.new("RGB", (101, 100)).save(buffer, format="PNG")
        image = NewsImage(title="Over")
        image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="over.png")
        with pytest.raises(ValidationError, match="too many pixels"):
            image.save()
    finally:
        Image.MAX_IMAGE_PIXELS = guard
    assert not NewsImage.objects.exists()


def test_an_oversized_stored_picture_is_not_decoded_for_readers(db, client):
    """A picture stored before the cap (or swapped on disk) must not be
    decoded during a reader's request, and the page still answers."""
    section = factories.make_section()
    article = factories.make_article(section, "A story with a stored bomb")
    image = article.lead_image
    with open(image.file.path, "wb") as handle:
        handle.write(bomb(7000))
    NewsRendition.objects.filter(image=image).delete()
    response = client.get(article.url)
    assert response.status_code == 200
    assert "A story with a stored bomb" in response.content.decode()
    assert not NewsRendition.objects.filter(image=image).exists()


def test_an_oversized_picture_by_its_dimensions_is_not_rendered(db, client):
    section = factories.make_section()
    article = factories.make_article(section, "Recorded as huge")
    NewsImage.objects.filter(pk=article.lead_image_id).update(width=9000, height=9000)
    NewsRendition.objects.filter(image_id=article.lead_image_id).delete()
    response = client.get(article.url)
    assert response.status_code == 200
    assert not NewsRendition.objects.filter(image_id=article.lead_image_id).exists()
