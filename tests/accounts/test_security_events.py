"""Security events as one JSON object per line on `masthead.security`."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_successful_and_failed_sign_ins_and_sign_outs(client, editor, security_log):
    client.post(
        "/admin/login/",
        {"username": "editor", "password": "nope"},
        REMOTE_ADDR="203.0.113.9",
    )
    client.post(
        "/admin/login/",
        {"username": "editor", "password": "right-horse-battery"},
        REMOTE_ADDR="203.0.113.9",
    )
    client.post("/admin/logout/", REMOTE_ADDR="203.0.113.9")
    failed = security_log.named("login.failed")
    assert failed[0]["user"] == "editor"
    assert failed[0]["ip"] == "203.0.113.9"
    assert "nope" not in str(security_log.events)  # never the password
    assert security_log.named("login.succeeded")[0]["user"] == "editor"
    assert security_log.named("logout")[0]["user"] == "editor"


def test_lockout_is_logged(client, editor, security_log):
    for _ in range(10):
        client.post("/admin/login/", {"username": "editor", "password": "x"})
    [event] = security_log.named("lockout")
    assert event["user"] == "editor"
    assert event["scope"] == "login"


def test_permission_denials_in_the_admin_are_logged(
    client, django_user_model, security_log
):
    reporter = django_user_model.objects.create_user("reporter", password="pw-12345")
    reporter.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reporter)
    response = client.get("/admin/users/")
    assert response.status_code in (302, 403)
    [event] = security_log.named("permission.denied")
    assert event["user"] == "reporter"
    assert event["path"] == "/admin/users/"


def test_role_changes_are_logged_with_who_made_them(
    client, editor, django_user_model, security_log
):
    sub = django_user_model.objects.create_user("sub", password="pw-12345")
    chief = Group.objects.create(name="Chief editor (test)")
    sub.groups.add(chief)
    sub.is_superuser = True
    sub.save()
    chief.permissions.add(Permission.objects.get(codename="access_admin"))
    changes = {
        (e.get("user"), e.get("group"), e["change"])
        for e in security_log.named("role.changed")
    }
    assert ("sub", "Chief editor (test)", "group.added") in changes
    assert ("sub", None, "is_superuser") in changes
    assert (None, "Chief editor (test)", "permissions.add") in changes

    # Through the admin: the acting user is named.
    client.force_login(editor)
    response = client.post(
        f"/admin/users/edit/{sub.pk}/",
        {
            "username": "sub",
            "email": "sub@example.com",
            "first_name": "Sub",
            "last_name": "Editor",
            "is_active": "on",
            "groups": [],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    removed = [
        e for e in security_log.named("role.changed") if e["change"] == "group.removed"
    ]
    assert removed and removed[0]["by"] == "editor"


@override_settings(MASTHEAD_2FA_REQUIRED=True)
def test_a_wrong_second_factor_code_is_logged(client, editor, security_log):
    from masthead.accounts.twofactor import pending_totp_device

    device = pending_totp_device(editor)
    device.confirmed = True
    device.save()
    client.force_login(editor)
    client.post("/admin/two-factor/verify/", {"code": "000000"})
    [event] = security_log.named("otp.failed")
    assert event["user"] == "editor"
