"""Core admin additions: Reports > Scheduler and Reports > Background tasks,
and a warning on the dashboard when no server runs scheduled publishing."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .views import SchedulerStatusView, TaskQueueView, scheduler_state


@hooks.register("register_admin_urls")
def scheduler_urls():
    return [
        path(
            "reports/scheduler/",
            SchedulerStatusView.as_view(),
            name="masthead_scheduler",
        ),
        path("reports/tasks/", TaskQueueView.as_view(), name="masthead_tasks"),
    ]


@hooks.register("register_reports_menu_item")
def scheduler_menu_item():
    return MenuItem(
        _("Scheduler"), reverse("masthead_scheduler"), icon_name="time", order=900
    )


@hooks.register("register_reports_menu_item")
def tasks_menu_item():
    return MenuItem(
        _("Background tasks"), reverse("masthead_tasks"), icon_name="cogs", order=910
    )


class SchedulerPanel(Component):
    name = "masthead_scheduler"
    order = 10

    def __init__(self, state):
        self.state = state

    def render_html(self, parent_context=None):
        return render_to_string("core/admin/scheduler_panel.html", self.state)


@hooks.register("construct_homepage_panels")
def scheduler_panel(request, panels):
    state = scheduler_state()
    if not state["running"]:
        panels.insert(0, SchedulerPanel(state))
