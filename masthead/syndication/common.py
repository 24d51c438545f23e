"""Helpers shared by feeds, sitemaps, the SEO head and JSON-LD.

Everything a crawler or feed reader gets is an absolute URL: on
MASTHEAD_BASE_URL when it is set (never the request's Host header, whose port
or host a client chooses), else on the request's own scheme and host.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.templatetags.static import static
from django.utils import timezone

from masthead.core.slugs import MAX_SLUG_LENGTH, clean_slug  # noqa: F401
from masthead.multimedia.renditions import LOGO_FILTER, SHARE_IMAGE_FILTER

STATIC_LOGO = "masthead/img/logo.png"
STATIC_LOGO_SIZE = (600, 60)

OG_LOCALES = {"en": "en_US", "bn": "bn_BD"}


def base_url() -> str:
    """MASTHEAD_BASE_URL without a trailing slash ("" when not set)."""
    return (getattr(settings, "MASTHEAD_BASE_URL", "") or "").rstrip("/")


def absolute(request, url: str | None) -> str:
    if not url:
        return ""
    base = base_url()
    if base:
        if urlsplit(url).scheme:
            return url  # already absolute (another site's root URL)
        if url.startswith("//"):
            return urlsplit(base).scheme + ":" + url
        current = request.path if request is not None else "/"
        return urljoin(base + current, url)
    if request is None:
        return url
    return request.build_absolute_uri(url)


class BaseURLSitemap(Sitemap):
    """A sitemap whose locations use MASTHEAD_BASE_URL when it is set (Django
    otherwise takes the host, port included, from the request)."""

    def get_protocol(self, protocol=None):
        base = base_url()
        return urlsplit(base).scheme if base else super().get_protocol(protocol)

    def get_domain(self, site=None):
        base = base_url()
        if base:
            parts = urlsplit(base)
            return parts.netloc + parts.path
        return super().get_domain(site)


@dataclass(frozen=True, slots=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str = ""
    caption: str = ""
    credit: str = ""
    mime_type: str = "image/jpeg"


def share_image(request, image, *, alt="", caption="", credit="") -> ShareImage | None:
    """The 1200×630 JPEG rendition of `image`, with an absolute URL."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(SHARE_IMAGE_FILTER)
    except (OSError, ValueError):  # a missing or unreadable original
        return None
    return ShareImage(
        url=absolute(request, rendition.url),
        width=rendition.width,
        height=rendition.height,
        alt=alt or getattr(image, "default_alt_text", "") or image.title,
        caption=caption,
        credit=credit,
    )


def article_share_image(request, article) -> ShareImage | None:
    if not article.lead_image_id:
        return None
    image = article.lead_image
    return share_image(
        request,
        image,
        alt=image.default_alt_text,
        caption=article.image_caption,
        credit=article.image_credit,
    )


def publisher_logo(request, newsroom_settings) -> ShareImage:
    """The publisher's logo: the one in the settings, else the shipped file."""
    logo = getattr(newsroom_settings, "logo", None)
    if logo is not None:
        try:
            rendition = logo.get_rendition(LOGO_FILTER)
            return ShareImage(
                url=absolute(request, rendition.url),
                width=rendition.width,
                height=rendition.height,
                alt=getattr(newsroom_settings, "publisher_name", ""),
                mime_type="image/png",
            )
        except (OSError, ValueError):
            pass
    width, height = STATIC_LOGO_SIZE
    return ShareImage(
        url=absolute(request, static(STATIC_LOGO)),
        width=width,
        height=height,
        alt=getattr(newsroom_settings, "publisher_name", ""),
        mime_type="image/png",
    )


def local_iso(moment: datetime | None, time_zone: str | None = None) -> str:
    """ISO 8601 with the edition's offset, to the second: 2025-03-01T09:30:00+06:00."""
    if moment is None:
        return ""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    zone = ZoneInfo(time_zone or settings.TIME_ZONE)
    return moment.astimezone(zone).replace(microsecond=0).isoformat()


def newsroom_settings_for(request):
    from masthead.frontpage.models import NewsroomSettings

    if request is not None:
        return NewsroomSettings.for_request(request)
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return NewsroomSettings.for_site(site) if site else NewsroomSettings()
