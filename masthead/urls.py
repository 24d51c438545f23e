from pathlib import Path

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.api.api import api
from masthead.multimedia.documents import serve_document
from masthead.syndication import urls as syndication_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own route of the same shape: adds the download-only,
    # sandboxed, private headers (Wagtail's view still checks privacy).
    path(
        "documents/<int:document_id>/<str:document_filename>",
        serve_document,
        name="masthead_document",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("", include(syndication_urls.site_patterns)),
]

if settings.MASTHEAD_SERVE_MEDIA:
    # Renditions only, as `masthead serve` does: original pictures (embargoed
    # or restricted ones too) and document files are never served as files.
    urlpatterns += [
        re_path(
            r"^media/images/(?P<path>.+)$",
            serve_file,
            {"document_root": Path(settings.MEDIA_ROOT) / "images"},
        ),
    ]

# Per edition: English at /, Bangla at /bn/.
urlpatterns += i18n_patterns(
    path("feeds/", include(syndication_urls.edition_patterns)),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
