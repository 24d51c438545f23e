from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "masthead.accounts"
    label = "accounts"
    verbose_name = _("Accounts and sign-in security")

    def ready(self):
        from . import signal_handlers  # noqa: F401
