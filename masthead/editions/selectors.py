"""Which edition a request is in.

An edition is a front page per language: the site root and its translations.
Its page model belongs to the front-page app; this app reaches it only through
the ``MASTHEAD_EDITION_PAGE_MODEL`` setting (as Wagtail reaches the image model
through ``WAGTAILIMAGES_IMAGE_MODEL``), so the apps that ask "which edition?"
(wire, syndication) need not know who renders front pages, and the front-page
app, which answers the question on its model, need not know about this one.

The model provides ``for_language(code)`` and ``for_request(request)``
(cached on the request, like Wagtail's ``BaseSiteSetting.for_request``).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from wagtail.models import Page


def edition_page_model() -> type[Page]:
    return apps.get_model(settings.MASTHEAD_EDITION_PAGE_MODEL)


def edition_for_language(language_code: str | None = None) -> Page | None:
    """The live edition in `language_code` (or the active language), else the
    first edition."""
    return edition_page_model().for_language(language_code)


def current_edition(request) -> Page | None:
    """The edition the request's URL is in, looked up once per request."""
    return edition_page_model().for_request(request)
