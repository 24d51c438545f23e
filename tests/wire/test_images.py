"""Wire pictures: fetched safely, stored with caption and credit, or reported."""

import io

import pytest
from PIL import Image

from masthead.multimedia.models import NewsImage
from masthead.newsroom.models import ArticlePage
from masthead.wire.services import import_item

from .test_import import item3


@pytest.fixture(autouse=True)
def loopback_stands_in_for_the_internet(settings):
    """Wire pictures are fetched from public addresses only, whatever any
    switch says; in these tests the local picture server plays the internet
    (honoured only under the test suite's MASTHEAD_WIRE_OFFLINE)."""
    settings.MASTHEAD_WIRE_TEST_LOOPBACK_IS_PUBLIC = True


def png(size=(64, 48), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def with_picture(url, uri="urn:img:story", version="1", **extra):
    picture = {
        "name": "featureimage",
        "uri": "urn:img:picture",
        "type": "picture",
        "by": "Jane Photographer",
        "descriptions": [{"role": "caption", "value": "Boats on the river."}],
        "renditions": [
            {"name": "thumb", "href": url + "?thumb", "width": 100, "height": 60},
            {"name": "original", "href": url, "contenttype": "image/png"},
        ],
    }
    picture.update(extra)
    return item3(uri=uri, version=version, associations=[picture])


def run(item):
    return import_item(item=item, source="test", publish=True)


def test_a_wire_picture_becomes_the_lead_image(desk, wire_server, client):
    url = wire_server.add("/boats.png", png(), content_type="image/png")
    outcome = run(with_picture(url))
    assert outcome.action == "created", outcome.line()
    page = ArticlePage.objects.get(pk=outcome.page_id)
    image = page.lead_image
    assert image is not None
    assert (image.width, image.height) == (64, 48)
    assert image.caption == "Boats on the river."
    assert image.credit == "Jane Photographer"
    assert wire_server.hits == ["/boats.png"]  # the original, not the thumbnail
    html = client.get(page.url).content.decode()
    assert "Boats on the river." in html and "Jane Photographer" in html
    # The same picture in another story is stored once.
    again = run(with_picture(url, uri="urn:img:other"))
    assert ArticlePage.objects.get(pk=again.page_id).lead_image_id == image.pk
    assert NewsImage.objects.count() == 1


def test_a_version_1_association_object_is_read(desk, wire_server):
    url = wire_server.add("/v1.png", png(), content_type="image/png")
    item = {
        "uri": "urn:img:v1",
        "type": "text",
        "version": "1",
        "headline": "Old style",
        "body_text": "Body.",
        "associations": {
            "featureimage": {
                "type": "picture",
                "description_text": "Caption one",
                "byline": "Photo Desk",
                "renditions": {"original": {"href": url, "mimetype": "image/png"}},
            }
        },
    }
    outcome = run(item)
    page = ArticlePage.objects.get(pk=outcome.page_id)
    assert page.lead_image.caption == "Caption one"
    assert page.lead_image.credit == "Photo Desk"


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ("missing", "HTTP 404"),
        ("not-image", "not a picture"),
        ("svg", "not a picture"),
        ("huge", "too large"),
    ],
)
def test_a_failed_picture_leaves_the_story_imported_with_a_note(
    desk, wire_server, settings, setup, reason
):
    if setup == "missing":
        url = wire_server.base + "/missing.png"
    elif setup == "not-image":
        url = wire_server.add("/x.png", b"<html>hello</html>", content_type="image/png")
    elif setup == "svg":
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
        url = wire_server.add("/x.svg", svg, content_type="image/svg+xml")
    else:
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
        url = wire_server.add(
            "/big.png", png(size=(900, 900)), content_type="image/png"
        )
    outcome = run(with_picture(url))
    assert outcome.action == "created"
    assert any(reason in note for note in outcome.notes), outcome.notes
    assert ArticlePage.objects.get(pk=outcome.page_id).lead_image is None
    assert NewsImage.objects.count() == 0


def test_a_private_address_is_never_fetched(desk, settings):
    settings.MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS = False
    outcome = run(with_picture("http://169.254.169.254/latest/meta-data/x.png"))
    assert outcome.action == "created"
    assert any("refused" in note for note in outcome.notes), outcome.notes


def test_an_update_whose_picture_fails_keeps_the_old_picture(desk, wire_server):
    url = wire_server.add("/first.png", png(), content_type="image/png")
    first = run(with_picture(url))
    kept = ArticlePage.objects.get(pk=first.page_id).lead_image_id
    second = run(with_picture(wire_server.base + "/gone.png", version="2"))
    assert second.action == "updated"
    assert ArticlePage.objects.get(pk=first.page_id).lead_image_id == kept


def test_hostile_captions_are_plain_text(desk, wire_server):
    url = wire_server.add("/c.png", png(), content_type="image/png")
    item = with_picture(
        url,
        by="<script>alert(1)</script>Agency",
        descriptions=[{"role": "caption", "value": "<img src=x onerror=alert(2)>Cap"}],
    )
    page = ArticlePage.objects.get(pk=run(item).page_id)
    assert "<" not in page.lead_image.caption and "<" not in page.lead_image.credit


def test_a_decompression_bomb_is_not_imported(desk, wire_server):
    """A 12,000 x 12,000 PNG of a few KB: the story imports without it."""
    buffer = io.BytesIO()
    Image.new("L", (12000, 12000), 255).save(buffer, format="PNG", optimize=True)
    url = wire_server.add("/bomb.png", buffer.getvalue(), content_type="image/png")
    outcome = run(with_picture(url))
    assert outcome.action == "created"
    assert any("too many pixels" in note for note in outcome.notes), outcome.notes
    assert ArticlePage.objects.get(pk=outcome.page_id).lead_image is None
    assert NewsImage.objects.count() == 0
    # The note is in the ingest log the desk reads.
    from masthead.wire.polling import log_outcomes

    list(log_outcomes([(None, outcome)]))
    from masthead.wire.models import IngestLogEntry

    assert "too many pixels" in IngestLogEntry.objects.get(uri=outcome.uri).reason
