"""The internal report's first page: what the board must decide, and what it needs to know to decide it.

A board reads one page. It learns the harms that are happening and the critical audit findings, a sentence each;
what is late; the decision it must take (continue, continue with conditions, suspend, exit) with the compliance
officer's recommendation and its reasons; and the date by which the decision is due. Every fact is read from the
records the report's chapters print, so the page and the chapters never disagree. Long texts are shortened at a
word (lib/text.py), never inside one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from duediligence.audits.models import Audit, CorrectiveStatus
from duediligence.engagement.models import InformationRequest, RequestStatus
from duediligence.lib.text import shortened
from duediligence.partners.models import MatchStatus, ScreeningMatch
from duediligence.reports.compose import day, label
from duediligence.reports.prose import Prose
from duediligence.reports.questions import Q
from duediligence.risks.models import Impact
from duediligence.risks.register import Register

# The choices of the questionnaire's presence decision, in the board's words, in the order a board weighs them.
DECISIONS = (
    ("continue", "Continue as now"),
    ("continue_with_conditions", "Continue with conditions"),
    ("suspend_line", "Suspend a product line or a relationship"),
    ("disengage", "Exit the region responsibly"),
)
# How long a sentence about one record may be on the page.
SENTENCE = 160


@dataclass
class Option:
    value: str
    label: str
    recommended: bool


@dataclass
class BoardSummary:
    actual_harms: list[str] = field(default_factory=list)
    critical_findings: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    recommendation: str = ""
    reasons: str = ""
    conditions: str = ""
    due: datetime.date | None = None
    confirmed: list[ScreeningMatch] = field(default_factory=list)
    salient: list = field(default_factory=list)
    risk_total: int = 0

    @property
    def due_text(self) -> str:
        return day(self.due)


def board_summary(
    register: Register,
    audits: list[Audit],
    matches: list[ScreeningMatch],
    requests: list[InformationRequest],
    prose: Prose,
    today: datetime.date | None = None,
) -> BoardSummary:
    today = today or timezone.localdate()
    summary = BoardSummary(risk_total=len(register.risks))
    summary.salient = register.risks[:5]
    for risk in register.risks:
        if risk.impact != Impact.ACTUAL:
            continue
        remedies = [remedy for remedy in risk.remedies.all() if remedy.kind != "none"]
        summary.actual_harms.append(
            f"{label(risk)} {shortened(risk.title, 80)}: happening to "
            f"{shortened(risk.people_affected.rstrip('.'), 90)} (rights affected: "
            f"{shortened(risk.rights_affected.rstrip('.'), 70)}); "
            + ("remedy recorded." if remedies else "no remedy recorded yet.")
        )
    for audit in audits:
        for finding in audit.findings.all():
            if finding.severity != "critical":
                continue
            actions = list(finding.actions.all())
            done = any(action.status == CorrectiveStatus.DONE for action in actions)
            state = (
                "corrected"
                if done
                else "no corrective action recorded"
                if not actions
                else f"corrective action due {day(min(action.due_date for action in actions))}"
            )
            summary.critical_findings.append(
                f"{audit.firm}: {shortened(finding.description.rstrip('.'), SENTENCE)} ({state})."
            )
    summary.overdue = _overdue(register, audits, requests, today)
    recommended = prose.value(Q.PRESENCE_DECISION)
    summary.options = [Option(value, words, value == recommended) for value, words in DECISIONS]
    summary.recommendation = next((option.label for option in summary.options if option.recommended), "")
    summary.reasons = shortened(prose.value(Q.DECISION_RATIONALE) or "", 600)
    summary.conditions = shortened(prose.value(Q.DECISION_CONDITIONS) or "", 400)
    summary.due = _as_date(prose.value(Q.DECISION_DUE))
    summary.confirmed = [match for match in matches if match.status == MatchStatus.CONFIRMED]
    return summary


def _overdue(
    register: Register, audits: list[Audit], requests: list[InformationRequest], today: datetime.date
) -> list[str]:
    """What is late, a line each: mitigation actions, corrective actions, and requests past their answer date."""
    lines = []
    for risk in register.risks:
        for action in risk.actions.all():
            if action.is_overdue:
                lines.append(
                    f"Mitigation of {label(risk)}: {shortened(action.description.rstrip('.'), 90)} "
                    f"({action.owner}, due {day(action.due_date)})."
                )
    for audit in audits:
        for finding in audit.findings.all():
            for correction in finding.actions.all():
                if correction.is_overdue:
                    lines.append(
                        f"Correction of a {finding.get_severity_display().lower()} finding: "
                        f"{shortened(correction.description.rstrip('.'), 90)} ({correction.owner}, due "
                        f"{day(correction.due_date)})."
                    )
    for request in requests:
        if request.status == RequestStatus.OPEN and request.due_on < today:
            lines.append(
                f"Answer to a {request.get_requester_kind_display().lower()}'s request: "
                f"{shortened(request.topic.rstrip('.?'), 90)} (due {day(request.due_on)})."
            )
    return lines


def _as_date(value: object) -> datetime.date | None:
    """A date answer, as the snapshot holds it (a date, or its ISO text)."""
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None
