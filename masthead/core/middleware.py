"""Cache-Control for the reader site.

Public pages are the same for every anonymous reader, so they are marked
cacheable by shared caches (`s-maxage`, `stale-while-revalidate`). Anything
that depends on who is asking — the admin, previews, a logged-in editor's view,
a response that set a cookie or used the CSRF token — is marked private and
never stored, by us or by a CDN.
"""

from django.conf import settings
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
)

from . import surrogate

PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/api/v1/auth")


def request_is_anonymous(request) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and not request.META.get(
        "HTTP_AUTHORIZATION"
    )


def response_is_personal(request, response) -> bool:
    vary = response.headers.get("Vary", "")
    return bool(
        response.cookies
        or "cookie" in vary.lower()
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or request.META.get("CSRF_COOKIE_USED")
        or getattr(request, "is_preview", False)
    )


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        conf = settings.MASTHEAD_PAGE_CACHE
        self.public_directives = {
            "public": True,
            "max_age": conf["MAX_AGE"],
            "s_maxage": conf["S_MAXAGE"],
            "stale_while_revalidate": conf["STALE_WHILE_REVALIDATE"],
            "stale_if_error": conf["STALE_IF_ERROR"],
        }

    @staticmethod
    def name_keys(request, response) -> None:
        """What the response shows, for the page caches' purges by key: the
        hot cache and Fastly read Surrogate-Key, Varnish reads xkey."""
        if not response.has_header("Surrogate-Key"):
            keys = surrogate.header(request)
            response["Surrogate-Key"] = keys
            response["xkey"] = keys

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(PRIVATE_PREFIXES):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            return response
        if response.has_header("Cache-Control"):
            # The view decided.
            if "public" in response["Cache-Control"]:
                self.name_keys(request, response)
            return response
        if (
            request.method not in ("GET", "HEAD")
            or not request_is_anonymous(request)
            or response_is_personal(request, response)
        ):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            return response
        if response.status_code in (200, 203, 204, 300, 301, 308, 404, 410):
            directives = dict(self.public_directives)
            if response.status_code >= 400:
                directives["max_age"] = min(directives["max_age"], 30)
                directives["s_maxage"] = min(directives["s_maxage"], 60)
            patch_cache_control(response, **directives)
            patch_vary_headers(response, ("Accept-Encoding",))
            self.name_keys(request, response)
        else:
            add_never_cache_headers(response)
        return response
