"""What each report shows, gathered once for the HTML page and the PDF alike."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from duediligence.assessments.models import Assessment
from duediligence.assessments.presenters import answer_rows
from duediligence.questionnaires.fields import display
from duediligence.reports.board import board_summary
from duediligence.reports.compose import Composer, compose_chapters
from duediligence.reports.facts import STATUTORY, gather_facts
from duediligence.reports.models import PublishedReport, Variant
from duediligence.reports.statutory import statutory_chapters
from duediligence.respondents.models import InvitationStatus, PartnerInvitation
from duediligence.respondents.services import shown_questions
from duediligence.review.harm_evidence import potential_despite_evidence
from duediligence.review.models import Comment
from duediligence.risks.register import pending_suggestions

if TYPE_CHECKING:
    from duediligence.reports.services import Signoff


def answer_rows_of(invitation: PartnerInvitation) -> list[dict]:
    return [
        {"question": question, "text": display(question, invitation.answers.get(question.key)) or "Not answered"}
        for question in shown_questions(invitation)
    ]


def report_context(
    assessment: Assessment,
    kind: str,
    *,
    variant: str = Variant.UNGPRF,
    rendered_at: datetime.datetime | None = None,
    signoff: Signoff | PublishedReport | None = None,
) -> dict:
    """`signoff` (name, role, date) is given while publishing; otherwise the stored one is shown, if any.

    `variant` is the public report's form; the internal report always reads as the UNGPRF one, then its detail.
    """
    facts = gather_facts(assessment, kind, variant)
    if signoff is None:
        signoff = assessment.published_reports.filter(kind=kind, variant=facts.variant).first()
    context: dict[str, Any] = {
        "facts": facts,
        "assessment": assessment,
        "organisation": facts.organisation,
        "kind": kind,
        "internal": facts.internal,
        "variant": facts.variant,
        "title": _title(facts.internal, facts.variant),
        "description": _description(facts.internal, facts.variant),
        "rendered_at": rendered_at or timezone.now(),
        "prose": facts.prose,
        "register": facts.register,
        "audits": facts.audits,
        "disclosed_partners": facts.disclosed_partners,
        "all_partners": facts.all_partners,
        "withheld_counts": facts.withheld_counts,
        "withheld_total": facts.withheld_total,
        "screening_lists": facts.screening_lists,
        "screening_counts": facts.screening_counts,
        "signoff": signoff,
        # Remedy, grievances, engagement and tracking (UNGP 18, 20, 22, 29, 31).
        "case_figures": facts.case_figures,
        "mechanism": facts.mechanism,
        "self_assessment": facts.self_assessment,
        "grievance_url": facts.grievance_url,
        "requests": facts.requests,
        "engagement_groups": facts.engagement_groups,
        "previous_period": facts.previous_period,
        "invitation_figures": facts.invitation_figures,
    }
    composer = Composer(facts)
    if facts.variant in STATUTORY:
        published = signoff.published_at if isinstance(signoff, PublishedReport) else context["rendered_at"]
        chapters = statutory_chapters(composer, facts.variant, timezone.localdate(published) if signoff else None)
    else:
        chapters = compose_chapters(composer, facts.variant)
    context["chapters"] = chapters
    if facts.internal:
        evidence = list(assessment.evidence.select_related("question", "uploaded_by"))
        prose, snapshot, register = facts.prose, facts.snapshot, facts.register
        register_risks = {risk.pk: risk for risk in register.risks}
        context.update(
            {
                "board": board_summary(
                    register, facts.audits, facts.screening_results, facts.information_requests, prose
                ),
                "steps": answer_rows(snapshot, {file.token: file for file in evidence}),
                "evidence": evidence,
                "transitions": list(assessment.transitions.select_related("by")),
                "cases": facts.cases,
                "engagements": facts.engagements,
                "information_requests": facts.information_requests,
                "screening_results": facts.screening_results,
                "decided_suggestions": list(
                    assessment.suggestion_decisions.select_related("question", "risk", "decided_by").order_by(
                        "decided_at", "pk"
                    )
                ),
                "pending_suggestions": pending_suggestions(snapshot),
                "lowered_risks": [risk for risk in register.risks if risk.scores_lowered_reason],
                # The register's own risk objects, which carry their labels (R1, R2 …).
                "explained_risks": [
                    (register_risks.get(risk.pk, risk), evidence)
                    for risk, evidence in potential_despite_evidence(assessment, snapshot)
                ],
                "residual_reasons": [risk for risk in register.risks if risk.residual_reason],
                "comments": list(
                    Comment.objects.filter(assessment=assessment).select_related(
                        "author", "replied_by", "resolved_by", "question"
                    )
                ),
                "partner_answers": [
                    {"invitation": invitation, "rows": answer_rows_of(invitation)}
                    for invitation in facts.invitations
                    if invitation.status == InvitationStatus.SUBMITTED
                ],
            }
        )
    prose = facts.prose
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


def _description(internal: bool, variant: str) -> str:
    """The PDF's subject (its XMP description): what the document is and what it answers to, per variant."""
    if internal:
        return "Internal record of a human rights due diligence assessment under the UN Guiding Principles"
    descriptions: dict[str, str] = {
        Variant.UK_MSA: "Due diligence report of one assessment, arranged in the areas of section 54(5) of the UK "
        "Modern Slavery Act 2015",
        Variant.NORWAY: "Due diligence report of one assessment, arranged as section 5 of the Norwegian Transparency "
        "Act asks",
    }
    return descriptions.get(
        variant,
        "Human rights due diligence report under the UN Guiding Principles, indexed to the UNGP Reporting Framework",
    )
