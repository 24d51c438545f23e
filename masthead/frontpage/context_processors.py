from django.utils.functional import SimpleLazyObject

from .selectors import chrome as build_chrome


def chrome(request):
    """`chrome`: header and footer data, computed only when a template uses it."""
    if request.path_info.startswith(("/admin/", "/api/")):
        return {}
    return {"chrome": SimpleLazyObject(lambda: build_chrome(None, request))}
