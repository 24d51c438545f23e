from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", views.manage, name="masthead_2fa"),
        path("two-factor/verify/", views.verify, name="masthead_2fa_verify"),
        path("two-factor/enrol/", views.enrol, name="masthead_2fa_enrol"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("masthead_2fa"),
        "label": _("Two-factor sign-in"),
        "help_text": _(
            "Sign in with a code from an authenticator app as well as your password."
        ),
    }
