"""Keys for the cached parts of an assessment's pages (duediligence/lib/fragments.py).

A part of an assessment's page depends on the assessment's content (its content version, raised by PostgreSQL on
every change: content_version.py), on who looks (the membership, whose role decides links and buttons), on the
day (what is overdue), on the address with its query (filters, page numbers) and on the language. Anything
else it shows (a person's name, another assessment's title) may lag by at most the cache's expiry.
"""

from __future__ import annotations

from django.db.models import Count, Max, Sum
from django.utils import timezone

from duediligence.accounts.access import MemberRequest
from duediligence.assessments.models import Assessment
from duediligence.lib.fragments import key_of


def _viewer_key(request: MemberRequest, name: str, *content: object) -> str:
    """The key of part `name` drawn from `content` for this viewer, day, address and language (key_of adds the
    language and the release); empty (render, do not cache) for anything but a plain GET, whose page may show
    what was just typed."""
    if request.method != "GET":
        return ""
    membership = request.membership
    return key_of(name, *content, membership.pk, membership.role, timezone.localdate(), request.get_full_path())


def part_key(request: MemberRequest, assessment: Assessment, name: str) -> str:
    """The key of part `name` of `assessment`'s page as `request` shows it."""
    return _viewer_key(request, name, assessment.pk, assessment.content_version)


def organisation_part_key(request: MemberRequest, name: str) -> str:
    """The key of part `name` of a page that spans the organisation's assessments (the dashboard): one small
    aggregate stands for all their content versions. A change raises the sum; a new assessment raises the
    count and the highest id; a removed one lowers the count."""
    if request.method != "GET":
        return ""  # before the aggregate: a POST is never cached, so its query would be wasted
    organisation_id = request.membership.organisation_id
    figures = Assessment.objects.filter(organisation_id=organisation_id).aggregate(
        count=Count("id"), versions=Sum("content_version"), last=Max("id")
    )
    return _viewer_key(request, name, organisation_id, figures["count"], figures["versions"], figures["last"])
