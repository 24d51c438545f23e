"""robots.txt, OpenSearch and the sitemaps.

Every response here is the same for every reader: nothing reads the session or
the CSRF token (templates that need no request are rendered without it), so
PublicCacheMiddleware marks them public and the hot cache can keep them.
"""

from __future__ import annotations

import functools
from datetime import timedelta
from pathlib import Path

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from masthead.editions import selectors as editions
from masthead.frontpage.models import HomePage
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.selectors import reader_visible

from . import common
from .sitemaps import build_sitemaps, page_path

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000
XML = "application/xml; charset=utf-8"


FAVICON = Path(__file__).resolve().parents[1] / "frontpage/static/masthead/favicon.ico"
FAVICON_MAX_AGE = 7 * 86400


@functools.cache
def favicon_bytes() -> bytes:
    return FAVICON.read_bytes()


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page's <link rel=icon>
    says: the same small icon, cached for a week."""
    response = HttpResponse(favicon_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=FAVICON_MAX_AGE)
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /*/search/",
        "",
        "Sitemap: " + common.absolute(request, reverse("syndication_sitemap_index")),
        "Sitemap: " + common.absolute(request, reverse("syndication_news_sitemap")),
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def search_template(request, edition) -> str:
    """The edition's search URL with OpenSearch's `{searchTerms}` placeholder."""
    try:
        route = edition.reverse_subpage("search")
    except Exception:  # noqa: BLE001 - the route may not exist on older pages
        route = "search/"
    return common.absolute(request, edition.get_url(request) + route) + (
        "?q={searchTerms}"
    )


@require_safe
def opensearch(request):
    edition = editions.current_edition(request)
    if edition is None:
        raise Http404("No edition.")
    newsroom = common.newsroom_settings_for(request)
    language = edition.locale.language_code
    from .seo import opensearch_url

    body = render_to_string(
        "syndication/opensearch.xml",
        {
            "short_name": newsroom.publisher_name[:16],
            "long_name": f"{newsroom.publisher_name} ({edition.edition_name})"[:48],
            "description": (
                f"Search {newsroom.publisher_name} ({edition.edition_name})"
            )[:1024],
            "template": search_template(request, edition),
            "self_url": common.absolute(request, opensearch_url(language)),
            "home_url": common.absolute(request, edition.get_url(request)),
            "language": language,
            "logo": common.publisher_logo(request, newsroom),
        },
    )
    return HttpResponse(
        body, content_type="application/opensearchdescription+xml; charset=utf-8"
    )


@require_safe
def sitemap_index(request):
    """The index of every non-empty sitemap file, with its newest change."""
    entries = []
    for name, sitemap in build_sitemaps().items():
        paginator = sitemap.paginator
        if paginator.count == 0:
            continue
        location = common.absolute(
            request, reverse("syndication_sitemap", kwargs={"section": name})
        )
        lastmod = sitemap.get_latest_lastmod()
        for number in paginator.page_range:
            suffix = f"?p={number}" if number > 1 else ""
            entries.append({"location": location + suffix, "lastmod": lastmod})
    body = render_to_string("syndication/sitemap_index.xml", {"sitemaps": entries})
    return HttpResponse(body, content_type=XML)


@require_safe
def sitemap(request, section):
    sitemaps = build_sitemaps()
    found = sitemaps.get(section)
    if found is None or found.paginator.count == 0:
        raise Http404("No such sitemap.")
    response = sitemap_views.sitemap(
        request,
        sitemaps={section: found},
        section=section,
        template_name="syndication/sitemap.xml",
        content_type=XML,
    )
    return response.render()


def news_articles(now=None):
    """Live stories of the last 48 hours, every edition, newest first."""
    now = now or timezone.now()
    return list(
        reader_visible(ArticlePage.objects.live())
        .filter(published_at__gte=now - NEWS_WINDOW, published_at__lte=now)
        .select_related("locale")
        .only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "locale__language_code",
            "first_published_at",
            "display_published_at",
            "published_at",
        )
        .order_by("-published_at", "-pk")[:NEWS_LIMIT]
    )


@require_safe
def news_sitemap(request):
    """Google News sitemap: the last 48 hours, at most 1000 stories."""
    newsroom = common.newsroom_settings_for(request)
    zones = {
        home.locale_id: home.time_zone
        for home in HomePage.objects.live().only("locale_id", "time_zone")
    }
    urls = []
    for article in news_articles():
        path = page_path(article)
        if not path:
            continue
        urls.append(
            {
                "location": common.absolute(request, path),
                "language": article.locale.language_code,
                "published": common.local_iso(
                    article.shown_published_at, zones.get(article.locale_id)
                ),
                "title": article.title,
            }
        )
    body = render_to_string(
        "syndication/news_sitemap.xml",
        {"urls": urls, "publication": newsroom.publisher_name},
    )
    return HttpResponse(body, content_type=XML)
