"""Sign-in events from Django's and django-axes' signals, so that every way of signing in is logged; and
membership changes announced by the accounts app."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from duediligence.accounts.models import Invitation, Membership, User
from duediligence.accounts.signals import invitation_changed, membership_changed
from duediligence.lib.acting import Acting
from duediligence.security import events, throttle
from duediligence.security.models import EventKind


def _account_for(email: str | None) -> User | None:
    return get_user_model().objects.filter(email=(email or "").lower()).first()


@receiver(user_logged_in)
def on_login(sender: type[User], request: HttpRequest, user: User, **kwargs: Any) -> None:
    events.record(EventKind.LOGIN, request=request, actor=user)


@receiver(user_logged_out)
def on_logout(sender: type[User] | type[None], request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        events.record(EventKind.LOGOUT, request=request, actor=user)


@receiver(user_login_failed)
def on_login_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # As the lockout counts it: capitals and spaces typed around the address are the same address.
    email = (credentials.get("username") or "").strip().lower()
    seconds = getattr(request, throttle.WAIT_ATTRIBUTE, None) if request is not None else None
    if seconds:
        # Refused before its password was checked: logged as such, and not a failure that extends the slowdown.
        events.record(
            EventKind.SIGN_IN_SLOWED,
            request=request,
            actor=_account_for(email),
            actor_email=email,
            detail=f"Asked to wait {seconds} s: many failures for this account from other addresses.",
        )
        return
    events.record(EventKind.LOGIN_FAILED, request=request, actor=_account_for(email), actor_email=email)
    throttle.notify_if_ceiling_reached(email)


@receiver(user_locked_out)
def on_locked_out(
    sender: str, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    events.record(
        EventKind.LOCKED_OUT,
        request=request,
        actor=_account_for(username),
        actor_email=username or "",
        detail=f"Too many failed sign-ins from {ip_address}.",
    )


MEMBERSHIP_EVENTS = {
    "added": EventKind.MEMBER_ADDED,
    "role_changed": EventKind.ROLE_CHANGED,
    "removed": EventKind.MEMBER_REMOVED,
}


@receiver(membership_changed)
def on_membership_changed(
    sender: type[Membership], change: str, membership: Membership, acting: Acting | None, detail: str, **kwargs: Any
) -> None:
    events.record(
        MEMBERSHIP_EVENTS[change],
        acting=acting,
        organisation=membership.organisation,
        subject=membership.user.email,
        detail=detail,
    )


INVITATION_EVENTS = {
    "created": EventKind.MEMBER_INVITED,
    "declined": EventKind.INVITATION_DECLINED,
    "revoked": EventKind.INVITATION_REVOKED,
}


@receiver(invitation_changed)
def on_invitation_changed(
    sender: type[Invitation], change: str, invitation: Invitation, acting: Acting, **kwargs: Any
) -> None:
    # An acceptance is logged as the membership it creates ("Member added").
    if change in INVITATION_EVENTS:
        events.record(
            INVITATION_EVENTS[change],
            acting=acting,
            organisation=invitation.organisation,
            subject=invitation.email,
            detail=f"As {invitation.get_role_display()}.",
        )
