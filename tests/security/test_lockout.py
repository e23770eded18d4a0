import datetime

from axes.models import AccessAttempt
from django.urls import reverse

from duediligence.security.models import EventKind, SecurityEvent
from tests.conftest import PASSWORD


def attempt(client, email: str, password: str, address: str = "127.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def lock_out(client, email: str, address: str = "127.0.0.1") -> None:
    """Four wrong passwords show the form again; the fifth shows the pause."""
    for number in range(1, 6):
        expected = 429 if number == 5 else 200
        assert attempt(client, email, "a-wrong-guess-123", address).status_code == expected


def test_five_failures_pause_sign_in_even_with_the_right_password(client, officer, settings):
    lock_out(client, "officer@test.example")
    response = attempt(client, "officer@test.example", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused for this account" in page
    assert f"try again in {settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in page
    assert "An admin of your organisation can lift the pause now" in page
    assert client.get(reverse("dashboard:home")).status_code == 302  # still not logged in
    kinds = list(SecurityEvent.objects.filter(actor=officer).values_list("kind", flat=True))
    assert kinds.count(EventKind.LOGIN_FAILED) >= 5
    assert EventKind.LOCKED_OUT in kinds


def test_the_lock_counts_the_address_in_any_case(client, officer):
    for email in ["Officer@Test.Example", "OFFICER@test.example", "officer@test.example"] * 2:
        attempt(client, email, "a-wrong-guess-123")
    assert attempt(client, "officer@test.example", PASSWORD).status_code == 429


def test_the_lock_is_per_client_address_so_a_stranger_cannot_lock_a_colleague_out(client, officer):
    lock_out(client, "officer@test.example", address="203.0.113.9")
    response = attempt(client, "officer@test.example", PASSWORD, address="10.0.0.5")
    assert response.status_code == 302


def test_the_lock_ends_after_the_cool_off(client, officer, settings):
    lock_out(client, "officer@test.example")
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME)
    assert attempt(client, "officer@test.example", PASSWORD).status_code == 302


def test_an_admin_sees_the_lock_and_lifts_it(client, officer, admin_client_org, org_admin):
    lock_out(client, "officer@test.example")
    members = admin_client_org.get(reverse("accounts:members")).content.decode()
    assert "Locked out" in members
    membership = officer.memberships.get()
    response = admin_client_org.post(reverse("accounts:member_unlock", args=[membership.pk]), follow=True)
    assert "can log in again straight away" in response.content.decode()
    assert attempt(client, "officer@test.example", PASSWORD).status_code == 302
    unlocked = SecurityEvent.objects.get(kind=EventKind.UNLOCKED)
    assert (unlocked.actor, unlocked.subject) == (org_admin, "officer@test.example")


def test_an_admin_of_another_organisation_cannot_unlock(client, officer, other_organisation):
    from duediligence.accounts.models import Role
    from tests.conftest import client_for, make_member

    other_admin = client_for(make_member(other_organisation, Role.ADMIN, "admin@other.example", "Other Admin"))
    lock_out(client, "officer@test.example")
    response = other_admin.post(reverse("accounts:member_unlock", args=[officer.memberships.get().pk]))
    assert response.status_code == 404
    assert attempt(client, "officer@test.example", PASSWORD).status_code == 429


def test_a_forwarded_address_that_is_none_is_ignored_for_the_proxys_own(client, officer, settings):
    settings.BEHIND_TLS_PROXY = True
    for forwarded in ("not-an-ip", "203.0.113.7, <script>", "1.2.3.4.5", "::ffff:zz", "x" * 5000, "203.0.113.7 "):
        response = client.post(
            reverse("accounts:login"),
            {"username": "officer@test.example", "password": "a-wrong-guess-123"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        assert response.status_code in (200, 429), (forwarded[:20], response.status_code)
    addresses = set(SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED).values_list("ip_address", flat=True))
    assert addresses == {"10.0.0.2", "203.0.113.7"}
    # A well-formed last entry is the client the proxy saw.
    response = attempt(client, "officer@test.example", PASSWORD, address="10.0.0.2")
    assert response.status_code in (302, 429)
