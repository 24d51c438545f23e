"""Activate the edition's language from the URL alone.

Django's LocaleMiddleware also consults Accept-Language and cookies and then
adds `Vary: Accept-Language`, which splits every shared cache entry by browser.
An edition is chosen by its URL (`/` English, `/bn/` Bangla), so the language is
a function of the path and the response varies on nothing else.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_from_path


class EditionLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Only for this request: the thread serves the next one, or a page
        # refresh, in whatever language that asks for.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
