"""Slow guessing of one account's password from many addresses, without letting a stranger lock anyone out.

django-axes stops one address after a few failures (lockout.py). An attacker with many addresses stays under
that, so this adds a ceiling per account across all addresses: once an account has had
SIGN_IN_ACCOUNT_CEILING failures within SIGN_IN_ACCOUNT_WINDOW_MINUTES, addresses it was never signed in from
get one password check per SIGN_IN_SLOWDOWN_SECONDS between them. Addresses the person signed in from in the
last SIGN_IN_KNOWN_ADDRESS_DAYS are never slowed, so the colleague at their usual desk gets in during an attack;
refused attempts are not counted as failures, so they cannot stretch the slowdown. The person is told by email
when their account reaches the ceiling. Counts come from the security log, so every web node sees the same.

Unknown addresses are handled the same way as known ones (the log keeps the typed email), so the slowdown
reveals nothing about whether an account exists.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from duediligence.lib import emails
from duediligence.security.lockout import client_ip, username_for_lockout
from duediligence.security.models import EventKind, SecurityEvent, SecurityEventQuerySet

# The attribute the login form reads to say how long to wait (accounts/forms.py), set on a refused request.
WAIT_ATTRIBUTE = "sign_in_wait_seconds"


def _failures(email: str, since: datetime.datetime) -> SecurityEventQuerySet:
    return SecurityEvent.objects.filter(
        kind=EventKind.LOGIN_FAILED, actor_email=email, organisation__isnull=True, occurred_at__gte=since
    )


def _is_known_address(email: str, address: str | None, now: datetime.datetime) -> bool:
    if not address:
        return False
    since = now - datetime.timedelta(days=settings.SIGN_IN_KNOWN_ADDRESS_DAYS)
    return SecurityEvent.objects.filter(
        kind=EventKind.LOGIN, actor_email=email, ip_address=address, occurred_at__gte=since
    ).exists()


def wait_seconds(email: str, address: str | None, now: datetime.datetime | None = None) -> int:
    """How long this address must wait before its password is checked for this account (0: check it now)."""
    now = now or timezone.now()
    window_start = now - datetime.timedelta(minutes=settings.SIGN_IN_ACCOUNT_WINDOW_MINUTES)
    # One query on every sign-in attempt: how many failures in the window, and the latest.
    failures = _failures(email, window_start).aggregate(count=Count("id"), last=Max("occurred_at"))
    if failures["count"] < settings.SIGN_IN_ACCOUNT_CEILING or _is_known_address(email, address, now):
        return 0
    last = failures["last"]
    remaining = settings.SIGN_IN_SLOWDOWN_SECONDS - (now - last).total_seconds()
    return max(0, int(remaining) + 1) if remaining > 0 else 0


class AccountThrottleBackend:
    """Listed before the backends that check passwords: a slowed attempt is refused before its password is."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, **credentials: Any) -> None:
        if request is None or not username:
            return None
        email = username_for_lockout(request, {settings.AXES_USERNAME_FORM_FIELD: username})
        seconds = wait_seconds(email, client_ip(request))
        if seconds:
            setattr(request, WAIT_ATTRIBUTE, seconds)
            raise PermissionDenied("sign-in slowed for this account")
        return None

    # No get_user: this backend never signs anyone in, so no session may name it as theirs.


def notify_if_ceiling_reached(email: str) -> None:
    """Called after each recorded failure: at the failure that reaches the ceiling, tell the account's owner."""
    since = timezone.now() - datetime.timedelta(minutes=settings.SIGN_IN_ACCOUNT_WINDOW_MINUTES)
    if _failures(email, since).count() != settings.SIGN_IN_ACCOUNT_CEILING:
        return
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        return
    context = {
        "user": user,
        "ceiling": settings.SIGN_IN_ACCOUNT_CEILING,
        "window_minutes": settings.SIGN_IN_ACCOUNT_WINDOW_MINUTES,
        "seconds": settings.SIGN_IN_SLOWDOWN_SECONDS,
    }
    subject = "Many failed sign-ins to your duediligence account"
    body = render_to_string("security/emails/many_failures.txt", context)
    transaction.on_commit(lambda: emails.send_one(emails.email(subject=subject, body=body, to=user.email)))
