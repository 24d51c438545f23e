"""Cache-Control for the API's public, anonymous GET responses.

Every reader gets the same JSON, so shared caches (a CDN, the origin's hot page
cache) may keep it briefly. Views mark their successful responses; errors are
left to masthead.core.middleware.PublicCacheMiddleware (a 404 briefly
cacheable, a 400 never).
"""

from django.utils.cache import patch_cache_control, patch_vary_headers

MAX_AGE = 30
S_MAXAGE = 60
STALE_WHILE_REVALIDATE = 60


def cache_publicly(response) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=MAX_AGE,
        s_maxage=S_MAXAGE,
        stale_while_revalidate=STALE_WHILE_REVALIDATE,
    )
    patch_vary_headers(response, ("Accept-Encoding",))
