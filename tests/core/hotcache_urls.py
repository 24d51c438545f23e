"""Test-only views for the hot page cache's rules (tests/core/test_hotcache_rules.py).

Each view stands for a response no real page sends today but a future view or
middleware could: one that calls itself public yet sets a cookie, reads the
session, streams, shows a draft outside /admin/, or carries a contradictory
Cache-Control. Every body carries
a fresh serial number, so a test sees whether a response was rendered anew or
answered from the cache. The site's own routes follow, unchanged.
"""

import itertools

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path
from django.utils.cache import patch_cache_control
from wagtail.models import Page

from masthead import urls as site_urls

_serial = itertools.count(1)


def fresh_body() -> str:
    return f"<p>rendered #{next(_serial)}</p>"


def marked(cache_control: str):
    """A page whose view writes its own Cache-Control (PublicCacheMiddleware
    leaves a view's decision alone)."""

    def view(request):
        response = HttpResponse(fresh_body())
        response["Cache-Control"] = cache_control
        return response

    return view


def public_with_cookie(request):
    response = HttpResponse(fresh_body())
    patch_cache_control(response, public=True, max_age=60)
    response.set_cookie("edition", "bn")
    return response


def sets_a_cookie(request):
    response = HttpResponse(fresh_body())
    response.set_cookie("edition", "bn")
    return response


def public_reading_the_session(request):
    request.session.get("edition")  # SessionMiddleware adds Vary: Cookie
    response = HttpResponse(fresh_body())
    patch_cache_control(response, public=True, max_age=60)
    return response


def reads_the_session(request):
    request.session.get("edition")
    return HttpResponse(fresh_body())


def shared_preview(request, page_id):
    """A draft shown outside /admin/ (a share link, as wagtail-sharing and
    headless previews do): Wagtail's own preview handler, which marks its
    response private, is not involved; only `request.is_preview` says what it
    is."""
    page = Page.objects.get(pk=page_id).get_latest_revision_as_object()
    request.is_preview = True
    request.preview_mode = page.default_preview_mode
    return page.serve_preview(request, page.default_preview_mode)


def fails(request):
    raise RuntimeError("a bug in a view")


def streamed_live_blog(request):
    def updates():
        yield fresh_body()
        yield "<p>more</p>"

    return StreamingHttpResponse(updates(), content_type="text/html; charset=utf-8")


urlpatterns = [
    path(
        "rules/public-and-private/",
        marked("public, max-age=60, private"),
    ),
    path(
        "rules/public-and-no-store/",
        marked("public, max-age=60, no-store"),
    ),
    path("rules/public-with-cookie/", public_with_cookie),
    path("rules/sets-a-cookie/", sets_a_cookie),
    path("rules/public-reading-the-session/", public_reading_the_session),
    path("rules/reads-the-session/", reads_the_session),
    path("rules/shared-preview/<int:page_id>/", shared_preview),
    path("rules/fails/", fails),
    path("rules/live-blog/", streamed_live_blog),
    *site_urls.urlpatterns,
]
