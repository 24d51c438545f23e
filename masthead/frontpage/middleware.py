"""The request's Wagtail site, from the cache instead of a query per request."""

from masthead.core.middleware import PRIVATE_PREFIXES

from .site_data import site_for_request, site_root_paths


class CachedSiteMiddleware:
    """Wagtail looks the site up once per request and keeps it on the request
    (`Site.find_for_request`); put the cached one there first, with its root
    page in specific form, so routing starts without a query, and the site
    root paths every page URL is built from (a cache read otherwise). After
    CommonMiddleware, so only allowed hosts get this far. The admin keeps
    Wagtail's own lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PRIVATE_PREFIXES):
            request._wagtail_site = site_for_request(request)
            request._wagtail_cached_site_root_paths = site_root_paths()
        return self.get_response(request)
