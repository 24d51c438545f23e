"""What every reader page needs to know about the newsroom itself: the Wagtail
site, the live editions, the newsroom settings (with the logo), the footer
pages and each edition's section navigation.

Only an editor changes these, and what they change purges everything, so
they are kept under that purge version (`masthead.core.memo.versioned`)
instead of costing eight queries on every cold render.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from masthead.core.memo import versioned


def live_editions() -> list:
    """Every live edition front page, in tree order, with its locale."""
    from .models import HomePage

    return versioned(
        "editions",
        lambda: list(HomePage.objects.live().select_related("locale").order_by("path")),
    )


def _find_site(hostname: str, port: int) -> Site | None:
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    # Routing starts at the root page in its specific form: keep that one.
    site.root_page = site.root_page.specific
    return site


def site_for_request(request) -> Site | None:
    """The Wagtail site answering `request`, chosen as Site.find_for_request
    chooses it (host, then port, then the default site)."""
    # As Wagtail: the raw host (ALLOWED_HOSTS was checked by CommonMiddleware).
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    return versioned(
        f"wagtail-site:{hostname}:{port}", lambda: _find_site(hostname, port)
    )


def _ensure_logo_rendition(logo) -> None:
    """Make the publisher logo's rendition before the settings are cached.

    The cached copy carries the renditions prefetched when it was built. Were
    the logo's rendition missing then, every render would look only there,
    miss, and have Wagtail decode and resize the logo again (~12 ms a page).
    """
    from wagtail.images.models import SourceImageIOError

    from masthead.multimedia.renditions import LOGO_FILTER

    try:
        logo.get_rendition(LOGO_FILTER)
    except (OSError, ValueError, SourceImageIOError):
        pass  # publisher_logo() falls back to the shipped file


def _load_newsroom(site: Site | None) -> dict:
    from .models import NewsroomSettings

    if site is None:
        settings = NewsroomSettings()
    else:
        settings = NewsroomSettings.for_site(site)
    if settings.logo_id:
        # The logo and its renditions travel with the settings (JSON-LD
        # publisher, share image fallback).
        prefetch_related_objects([settings], "logo__renditions")
        _ensure_logo_rendition(settings.logo)
    footer_ids = [
        settings.about_page_id,
        settings.privacy_page_id,
        settings.comment_policy_page_id,
        settings.contact_page_id,
    ]
    pages = {
        p.pk: p for p in Page.objects.live().filter(pk__in=[i for i in footer_ids if i])
    }
    return {"settings": settings, "footer_ids": footer_ids, "footer_pages": pages}


def newsroom(site: Site | None) -> dict:
    """The site's NewsroomSettings, its footer page ids (in FOOTER_ROLES order)
    and the live footer pages by id."""
    return versioned(f"newsroom:{getattr(site, 'pk', 0)}", lambda: _load_newsroom(site))


def nav_sections(edition) -> list:
    """The edition's sections shown in menus, in tree order."""
    from masthead.newsroom.models import SectionPage

    if edition is None:
        return []
    return versioned(
        f"nav:{edition.pk}",
        lambda: list(
            SectionPage.objects.child_of(edition)
            .live()
            .filter(show_in_menus=True)
            .order_by("path")
        ),
    )


def site_root_paths() -> list:
    """Wagtail's site root paths, which it reads from the shared cache on
    every request (a Redis round trip); kept like the rest of the site
    data."""
    return versioned("root-paths", Site.get_site_root_paths)
