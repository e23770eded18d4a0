"""What the public may know of the mechanism's cases: counts and times, never a case's text (UNGP 21, 31 (e)).

Computed from the columns kept in clear (dates, status, issue, outcome, whether a remedy was provided, the
reporter's word), so they need no key, and they stay after a case's content is deleted at the end of retention.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

from duediligence.accounts.models import Organisation
from duediligence.grievances.models import Case, CaseQuerySet, CaseStatus, Issue


@dataclass
class CaseFigures:
    received: int = 0
    by_issue: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    median_days_to_acknowledge: float | None = None
    median_days_to_close: float | None = None
    remedies_provided: int = 0
    outcome_accepted: int = 0
    outcome_not_accepted: int = 0
    acknowledged_late: int = 0


def cases_in_period(organisation: Organisation, start: datetime.date, end: datetime.date) -> CaseQuerySet:
    return Case.objects.filter(
        organisation=organisation, received_at__date__gte=start, received_at__date__lte=end
    ).order_by("received_at", "id")


def figures(cases: list[Case]) -> CaseFigures:
    """The figures of these cases (as `cases_in_period` gives them for a report's period)."""
    issues = Counter(case.issue for case in cases)
    statuses = Counter(case.status for case in cases)
    acknowledge = [case.days_to_acknowledge for case in cases if case.days_to_acknowledge is not None]
    close = [case.days_to_close for case in cases if case.days_to_close is not None]
    return CaseFigures(
        received=len(cases),
        by_issue=[(str(Issue(issue).label), issues[issue]) for issue in Issue.values if issues[issue]],
        by_status=[
            (str(CaseStatus(status).label), statuses[status]) for status in CaseStatus.values if statuses[status]
        ],
        median_days_to_acknowledge=statistics.median(acknowledge) if acknowledge else None,
        median_days_to_close=statistics.median(close) if close else None,
        remedies_provided=sum(1 for case in cases if case.remedy_provided),
        outcome_accepted=sum(1 for case in cases if case.outcome_accepted is True),
        outcome_not_accepted=sum(1 for case in cases if case.outcome_accepted is False),
        acknowledged_late=sum(
            1
            for case in cases
            if (case.acknowledged_at and case.acknowledged_at.date() > case.acknowledge_by)
            or case.acknowledgement_overdue
        ),
    )
