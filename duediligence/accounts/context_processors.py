from functools import cache

from django.http import HttpRequest
from django.urls import reverse

from duediligence.accounts.access import membership_for_request, memberships_for_request
from duediligence.accounts.models import Role

# What each role may do, as navigation entries (label, URL name). Kept beside the roles so that a page
# added for a role is added to that role's navigation in the same place.
NAVIGATION: dict[str, list[tuple[str, str]]] = {
    Role.OFFICER: [
        ("Dashboard", "dashboard:home"),
        ("Assessments", "assessments:list"),
        ("New assessment", "assessments:new"),
        ("Grievances", "grievances:list"),
        ("Organisation records", "records:home"),
        ("Statements", "statements:list"),
    ],
    Role.AUDITOR: [
        ("Dashboard", "dashboard:home"),
        ("Review queue", "dashboard:queue"),
        ("Submitted assessments", "assessments:list"),
        ("Grievances", "grievances:list"),
    ],
    Role.MANAGER: [
        ("Dashboard", "dashboard:home"),
        ("Assessments", "assessments:list"),
        ("Grievances", "grievances:list"),
        ("Statements", "statements:list"),
    ],
    Role.ADMIN: [
        ("Dashboard", "dashboard:home"),
        ("Assessments", "assessments:list"),
        ("Grievances", "grievances:list"),
        ("Organisation records", "records:home"),
        ("Statements", "statements:list"),
        ("Members", "accounts:members"),
        ("Security log", "security:events"),
    ],
}


@cache
def _links(role: str) -> list[tuple[str, str]]:
    # Reversed once per process and role: the URLs do not change while it runs, and every page draws them.
    return [(label, reverse(url_name)) for label, url_name in NAVIGATION[role]]


def navigation(request: HttpRequest) -> dict:
    """The active membership, the user's other organisations and the links their role may follow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = membership_for_request(request)
    if membership is None:
        return {"active_membership": None, "memberships": [], "nav_items": []}
    current = request.path
    items = [{"label": label, "url": url, "current": current == url} for label, url in _links(membership.role)]
    return {
        "active_membership": membership,
        "memberships": memberships_for_request(request),
        "nav_items": items,
    }
