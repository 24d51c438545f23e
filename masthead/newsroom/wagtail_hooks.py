"""Newsroom admin additions: the "Withdraw" action and its history entry; the
move confirmation page checks the move's permissions (see permissions.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import views
from .models import ArticlePage


class WithdrawButton(PageMenuItem):
    label = _("Withdraw")
    icon_name = "warning"

    @property
    def url(self):
        return reverse("masthead_withdraw", args=[self.page.pk])

    def is_shown(self, user):
        page = self.page
        return (
            page.specific_class is ArticlePage
            and (page.live or page.go_live_at is not None)
            and page.permissions_for_user(user).can_publish()
        )


@hooks.register("register_admin_urls")
def withdraw_urls():
    return [
        path(
            "newsroom/withdraw/<int:page_id>/",
            views.withdraw,
            name="masthead_withdraw",
        )
    ]


@hooks.register("register_admin_urls")
def translate_urls():
    # The same address as simple_translation's own view, registered first
    # (this app comes before it in INSTALLED_APPS), so "Translate" reaches it.
    return [
        path(
            "translation/submit/page/<int:page_id>/",
            views.TranslateStoryView.as_view(),
            name="masthead_translate_page",
        )
    ]


@hooks.register("register_page_header_buttons")
def withdraw_header_button(page, user, view_name, next_url=None):
    yield WithdrawButton(page=page, priority=62)


@hooks.register("register_page_listing_more_buttons")
def withdraw_listing_button(page, user, next_url=None):
    yield WithdrawButton(page=page, priority=42)


@hooks.register("register_log_actions")
def withdraw_log_action(actions):
    actions.register_action(
        "masthead.withdraw", _("Withdraw"), _("Story withdrawn (killed)")
    )
    actions.register_action(
        "masthead.restore", _("Restore"), _("Withdrawn story restored")
    )


@hooks.register("before_move_page")
def check_move(request, page, destination):
    """Wagtail checks a move only when it is posted, and its confirmation page
    opens for anyone: refuse both unless the move is allowed."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None
