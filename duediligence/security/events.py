"""Writing to the security log. Call `record` inside the transaction of the change it describes."""

from __future__ import annotations

from django.http import HttpRequest

from duediligence.accounts.models import Organisation, User
from duediligence.lib.acting import Acting
from duediligence.security.models import PERSONAL_KINDS, EventKind, SecurityEvent


def record(
    kind: EventKind,
    *,
    request: HttpRequest | None = None,
    acting: Acting | None = None,
    actor: User | None = None,
    actor_email: str = "",
    organisation: Organisation | None = None,
    subject: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Add one event. Who and from where come from `acting` (or the request); `actor` names the person if not."""
    if acting is None:
        acting = Acting.from_request(request) if request is not None else Acting()
    if actor is None:
        actor = acting.user
    ip_address, user_agent = acting.ip_address, acting.user_agent
    values = {
        "kind": kind,
        "actor": actor,
        "actor_email": (actor_email or (actor.email if actor else ""))[:254],
        "ip_address": ip_address,
        "user_agent": user_agent,
        "subject": subject[:300],
        "detail": detail[:500],
    }
    member_of: list[int] = []
    if organisation is None and kind in PERSONAL_KINDS and actor is not None:
        # A person's sign-in is shown to the admins of the organisations they belong to when it happens, and
        # to no one else: not to an organisation they join later, nor to one that merely invited them.
        member_of = sorted(actor.memberships.values_list("organisation_id", flat=True))
    return SecurityEvent.objects.create(organisation=organisation, member_of=member_of, **values)
