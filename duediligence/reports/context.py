"""What each report shows, gathered once for the HTML page and the PDF alike."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from duediligence.assessments.models import Assessment
from duediligence.assessments.presenters import answer_rows
from duediligence.assessments.snapshot import Snapshot
from duediligence.audits.models import CorrectiveStatus
from duediligence.engagement.models import RequestStatus
from duediligence.grievances.services import mechanism_for
from duediligence.grievances.statistics import cases_in_period
from duediligence.grievances.statistics import figures as case_figures
from duediligence.partners.models import MatchStatus, ScreeningList, ScreeningMatch, WithheldReason
from duediligence.questionnaires.fields import display
from duediligence.reports.compose import Composer, compose_chapters
from duediligence.reports.models import Kind, Variant
from duediligence.reports.prose import Prose
from duediligence.respondents.models import OPEN_STATUSES, InvitationStatus
from duediligence.respondents.services import shown_questions
from duediligence.review.models import Comment
from duediligence.review.next_period import previous_items
from duediligence.risks.register import pending_suggestions, register_for


def risk_links(engagements: list, audits: list, cases: list) -> dict:
    """What points at each risk from elsewhere, from records already loaded: engagements and findings by risk id,
    grievance cases (which link risks by uid) counted by uid."""
    by_risk: dict[int, list] = defaultdict(list)
    for engagement in engagements:
        for link in engagement.risk_links.all():
            by_risk[link.risk_id].append(engagement)
    findings: dict[int, list] = defaultdict(list)
    for audit in audits:
        for finding in audit.findings.all():
            if finding.risk_id is not None:
                findings[finding.risk_id].append(finding)
    case_counts: Counter = Counter()
    for case in cases:
        case_counts.update(case.risk_uids)
    return {"engagements": by_risk, "findings": findings, "cases": case_counts}


def board_summary(register, audits: list, matches: list[ScreeningMatch], prose: Prose) -> dict:
    """What the board decides on, on one page: the salient risks, what is late, what is confirmed, the decision.

    Read from the records the report already holds (risks with their actions, audits with findings and
    corrective actions, screening results), so every count here is the one the chapters print.
    """
    findings = [finding for audit in audits for finding in audit.findings.all()]
    corrective = [action for finding in findings for action in finding.actions.all()]
    return {
        "risks": register.risks[:5],
        "risk_total": len(register.risks),
        "overdue_actions": sorted(
            (action for risk in register.risks for action in risk.actions.all() if action.is_overdue),
            key=lambda action: (action.due_date, action.pk),
        ),
        "overdue_corrective": sum(1 for action in corrective if action.is_overdue),
        "open_findings": sum(
            1
            for finding in findings
            if not any(action.status == CorrectiveStatus.DONE for action in finding.actions.all())
        ),
        "confirmed": [match for match in matches if match.status == MatchStatus.CONFIRMED],
        "decision": [
            text
            for text in (prose.sentence(key, gap=False) for key in ("presence_decision", "decision_conditions"))
            if text
        ],
    }


def screening_results(assessment: Assessment) -> list[ScreeningMatch]:
    """Every screening result of the assessment: confirmed first, then undecided, then dismissed."""
    order: dict[str, int] = {MatchStatus.CONFIRMED: 0, MatchStatus.POTENTIAL: 1, MatchStatus.DISMISSED: 2}
    matches = ScreeningMatch.objects.filter(partner__assessment=assessment).select_related(
        "partner", "entity__screening_list", "decided_by"
    )
    return sorted(matches, key=lambda match: (order.get(match.status, 3), match.partner.name, match.pk))


def invitation_figures(invitations: list) -> dict:
    # Counted as sent once the mail server took the email: one that could not be sent reached nobody.
    sent = sum(1 for item in invitations if item.was_sent)
    submitted = sum(1 for item in invitations if item.status == InvitationStatus.SUBMITTED)
    return {
        "sent": sent,
        "submitted": submitted,
        "response_rate": round(100 * submitted / sent) if sent else 0,
        "declined": sum(1 for item in invitations if item.status == InvitationStatus.DECLINED),
        "overdue": sum(1 for item in invitations if item.is_overdue),
        "open": sum(1 for item in invitations if item.status in OPEN_STATUSES and not item.is_overdue),
        "revoked": sum(1 for item in invitations if item.status == InvitationStatus.REVOKED),
    }


def answer_rows_of(invitation) -> list[dict]:
    return [
        {"question": question, "text": display(question, invitation.answers.get(question.key)) or "Not answered"}
        for question in shown_questions(invitation)
    ]


def request_figures(requests: list) -> dict:
    return {
        "received": len(requests),
        "answered": sum(1 for item in requests if item.status == RequestStatus.ANSWERED),
        "answered_in_time": sum(1 for item in requests if item.answered_in_time),
        "declined": sum(1 for item in requests if item.status == RequestStatus.DECLINED),
        "open": sum(1 for item in requests if item.status == RequestStatus.OPEN),
    }


def report_context(
    assessment: Assessment, kind: str, *, variant: str = Variant.UNGPRF, rendered_at=None, signoff=None
) -> dict:
    """`signoff` (name, role, date) is given while publishing; otherwise the stored one is shown, if any.

    `variant` is the public report's form; the internal report always reads as the UNGPRF one, then its detail.
    """
    internal = kind == Kind.INTERNAL
    if internal:
        variant = Variant.UNGPRF
    snapshot = Snapshot(assessment)
    prose = Prose(snapshot)
    register = register_for(assessment)
    previous_risks, previous_indicators = previous_items(assessment)
    invitations = list(assessment.partner_invitations.select_related("partner", "questionnaire"))
    for risk in register.risks:
        # Read by the template: the same risk and indicators in the period before, when carried forward.
        risk.previous = previous_risks.get(risk.carried_from)  # type: ignore[attr-defined]
        for indicator in risk.indicators.all():
            indicator.previous = previous_indicators.get(indicator.carried_from)  # type: ignore[attr-defined]
    partners = list(assessment.partners.with_screening().order_by("name"))
    withheld = Counter(p.withheld_reason for p in partners if not p.disclosed)
    audits = list(assessment.audits.prefetch_related("findings__actions", "findings__risk"))
    cases = list(cases_in_period(assessment.organisation, assessment.period_start, assessment.period_end))
    engagements = list(assessment.engagements.prefetch_related("risk_links__risk"))
    requests = list(assessment.information_requests.all())
    matches = screening_results(assessment)
    if signoff is None:
        signoff = assessment.published_reports.filter(kind=kind).first()
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "kind": kind,
        "internal": internal,
        "variant": variant,
        "title": _title(internal, variant),
        "rendered_at": rendered_at or timezone.now(),
        "prose": prose,
        "register": register,
        "risk_links": risk_links(engagements, audits, cases),
        "audits": audits,
        "disclosed_partners": [p for p in partners if p.disclosed],
        "all_partners": partners,
        "withheld_counts": [(WithheldReason(reason).label, count) for reason, count in sorted(withheld.items())],
        "withheld_total": sum(withheld.values()),
        "screening_lists": list(ScreeningList.objects.all()),
        "screening_counts": Counter(match.status for match in matches),
        "signoff": signoff,
        # Remedy, grievances, engagement and tracking (UNGP 18, 20, 22, 29, 31).
        "case_figures": case_figures(cases),
        "mechanism": mechanism_for(assessment.organisation),
        "grievance_url": settings.SITE_URL + reverse("grievance_public:start", args=[assessment.organisation.slug]),
        "requests": request_figures(requests),
        "engagement_groups": Counter(e.get_group_display() for e in engagements).most_common(),
        "previous_period": assessment.previous_period,
        "invitation_figures": invitation_figures(invitations),
    }
    context["chapters"] = compose_chapters(Composer(context), variant)
    if internal:
        evidence = list(assessment.evidence.select_related("question", "uploaded_by"))
        context.update(
            {
                "board": board_summary(register, audits, matches, prose),
                "steps": answer_rows(snapshot, {file.token: file for file in evidence}),
                "evidence": evidence,
                "transitions": list(assessment.transitions.select_related("by")),
                "cases": cases,
                "engagements": engagements,
                "information_requests": requests,
                "screening_results": matches,
                "decided_suggestions": list(
                    assessment.suggestion_decisions.select_related("question", "risk", "decided_by").order_by(
                        "decided_at", "pk"
                    )
                ),
                "pending_suggestions": pending_suggestions(snapshot),
                "lowered_risks": [risk for risk in register.risks if risk.scores_lowered_reason],
                "comments": list(
                    Comment.objects.filter(assessment=assessment).select_related(
                        "author", "replied_by", "resolved_by", "question"
                    )
                ),
                "partner_answers": [
                    {"invitation": invitation, "rows": answer_rows_of(invitation)}
                    for invitation in invitations
                    if invitation.status == InvitationStatus.SUBMITTED
                ],
            }
        )
    for step in context.get("steps", []):
        for block in step["sections"]:
            for row in block["rows"]:
                if not row.text and row.question.key in prose.settled:
                    row.text = f"No answer here; {prose.settled[row.question.key]}."
    return context


def _title(internal: bool, variant: str) -> str:
    if internal:
        return "Internal human rights due diligence report"
    titles: dict[str, str] = {
        Variant.UK_MSA: "Modern slavery and human trafficking statement",
        Variant.NORWAY: "Account of due diligence under the Transparency Act",
    }
    return titles.get(variant, "Human rights due diligence report")
