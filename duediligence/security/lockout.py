"""Sign-in throttling with django-axes: who is locked out, and lifting a lock early.

The lock is per email address and client address together (AXES_LOCKOUT_PARAMETERS), so somebody guessing
a colleague's password from elsewhere cannot lock that colleague out of their own desk.
"""

from __future__ import annotations

import ipaddress

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from duediligence.accounts.models import Organisation
from duediligence.lib.acting import Acting
from duediligence.security import events
from duediligence.security.models import EventKind


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; behind our TLS proxy, the address the proxy appended to X-Forwarded-For.

    Every address the app records or counts (sign-in throttling, the security log, the public pages' limits)
    comes from here, and PostgreSQL stores it as `inet`: a last entry that is not an address (the proxy did not
    add one, or a client sent the header straight to us) is ignored for the proxy's own address, never passed on.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = ip_address_or_none(forwarded.rsplit(",", 1)[-1])
            if address:
                return address
    return ip_address_or_none(request.META.get("REMOTE_ADDR", ""))


def ip_address_or_none(text: str) -> str | None:
    """`text` as a plain IPv4 or IPv6 address in its usual spelling, or None (no zone, nothing around it)."""
    text = text.strip()
    if not text or len(text) > 45:
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id:
        return None
    return str(address)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The page shown instead of the login form while a lock lasts (429, so scripts see it too)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": username_for_lockout(request, credentials),
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "security/locked_out.html", context, status=429)


def locked_out_emails(emails: list[str]) -> set[str]:
    """Which of these addresses are locked out now (from at least one client address)."""
    attempts = AccessAttempt.objects.filter(username__in=emails, failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return set(attempts.values_list("username", flat=True))


@transaction.atomic
def unlock(email: str, *, acting: Acting, organisation: Organisation) -> int:
    """Forget the failed sign-ins of this address so its owner can try again at once."""
    count = reset(username=email)
    events.record(EventKind.UNLOCKED, acting=acting, organisation=organisation, subject=email)
    return count


def username_for_lockout(request: HttpRequest, credentials: dict | None) -> str:
    """Email addresses are case-insensitive here, so failures typed in capitals count against the same lock."""
    source = credentials if credentials is not None else request.POST
    return (source.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip().lower()
