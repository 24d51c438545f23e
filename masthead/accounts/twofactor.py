"""Who must sign in with a second factor, and the devices they use."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10


def can_publish(user) -> bool:
    """Superusers, and anyone in a role that publishes or with publish rights
    on any page (Chief editor, Section editor(s), Administrator)."""
    from wagtail.models import GroupPagePermission

    from masthead.newsroom.roles import ADMINISTRATOR, CHIEF_EDITOR, SECTION_EDITOR

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = set(user.groups.values_list("name", flat=True))
    if names & {ADMINISTRATOR, CHIEF_EDITOR}:
        return True
    if any(name.startswith(SECTION_EDITOR) for name in names):
        return True
    return GroupPagePermission.objects.filter(
        group__user=user, permission__codename="publish_page"
    ).exists()


def requires_2fa(user) -> bool:
    return bool(settings.MASTHEAD_2FA_REQUIRED) and can_publish(user)


def has_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (one per user, reused)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
    return device


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes; each works once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


@transaction.atomic
def remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
