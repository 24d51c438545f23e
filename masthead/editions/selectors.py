"""Which edition a request is in, and the chrome every edition page shares."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation

from masthead.frontpage.models import HomePage


def edition_for_language(language_code: str | None = None) -> HomePage | None:
    language_code = (
        language_code or translation.get_language() or settings.LANGUAGE_CODE
    )
    editions = list(HomePage.objects.live().select_related("locale").order_by("path"))
    for edition in editions:
        if edition.locale.language_code == language_code:
            return edition
    return editions[0] if editions else None


def current_edition(request) -> HomePage | None:
    if not hasattr(request, "_masthead_edition"):
        request._masthead_edition = edition_for_language(
            getattr(request, "LANGUAGE_CODE", None)
        )
    return request._masthead_edition


def other_editions(edition: HomePage) -> list[HomePage]:
    """The other language editions of the same newsroom, for the header link."""
    if edition is None:
        return []
    return list(
        HomePage.objects.live()
        .filter(translation_key=edition.translation_key)
        .exclude(pk=edition.pk)
        .select_related("locale")
    )


def edition_now(edition: HomePage | None) -> datetime:
    zone = ZoneInfo(edition.time_zone if edition else settings.TIME_ZONE)
    return datetime.now(tz=zone)
