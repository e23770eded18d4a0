"""Who may act in which organisation, in one place.

Views never read the session or memberships themselves: they are wrapped in `require_role` (which sets
`request.membership`) or call `membership_for_request`. Objects of another organisation answer 404, not 403,
so that ids leak nothing; a wrong role inside one's own organisation answers 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from duediligence.accounts.models import Membership, Role, User

ACTIVE_ORGANISATION_KEY = "active_organisation_id"


class SignedInRequest(HttpRequest):
    """The request a view wrapped in `login_required` receives: its user is a real account."""

    user: User


class MemberRequest(SignedInRequest):
    """The request a view wrapped in `require_member` or `require_role` receives: a signed-in user acting
    under one membership. Views that take it read `request.membership` without checking for None."""

    membership: Membership


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(user.memberships.select_related("organisation").order_by("organisation__name"))


def memberships_for_request(request: HttpRequest) -> list[Membership]:
    """All of the user's memberships, read once per request and shared by every caller."""
    cached = request.__dict__.get("_memberships")
    if cached is None:
        cached = request.__dict__["_memberships"] = memberships_of(request.user)
    return cached


def membership_for_request(request: HttpRequest) -> Membership | None:
    """The membership the user acts under: the organisation they chose, else their first.

    Cached on the request, so the view, the navigation and the templates share one query.
    """
    memberships = memberships_for_request(request)
    if not memberships:
        return None
    chosen = request.session.get(ACTIVE_ORGANISATION_KEY)
    for membership in memberships:
        if membership.organisation_id == chosen:
            return membership
    return memberships[0]


def next_url(request: HttpRequest, default: str = "dashboard:home") -> str:
    """Where a form asked to go afterwards ("next"), if it is a path of this site; otherwise `default`.

    Only a path ("/..."): redirect() takes anything else for the name of a view, and a bare word that names none
    would end in an error page instead of a redirect."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def switch_organisation(request: SignedInRequest, organisation_id: int) -> Membership | None:
    """Make another of the user's organisations the active one; None when they are not a member of it."""
    membership = request.user.memberships.select_related("organisation").filter(organisation_id=organisation_id).first()
    if membership is not None:
        request.session[ACTIVE_ORGANISATION_KEY] = membership.organisation_id
        request.__dict__.pop("_memberships", None)
    return membership


def require_role(*roles: Role | str) -> Callable:
    """Let a view run only for a logged-in member whose active role is one of `roles`.

    A logged-in user with no membership at all sees a page that says so rather than an error.
    """
    allowed: Iterable[str] = {str(role) for role in roles}

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        @login_required
        def wrapper(request: MemberRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            membership = membership_for_request(request)
            if membership is None:
                return redirect("accounts:no_membership")
            if allowed and membership.role not in allowed:
                raise PermissionDenied(f"This page is for the {role_names(allowed)} role.")
            # What makes it a MemberRequest.
            request.membership = membership
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_member(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Any role, as long as the user belongs to an organisation."""
    return require_role()(view)


def role_names(roles: Iterable[str]) -> str:
    labels = dict(Role.choices)
    return " or ".join(sorted(str(labels[role]).lower() for role in roles))


def membership_for_admin(request: MemberRequest, membership_id: int) -> Membership:
    """A membership of the admin's own organisation; any other id is a 404."""
    return get_object_or_404(
        Membership.objects.select_related("user"),
        pk=membership_id,
        organisation=request.membership.organisation,
    )
