from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .dashboard import dashboard_context

DASHBOARD_PERMISSION = "audience.view_dashboard"


def dashboard(request):
    """Top stories by window and section, views against reads (sub-editors
    and above, see masthead.newsroom.roles)."""
    if not request.user.has_perm(DASHBOARD_PERMISSION):
        raise PermissionDenied
    context = dashboard_context(request.GET)
    context["header_title"] = _("Audience")
    return TemplateResponse(request, "audience/admin/dashboard.html", context)
