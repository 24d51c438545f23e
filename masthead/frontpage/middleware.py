"""The request's Wagtail site, from the cache instead of a query per request."""

from masthead.core.middleware import PRIVATE_PREFIXES

from .site_data import site_for_request


class CachedSiteMiddleware:
    """Wagtail looks the site up once per request and keeps it on the request
    (`Site.find_for_request`); put the cached one there first, with its root
    page in specific form, so routing starts without a query. After
    CommonMiddleware, so only allowed hosts get this far. The admin keeps
    Wagtail's own lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PRIVATE_PREFIXES):
            request._wagtail_site = site_for_request(request)
        return self.get_response(request)
