"""Documents: an upload size limit, and safe, private, streamed downloads.

Document files are never served from /media/ (see masthead/urls.py and
`granian_command`): only through Wagtail's document view, which checks the
collection's privacy. This wraps it so every answer is a download that cannot
run script or be sniffed into HTML, and is never kept by a shared cache or
the page cache.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.views.serve import serve

from masthead.core.forms import ControlFreeMixin

DOCUMENT_CSP = "default-src 'none'; sandbox"


def max_upload_size() -> int:
    return settings.MASTHEAD_DOCUMENT_MAX_UPLOAD_SIZE


class DocumentForm(ControlFreeMixin, BaseDocumentForm):
    """Wagtail's document form (single, multiple and chooser uploads) with a
    size limit (MASTHEAD_DOCUMENT_MAX_UPLOAD_SIZE), free of control characters."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit = max_upload_size()
        size = getattr(upload, "size", None)
        if limit and size is not None and size > limit:
            raise ValidationError(
                _(
                    "This file is too large (%(size)s). Documents may be at most "
                    "%(limit)s."
                ),
                code="file_too_large",
                params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
            )
        return upload


def serve_document(request, document_id, document_filename):
    """Wagtail's document view (privacy, ETag, streaming FileResponse), with
    download-only, sandboxed, private headers on whatever it answers."""
    response = serve(request, document_id, document_filename)
    if response.status_code == 200:
        response["Content-Security-Policy"] = DOCUMENT_CSP
        response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_cache=True)
    return response
