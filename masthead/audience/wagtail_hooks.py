from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.DASHBOARD_PERMISSION)


@hooks.register("register_admin_urls")
def audience_urls():
    return [path("audience/", views.dashboard, name="masthead_audience")]


@hooks.register("register_reports_menu_item")
def audience_menu_item():
    return DashboardMenuItem(
        _("Audience"), reverse("masthead_audience"), icon_name="view", order=50
    )
