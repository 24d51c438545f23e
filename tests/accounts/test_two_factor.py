"""Two-factor sign-in (django-otp TOTP) for editors who can publish."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("two_factor_required"),
]


@pytest.fixture
def two_factor_required():
    with override_settings(MASTHEAD_2FA_REQUIRED=True):
        yield


def code_for(device: TOTPDevice) -> str:
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def staff(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username, password="pw-12345")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def test_a_publisher_without_a_device_must_enrol_first(client, editor):
    client.force_login(editor)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/enrol/?next=%2Fadmin%2Fpages%2F"

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html  # the QR code, inline
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = re.search(r'class="masthead-secret">([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) >= 32

    wrong = client.post(response["Location"], {"code": "123456"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code slows the next try by a second
    done = client.post(
        response["Location"], {"code": code_for(device), "next": "/admin/pages/"}
    )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/pages/").status_code == 200


def test_a_signed_in_user_with_a_device_must_enter_a_code(client, editor):
    device = confirmed_device(editor)
    # The whole sign-in: password, then code.
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "right-horse-battery", "next": "/admin/"},
    )
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/verify/")
    # Enrolling another authenticator needs this one first.
    assert client.get("/admin/two-factor/enrol/")["Location"].startswith(
        "/admin/two-factor/verify/"
    )
    wrong = client.post("/admin/two-factor/verify/", {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # a wrong code slows the next try by a second
    ok = client.post(
        "/admin/two-factor/verify/", {"code": code_for(device), "next": "/admin/"}
    )
    assert ok.status_code == 302
    assert ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once(client, editor):
    from masthead.accounts.twofactor import new_backup_codes

    confirmed_device(editor)
    codes = new_backup_codes(editor)
    client.force_login(editor)
    client.post("/admin/two-factor/verify/", {"code": codes[0]})
    assert client.get("/admin/").status_code == 200

    other = client.__class__()
    other.force_login(editor)
    other.post("/admin/two-factor/verify/", {"code": codes[0]})
    assert other.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    ("groups", "required"),
    [
        (("Reporter",), False),
        (("Sub-editor",), False),
        (("Section editor: Sports",), True),
        (("Chief editor",), True),
        (("Administrator",), True),
    ],
)
def test_who_must_use_a_second_factor(client, django_user_model, groups, required):
    user = staff(django_user_model, "someone", *groups)
    client.force_login(user)
    response = client.get("/admin/")
    if required:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/two-factor/enrol/")
    else:
        assert response.status_code == 200


def test_anyone_with_publish_rights_on_a_page_must_use_it(client, django_user_model):
    from wagtail.models import GroupPagePermission, Page

    desk = Group.objects.create(name="Night desk")
    GroupPagePermission.objects.create(
        group=desk,
        page=Page.objects.get(depth=1),
        permission=Permission.objects.get(codename="publish_page"),
    )
    user = staff(django_user_model, "night", "Night desk")
    client.force_login(user)
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/enrol/")


def test_an_optional_user_can_turn_it_on_from_the_account_menu(
    client, django_user_model
):
    reporter = staff(django_user_model, "reporter", "Reporter")
    client.force_login(reporter)
    account = client.get("/admin/account/").content.decode()
    assert "/admin/two-factor/" in account
    assert (
        "Two-factor sign-in is off."
        in client.get("/admin/two-factor/").content.decode()
    )
    client.get("/admin/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=reporter)
    client.post("/admin/two-factor/enrol/", {"code": code_for(device)})
    assert (
        "Two-factor sign-in is on." in client.get("/admin/two-factor/").content.decode()
    )

    # From now on, a new sign-in asks for the code.
    other = client.__class__()
    other.force_login(reporter)
    assert other.get("/admin/")["Location"].startswith("/admin/two-factor/verify/")


def test_reader_pages_do_not_ask_for_a_code(client, editor):
    confirmed_device(editor)
    client.force_login(editor)
    assert client.get("/").status_code == 200


@override_settings(MASTHEAD_2FA_REQUIRED=False)
def test_the_requirement_can_be_turned_off(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
