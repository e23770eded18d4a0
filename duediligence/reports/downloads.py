"""Who may take which report, and the trace each internal copy leaves: one rule for the pages and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from duediligence.accounts.models import Membership, Role
from duediligence.assessments.models import Assessment
from duediligence.reports.models import Kind
from duediligence.security import events
from duediligence.security.models import EventKind

# Who may download PDFs: management signs off and distributes them; auditors need the internal one.
PDF_ROLES = {Kind.INTERNAL: {Role.MANAGER, Role.AUDITOR}, Kind.PUBLIC: {Role.MANAGER, Role.AUDITOR, Role.ADMIN}}


def check_pdf_role(membership: Membership, kind: str) -> None:
    if membership.role not in PDF_ROLES[Kind(kind)]:
        raise PermissionDenied("PDF reports are downloaded by managers (and auditors); preview the report instead.")


def log_if_internal(request: HttpRequest, assessment: Assessment, kind: str, what: str) -> None:
    """Internal reports name withheld partners and reviewers: every copy taken goes in the security log."""
    if kind == Kind.INTERNAL:
        events.record(
            EventKind.INTERNAL_REPORT_DOWNLOADED,
            request=request,
            organisation=assessment.organisation,
            subject=f"{assessment.title} (revision {assessment.revision})",
            detail=what,
        )
