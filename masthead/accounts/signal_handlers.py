"""Security events (masthead.core.security_log): sign-ins, sign-outs, lockouts
and role changes, one JSON line each on the `masthead.security` logger."""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission

from masthead.core.security_log import security_event

from .middleware import current_actor, mark_signed_in
from .throttle import client_ip

User = get_user_model()
ROLE_FIELDS = ("is_superuser", "is_staff", "is_active")


def _ip(request) -> str:
    return client_ip(request) if request is not None else ""


def _setup_level(actor: str) -> int:
    """A role's permission set changed by a person in the admin is a warning;
    the same change made by setup code (`setup_roles`, the demo loader, which
    write dozens at a time) is debug detail: their own output says what ran."""
    return logging.WARNING if actor else logging.DEBUG


def _actor() -> str:
    request = current_actor.get()
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return user.get_username()


@receiver(user_logged_in, dispatch_uid="masthead_login_succeeded")
def login_succeeded(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_signed_in(request.session)
    security_event(
        "login.succeeded", level=logging.INFO, user=user.get_username(), ip=_ip(request)
    )


@receiver(user_login_failed, dispatch_uid="masthead_login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or credentials.get(User.USERNAME_FIELD)
    security_event(
        "login.failed",
        user=username or "",
        ip=_ip(request),
        locked_out=bool(getattr(request, "axes_locked_out", False)),
    )


@receiver(user_locked_out, dispatch_uid="masthead_lockout")
def locked_out(sender, request, username, ip_address, **kwargs):
    security_event("lockout", scope="login", user=username or "", ip=ip_address)


@receiver(user_logged_out, dispatch_uid="masthead_logout")
def logged_out(sender, request, user, **kwargs):
    security_event(
        "logout",
        level=logging.INFO,
        user=user.get_username() if user is not None else "",
        ip=_ip(request),
    )


# -- role changes ---------------------------------------------------------------


@receiver(pre_save, sender=User, dispatch_uid="masthead_user_flags_before")
def remember_flags(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or update_fields is not None and not set(update_fields) & set(ROLE_FIELDS):
        instance._masthead_flags = None  # e.g. last_login on sign-in
        return
    if instance.pk is None:
        instance._masthead_flags = None
        return
    before = sender.objects.filter(pk=instance.pk).values(*ROLE_FIELDS).first()
    instance._masthead_flags = before


@receiver(post_save, sender=User, dispatch_uid="masthead_user_flags_after")
def log_flag_changes(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_masthead_flags", None)
    if created:
        if instance.is_superuser or instance.is_staff:
            security_event(
                "role.changed",
                user=instance.get_username(),
                by=_actor(),
                change="created",
                is_superuser=instance.is_superuser,
                is_staff=instance.is_staff,
            )
        return
    if not before:
        return
    for field in ROLE_FIELDS:
        if before[field] != getattr(instance, field):
            security_event(
                "role.changed",
                user=instance.get_username(),
                by=_actor(),
                change=field,
                value=getattr(instance, field),
            )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="masthead_groups")
def log_group_membership(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if action == "pre_clear":
        # The members (or groups) about to be removed.
        pk_set = set(
            instance.user_set.values_list("pk", flat=True)
            if reverse
            else instance.groups.values_list("pk", flat=True)
        )
    if not pk_set:
        return
    change = "group.added" if action == "post_add" else "group.removed"
    if reverse:  # group.user_set changed
        users = User.objects.filter(pk__in=pk_set)
        for user in users:
            security_event(
                "role.changed",
                user=user.get_username(),
                by=_actor(),
                change=change,
                group=instance.name,
            )
    else:
        for group in Group.objects.filter(pk__in=pk_set).order_by("name"):
            security_event(
                "role.changed",
                user=instance.get_username(),
                by=_actor(),
                change=change,
                group=group.name,
            )


@receiver(
    m2m_changed, sender=Group.permissions.through, dispatch_uid="masthead_group_perms"
)
def log_group_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    codenames = sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(pk__in=pk_set or ()).select_related(
            "content_type"
        )
    )
    actor = _actor()
    security_event(
        "role.changed",
        level=_setup_level(actor),
        group=instance.name,
        by=actor,
        change="permissions." + action.split("_", 1)[1],
        permissions=codenames,
    )


@receiver(post_save, sender=GroupPagePermission, dispatch_uid="masthead_gpp_saved")
@receiver(post_delete, sender=GroupPagePermission, dispatch_uid="masthead_gpp_deleted")
def log_page_permissions(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures or a serialized database, not a change
        return
    group = Group.objects.filter(pk=instance.group_id).first()
    actor = _actor()
    security_event(
        "role.changed",
        level=_setup_level(actor),
        group=group.name if group else instance.group_id,
        by=actor,
        change="page_permission." + ("added" if "created" in kwargs else "removed"),
        permission=Permission.objects.filter(pk=instance.permission_id)
        .values_list("codename", flat=True)
        .first(),
        page=instance.page_id,
    )
