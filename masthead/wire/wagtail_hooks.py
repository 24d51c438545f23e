"""The wire desk in the Wagtail admin: sources to poll and the ingest log."""

from django.forms import modelform_factory
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import views
from .forms import WireSourceForm
from .models import IngestLogEntry, WireSource


class WireSourceIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("wire.change_wiresource"):
            buttons.append(
                MenuItem(
                    _("Poll now"),
                    url=reverse("masthead_wire_poll", args=[instance.pk]),
                    icon_name="download",
                    priority=5,
                )
            )
        return buttons


class WireSourceViewSet(ModelViewSet):
    model = WireSource
    index_view_class = WireSourceIndexView
    name = "wire_sources"
    url_prefix = "wire/sources"
    icon = "download"
    menu_label = _("Wire sources")
    form_fields = [
        "name",
        "location",
        "format",
        "poll_interval",
        "section",
        "auto_publish",
        "may_update",
        "allow_private_hosts",
        "enabled",
    ]
    list_display = [
        "name",
        "location",
        "enabled",
        "auto_publish",
        "last_polled_at",
        "last_result",
    ]
    list_filter = ["enabled", "format", "auto_publish"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        # WireSourceForm knows the user: "allow private addresses" is only
        # for administrators and the chief editor.
        return modelform_factory(
            self.model,
            form=WireSourceForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.get_form_fields(),
        )


class IngestLogViewSet(ModelViewSet):
    """Read-only: what became of each wire item, newest first."""

    model = IngestLogEntry
    name = "wire_ingest_log"
    url_prefix = "wire/log"
    icon = "list-ul"
    menu_label = _("Ingest log")
    list_display = ["created_at", "action", "label", "uri", "reason", "source", "page"]
    list_filter = ["action", "source"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in (
            "add_url_name",
            "edit_url_name",
            "delete_url_name",
            "copy_url_name",
        ):
            view_kwargs[name] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


class WireViewSetGroup(ViewSetGroup):
    items = (WireSourceViewSet, IngestLogViewSet)
    menu_label = _("Wire")
    menu_icon = "download"
    menu_order = 250


@hooks.register("register_admin_viewset")
def register_wire_viewsets():
    return WireViewSetGroup()


@hooks.register("register_admin_urls")
def wire_urls():
    return [
        path("wire/sources/poll/<int:pk>/", views.poll_now, name="masthead_wire_poll")
    ]
