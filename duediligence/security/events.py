"""Writing to the security log. Call `record` inside the transaction of the change it describes."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.http import HttpRequest

from duediligence.security.models import EventKind, SecurityEvent


def record(
    kind: EventKind,
    *,
    request: HttpRequest | None = None,
    actor=None,
    actor_email: str = "",
    organisation=None,
    subject: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Add one event. The actor defaults to the request's user; the address comes from the request."""
    if actor is None and request is not None and getattr(request, "user", None) and request.user.is_authenticated:
        actor = request.user
    ip_address = None
    user_agent = ""
    if request is not None:
        ip_address = get_client_ip_address(request) or None
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return SecurityEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_email=(actor_email or (actor.email if actor else ""))[:254],
        organisation=organisation,
        ip_address=ip_address,
        user_agent=user_agent,
        subject=subject[:300],
        detail=detail[:500],
    )
