"""A published story's picture renditions are made by a background task, so
its first readers do not wait for them (each is a resize and an encode)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.multimedia.models import NewsImage, NewsRendition
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting(monkeypatch):
    made = []
    generate = NewsImage.generate_rendition_file

    def count(self, filter, **kwargs):
        made.append((self.pk, filter.spec))
        return generate(self, filter, **kwargs)

    monkeypatch.setattr(NewsImage, "generate_rendition_file", count)
    return made


def test_a_published_story_is_shown_without_making_a_rendition(
    client, newsroom, settings, counting, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_PREPARE_RENDITIONS = True
    with django_capture_on_commit_callbacks(execute=True):
        story = factories.make_article(
            newsroom["economy"], "Exports rise for a third month", tags=["trade"]
        )
    image_id = story.lead_image_id
    prepared = {spec for pk, spec in counting if pk == image_id}
    assert len(prepared) == 11, prepared
    counting.clear()
    # The story page, its section's listing and its tag page (?page= passes
    # the page cache by), the feed's media: nothing more to make.
    for path in (story.url, "/economy/?page=1", "/tag/trade/", "/feeds/rss.xml"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"Exports rise for a third month" in response.content, path
    assert [spec for pk, spec in counting if pk == image_id] == []


def test_an_archive_story_waits_for_its_first_view(
    newsroom, settings, counting, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_PREPARE_RENDITIONS = True
    with django_capture_on_commit_callbacks(execute=True):
        story = factories.make_article(
            newsroom["economy"],
            "Looking back at the 1998 floods",
            published_at=timezone.now() - timedelta(days=400),
        )
    assert not NewsRendition.objects.filter(image_id=story.lead_image_id).exists()


def test_a_broken_picture_does_not_fail_the_publish(
    newsroom, settings, django_capture_on_commit_callbacks, caplog
):
    settings.MASTHEAD_PREPARE_RENDITIONS = True
    image = factories.make_image("Lost picture")
    image.file.storage.delete(image.file.name)  # the original went missing
    with django_capture_on_commit_callbacks(execute=True):
        story = factories.make_article(
            newsroom["economy"], "A story whose picture is gone", image=image
        )
    assert story.live
    assert "renditions of image" in caplog.text
