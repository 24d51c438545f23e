"""WSGI entry point for `masthead serve`: the hot page cache in front of Django."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.production")

django_application = get_wsgi_application()

from masthead.core.hotcache import HotPageCache  # noqa: E402

application = HotPageCache(django_application)
