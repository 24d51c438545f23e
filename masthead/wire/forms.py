"""The wire source form of the admin."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from masthead.newsroom.roles import ADMINISTRATOR, CHIEF_EDITOR

PRIVATE_HOSTS_ROLES = (ADMINISTRATOR, CHIEF_EDITOR)


def may_allow_private_hosts(user) -> bool:
    """Only administrators and the chief editor may let a source reach the
    newsroom's own network, even if others were given the right to edit
    sources."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=PRIVATE_HOSTS_ROLES).exists()


class WireSourceForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "allow_private_hosts" in self.fields and not may_allow_private_hosts(
            self.for_user
        ):
            del self.fields["allow_private_hosts"]  # the stored value is kept

    def clean_allow_private_hosts(self):
        allowed = self.cleaned_data.get("allow_private_hosts", False)
        operator = getattr(settings, "MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS", False)
        if allowed and not operator:
            raise ValidationError(
                _(
                    "The operator has not allowed private addresses on this "
                    "installation (MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS is off)."
                ),
                code="private_hosts_off",
            )
        return allowed
