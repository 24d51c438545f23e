"""Admin views of the wire desk: asking for a source to be polled now.

*Poll now* never fetches inside the request (a slow feed would tie up a web
worker for the length of its deadline): it makes the source due at once, and
the scheduler's wire lane polls it on its next tick.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .models import WireSource

DEFAULT_TICK = 30


def poll_tick_seconds() -> int:
    """How often the scheduler looks for due wire sources."""
    from masthead.core import scheduler

    for job in scheduler.DEFAULT_JOBS:
        if getattr(job, "name", "") == "poll_wire_sources":
            return max(1, round(job.interval))
    return DEFAULT_TICK


@require_http_methods(["GET", "POST"])
def poll_now(request, pk: int):
    if not request.user.has_perm("wire.change_wiresource"):
        raise PermissionDenied
    source = get_object_or_404(WireSource, pk=pk)
    if request.method == "POST":
        if not source.enabled:
            messages.warning(
                request,
                _("“%(name)s” is disabled: enable it to have it polled.")
                % {"name": source.name},
            )
            return redirect("wire_sources:index")
        WireSource.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
        messages.success(
            request,
            _("“%(name)s” is queued, will be polled within %(seconds)d seconds.")
            % {"name": source.name, "seconds": poll_tick_seconds()},
        )
        return redirect("wire_sources:index")
    return TemplateResponse(
        request,
        "wire/admin/poll_now.html",
        {
            "source": source,
            "seconds": poll_tick_seconds(),
            "header_title": _("Poll %(name)s") % {"name": source.name},
        },
    )
