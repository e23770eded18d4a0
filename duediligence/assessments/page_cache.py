"""Keys for the cached parts of an assessment's pages (duediligence/lib/fragments.py).

A part of an assessment's page depends on the assessment's content (its content version, raised by PostgreSQL on
every change: content_version.py), on who looks (the membership, whose role decides links and buttons), on the
day (what is overdue), on the page (its URL's values, as the view resolved them) with the query parameters it
reads (filters, page numbers), and on the language. Anything else it shows (a person's name, another
assessment's title) may lag by at most the cache's expiry.

The key is never built from the address as typed: a parameter the page does not read, or another spelling of the
same id, would make a new part of the same content, and anyone could fill the cache with them. A page names the
parameters it reads, validated (`params`); one it cannot read as valid is drawn but not cached (an empty key).
Every part is scoped by its organisation, which bounds how many parts one organisation holds (lib/pg_cache.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Max, Sum
from django.utils import timezone

from duediligence.accounts.access import MemberRequest
from duediligence.assessments.models import Assessment
from duediligence.lib.fragments import key_of

# Page numbers past this are drawn, never cached: a list long enough to need them is read a page at a time.
CACHED_PAGES = 200


def page_number(raw: str | None) -> int | None:
    """The page number a list page reads, for its key: absent is the first; None when it is no page number
    (the page is then drawn without caching: Django's paginator shows the first or the last page for it)."""
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or raw.startswith("0"):
        return None
    number = int(raw)
    return number if 1 <= number <= CACHED_PAGES else None


def _viewer_key(request: MemberRequest, name: str, *content: object, params: Mapping[str, object] | None) -> str:
    """The key of part `name` drawn from `content` for this viewer, day, page and the parameters it read
    (key_of adds the language and the release); empty (render, do not cache) for anything but a plain GET,
    whose page may show what was just typed, and for parameters the page could not read (`params` None)."""
    if request.method != "GET" or params is None:
        return ""
    membership = request.membership
    match = request.resolver_match
    page = (match.view_name, sorted(match.kwargs.items())) if match else ("", [])
    return key_of(
        name,
        *content,
        membership.pk,
        membership.role,
        timezone.localdate(),
        page,
        sorted((key, str(value)) for key, value in params.items()),
        scope=f"o{membership.organisation_id}",
    )


NO_PARAMETERS: Mapping[str, object] = {}


def part_key(
    request: MemberRequest, assessment: Assessment, name: str, params: Mapping[str, object] | None = NO_PARAMETERS
) -> str:
    """The key of part `name` of `assessment`'s page as `request` shows it, with the query parameters the page
    reads (validated; None when they are not valid, and the part is not cached)."""
    return _viewer_key(request, name, assessment.pk, assessment.content_version, params=params)


def organisation_part_key(
    request: MemberRequest, name: str, params: Mapping[str, object] | None = NO_PARAMETERS
) -> str:
    """The key of part `name` of a page that spans the organisation's assessments (the dashboard): one small
    aggregate stands for all their content versions. A change raises the sum; a new assessment raises the
    count and the highest id; a removed one lowers the count."""
    if request.method != "GET" or params is None:
        return ""  # before the aggregate: a part not cached needs no key, so its query would be wasted
    organisation_id = request.membership.organisation_id
    figures = Assessment.objects.filter(organisation_id=organisation_id).aggregate(
        count=Count("id"), versions=Sum("content_version"), last=Max("id")
    )
    return _viewer_key(
        request, name, organisation_id, figures["count"], figures["versions"], figures["last"], params=params
    )
