"""The reader site's `{% picture %}` renders as Wagtail's and parses its
filters once per template."""

import pytest
from django.template import engines
from wagtail.images.models import Filter

from tests.factories import make_image

pytestmark = pytest.mark.django_db

TAG = (
    '{% picture image format-{webp,jpeg} width-{64,128} sizes="50vw" '
    'alt="A river" class="media" %}'
)


def render(library, image):
    template = engines["django"].from_string("{% load " + library + " %}" + TAG)
    return template, template.render({"image": image})


def test_picture_renders_as_wagtails():
    image = make_image()
    _template, ours = render("multimedia_tags", image)
    _template, wagtails = render("wagtailimages_tags", image)
    assert "<picture>" in ours and 'alt="A river"' in ours
    assert ours == wagtails


def test_picture_filters_are_parsed_once_per_template(monkeypatch):
    image = make_image()
    template, first = render("multimedia_tags", image)
    made = []
    original = Filter.__init__

    def counting_init(self, spec=None):
        made.append(spec)
        original(self, spec)

    monkeypatch.setattr(Filter, "__init__", counting_init)
    assert template.render({"image": image}) == first
    assert made == []
