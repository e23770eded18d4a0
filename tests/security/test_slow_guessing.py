"""A per-account ceiling across addresses slows guessing from new places, never the person's usual address."""

import datetime
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duediligence.security.models import EventKind, SecurityEvent
from tests.conftest import PASSWORD

WAIT = "Many sign-ins to this address have failed recently"


@pytest.fixture
def ceiling(settings):
    settings.SIGN_IN_ACCOUNT_CEILING = 3
    settings.SIGN_IN_SLOWDOWN_SECONDS = 30


def attempt(email: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post(reverse("accounts:login"), {"username": email, "password": password})


def guess_from_many_addresses(email: str, count: int) -> None:
    for index in range(count):
        attempt(email, f"guess-{index}-wrong", f"203.0.113.{index + 1}")


def test_past_the_ceiling_a_new_address_waits_even_with_the_right_password(ceiling, officer, mailoutbox):
    guess_from_many_addresses(officer.email, 3)
    response = attempt(officer.email, PASSWORD, "198.51.100.7")
    assert response.status_code == 200 and WAIT in response.content.decode()
    assert "_auth_user_id" not in response.client.session
    slowed = SecurityEvent.objects.filter(kind=EventKind.SIGN_IN_SLOWED, actor_email=officer.email)
    assert slowed.count() == 1, "a refused attempt is logged as slowed, not as a failure that extends the wait"
    assert SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED, actor_email=officer.email).count() == 3


def test_the_persons_usual_address_is_never_slowed(ceiling, officer):
    assert attempt(officer.email, PASSWORD, "192.0.2.10").status_code == 302  # signed in here before
    guess_from_many_addresses(officer.email, 5)
    response = attempt(officer.email, PASSWORD, "192.0.2.10")
    assert response.status_code == 302, "a stranger guessing elsewhere cannot keep a colleague out"


def test_after_the_wait_a_new_address_gets_its_password_checked(ceiling, officer):
    guess_from_many_addresses(officer.email, 3)
    assert WAIT in attempt(officer.email, PASSWORD, "198.51.100.7").content.decode()
    # The log's rows cannot be backdated, so the clock the slowdown reads moves on instead.
    later = timezone.now() + datetime.timedelta(seconds=31)
    with mock.patch("duediligence.security.throttle.timezone.now", return_value=later):
        response = attempt(officer.email, PASSWORD, "198.51.100.7")
    assert response.status_code == 302


def test_the_person_is_told_once_by_email_when_the_ceiling_is_reached(
    ceiling, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guess_from_many_addresses(officer.email, 5)
    assert [mail.to for mail in mailoutbox] == [[officer.email]]
    assert "3 times" in mailoutbox[0].body and "not locked" in mailoutbox[0].body


def test_an_address_without_an_account_is_slowed_the_same_way(ceiling, db):
    guess_from_many_addresses("nobody@nowhere.example", 3)
    response = attempt("nobody@nowhere.example", "anything-at-all", "198.51.100.7")
    assert WAIT in response.content.decode()
