from django.utils.functional import SimpleLazyObject

from .selectors import chrome as build_chrome


def chrome(request):
    """`chrome`: header and footer data, computed only when a template uses it
    (lazily, so the admin's own pages never pay for it; a 404 under /admin/
    renders the site's 404 page, which does)."""
    if request.path_info.startswith("/api/"):
        return {}
    return {"chrome": SimpleLazyObject(lambda: build_chrome(None, request))}
