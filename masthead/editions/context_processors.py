from django.utils.functional import SimpleLazyObject


def edition(request):
    """`chrome`: header and footer data, computed only when a template uses it."""

    def build():
        from masthead.frontpage.selectors import chrome

        return chrome(None, request)

    if request.path_info.startswith(("/admin/", "/api/")):
        return {}
    return {"chrome": SimpleLazyObject(build)}
