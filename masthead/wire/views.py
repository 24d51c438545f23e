"""Admin views of the wire desk: polling a source now."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .models import WireSource
from .polling import poll_source


@require_http_methods(["GET", "POST"])
def poll_now(request, pk: int):
    if not request.user.has_perm("wire.change_wiresource"):
        raise PermissionDenied
    source = get_object_or_404(WireSource, pk=pk)
    if request.method == "POST":
        result = poll_source(source)
        messages.success(
            request,
            _("Polled “%(name)s”: %(result)s")
            % {"name": source.name, "result": result},
        )
        return redirect("wire_ingest_log:index")
    return TemplateResponse(
        request,
        "wire/admin/poll_now.html",
        {"source": source, "header_title": _("Poll %(name)s") % {"name": source.name}},
    )
