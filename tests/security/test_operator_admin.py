"""The operator's door, /admin/: two factors with the app's lockout, no authenticator secret on any page,
memberships read-only (invitations are the only way in), and every change in the security log."""

from __future__ import annotations

import base64
from binascii import unhexlify

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from duediligence.accounts.models import Membership, Role, User
from duediligence.security.models import EventKind, SecurityEvent
from tests.conftest import PASSWORD, client_for
from tests.security.test_two_factor import code_for, wait_out_the_throttle


@pytest.fixture
def operator(db) -> User:
    user = User.objects.create_user(
        email="operator@test.example", password=PASSWORD, full_name="Site Operator", is_staff=True, is_superuser=True
    )
    TOTPDevice.objects.create(user=user, name="Operator phone", confirmed=True)
    return user


@pytest.fixture
def operator_client(operator) -> Client:
    return client_for(operator)


def admin_login(client: Client, email: str, password: str, code: str = ""):
    return client.post(
        reverse("admin:login"), {"username": email, "password": password, "otp_token": code, "next": "/admin/"}
    )


def test_a_password_alone_does_not_open_the_admin(client, operator):
    response = admin_login(client, "operator@test.example", PASSWORD)
    assert response.status_code == 200, "the form again, asking for the code"
    assert client.get("/admin/").status_code == 302
    # Signed in through the app's page with the password only: still not past the admin's door.
    password_only = Client()
    password_only.force_login(operator)
    assert password_only.get("/admin/")["Location"].startswith(reverse("security:two_factor_verify"))


def test_password_and_code_open_the_admin(client, operator):
    device = TOTPDevice.objects.get(user=operator)
    response = admin_login(client, "operator@test.example", PASSWORD, code_for(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_pauses_after_five_wrong_passwords_like_the_app(client, operator):
    for _ in range(5):
        admin_login(client, "operator@test.example", "a-wrong-guess-123")
    device = TOTPDevice.objects.get(user=operator)
    wait_out_the_throttle(device)
    response = admin_login(client, "operator@test.example", PASSWORD, code_for(device))
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302
    assert AccessAttempt.objects.filter(username="operator@test.example").exists()


def test_the_admin_login_makes_a_wrong_code_wait(client, operator):
    device = TOTPDevice.objects.get(user=operator)
    admin_login(client, "operator@test.example", PASSWORD, "000000")
    # django-otp's doubling wait: the right code straight after a wrong one is refused too.
    admin_login(client, "operator@test.example", PASSWORD, code_for(device))
    assert client.get("/admin/").status_code == 302
    assert SecurityEvent.objects.filter(kind=EventKind.TWO_FACTOR_FAILED, actor=operator).exists()


def base32_of(device: TOTPDevice) -> str:
    return base64.b32encode(unhexlify(device.key)).decode().rstrip("=")


def test_no_admin_page_shows_an_authenticator_secret(operator_client, manager, org_admin):
    phone = TOTPDevice.objects.create(user=manager, name="Manager phone", confirmed=True)
    recovery = StaticDevice.objects.create(user=manager, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcd2345")
    pages = [
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[phone.pk]),
        reverse("admin:otp_static_staticdevice_changelist"),
        reverse("admin:otp_static_staticdevice_change", args=[recovery.pk]),
        reverse("admin:accounts_user_change", args=[manager.pk]),
    ]
    for page in pages:
        response = operator_client.get(page)
        assert response.status_code == 200, page
        text = response.content.decode()
        assert phone.key not in text and base32_of(phone) not in text, page
        assert "otpauth://" not in text and "abcd2345" not in text, page
        assert "/config/" not in text and "/qrcode/" not in text, page
    for gone in (f"/admin/otp_totp/totpdevice/{phone.pk}/config/", f"/admin/otp_totp/totpdevice/{phone.pk}/qrcode/"):
        assert operator_client.get(gone).status_code in (302, 404), gone
    # Adding a device here would show the new key: devices are made by their owners on the set-up page.
    assert operator_client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    assert operator_client.get(reverse("admin:otp_static_staticdevice_add")).status_code == 403


def test_memberships_are_read_only_in_the_admin(operator_client, organisation, officer, outsider):
    assert operator_client.get(reverse("admin:accounts_membership_add")).status_code == 403
    membership = Membership.objects.get(user=officer)
    change = reverse("admin:accounts_membership_change", args=[membership.pk])
    operator_client.post(change, {"user": officer.pk, "organisation": organisation.pk, "role": Role.ADMIN})
    membership.refresh_from_db()
    assert membership.role == Role.OFFICER
    # Nor through the person's page: the inline lists memberships without a way to add or change one.
    page = reverse("admin:accounts_user_change", args=[outsider.pk])
    form = operator_client.get(page).content.decode()
    assert "memberships-__prefix__" not in form
    operator_client.post(
        page,
        {
            "email": outsider.email,
            "full_name": outsider.full_name,
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": Membership.objects.get(user=outsider).pk,
            "memberships-0-user": outsider.pk,
            "memberships-0-organisation": outsider.memberships.get().organisation_id,
            "memberships-0-role": Role.ADMIN,
            "memberships-1-user": outsider.pk,
            "memberships-1-organisation": organisation.pk,
            "memberships-1-role": Role.ADMIN,
        },
    )
    assert list(Membership.objects.filter(user=outsider).values_list("role", flat=True)) == [Role.OFFICER]


def test_every_admin_change_lands_in_the_security_log(operator_client, operator, officer, manager):
    page = reverse("admin:accounts_user_change", args=[officer.pk])
    response = operator_client.post(
        page,
        {
            "email": officer.email,
            "full_name": "Olivia Renamed",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    changed = SecurityEvent.objects.get(kind=EventKind.ADMIN_CHANGE, subject__startswith=f"accounts.user {officer.pk}:")
    assert changed.actor == operator and changed.ip_address == "198.51.100.7"
    assert changed.detail.startswith("Changed: Full name")
    # A bulk action writes its admin log rows at once; each reaches the security log all the same.
    first = TOTPDevice.objects.create(user=officer, name="Phone", confirmed=True)
    second = TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    operator_client.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert not TOTPDevice.objects.filter(pk__in=[first.pk, second.pk]).exists()
    deleted = SecurityEvent.objects.filter(kind=EventKind.ADMIN_CHANGE, detail__startswith="Deleted")
    assert deleted.count() == 2 and {event.actor for event in deleted} == {operator}


def test_the_operator_brings_people_in_by_invitation_only(
    operator_client, organisation, officer, django_capture_on_commit_callbacks
):
    from django.core import mail

    from duediligence.accounts.models import Invitation

    add = reverse("admin:accounts_invitation_add")
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            add, {"organisation": organisation.pk, "email": "First.Admin@Example.org", "role": Role.ADMIN}
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    invitation = Invitation.objects.get(email="first.admin@example.org")
    assert invitation.status == "pending" and not Membership.objects.filter(user__email=invitation.email).exists()
    assert SecurityEvent.objects.filter(kind=EventKind.MEMBER_INVITED, subject=invitation.email).exists()
    assert any("first.admin@example.org" in message.to for message in mail.outbox)
    again = operator_client.post(add, {"organisation": organisation.pk, "email": officer.email, "role": Role.ADMIN})
    assert again.status_code == 200 and "already a member" in again.content.decode()
