"""Evidence that a risk recorded as potential is an actual harm (issue 34: actual means actual).

Three records say a harm is happening or has happened: a grievance case found substantiated (wholly or partly)
and linked to the risk; an audit finding of high or critical severity linked to it; and a flagged answer whose
rule says the harm is occurring (`risk_rule.actual`, from questionnaire version 3), where the answer's
suggestion was accepted as this risk. A risk with such evidence is made actual, or keeps "potential" only with a
written reason (Risk.potential_reason) that the auditor reads and the internal report prints; the check page
lists every risk with evidence and neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from duediligence.assessments.models import Assessment
from duediligence.assessments.snapshot import Snapshot
from duediligence.audits.models import Finding
from duediligence.grievances.models import Case, Outcome
from duediligence.lib.text import shortened
from duediligence.risks.models import Impact, Risk

# Findings this grave say the auditor saw the harm, not only a weakness.
HARM_FINDING_SEVERITIES = ("high", "critical")
HARM_CASE_OUTCOMES = (Outcome.SUBSTANTIATED, Outcome.PARTLY)


@dataclass(frozen=True)
class HarmEvidence:
    text: str
    url: str


def actual_harm_evidence(assessment: Assessment, snapshot: Snapshot | None = None) -> dict[int, list[HarmEvidence]]:
    """Each risk of the assessment with the records saying its harm is actual, by risk id (risks without none)."""
    return _evidence(assessment, {risk.pk: risk for risk in assessment.risks.all()}, snapshot)


def _evidence(
    assessment: Assessment, risks: dict[int, Risk], snapshot: Snapshot | None
) -> dict[int, list[HarmEvidence]]:
    found: dict[int, list[HarmEvidence]] = {}
    findings = Finding.objects.filter(risk__in=risks.values(), severity__in=HARM_FINDING_SEVERITIES).select_related(
        "audit"
    )
    for finding in findings.order_by("pk"):
        if finding.risk_id is None:
            continue
        found.setdefault(finding.risk_id, []).append(
            HarmEvidence(
                f"a {finding.get_severity_display().lower()} audit finding of {finding.audit.firm}: "
                f"{shortened(finding.description)}",
                reverse("audits:finding_edit", args=[assessment.pk, finding.audit_id, finding.pk]),
            )
        )
    by_uid = {risk.uid: risk for risk in risks.values()}
    cases = Case.objects.filter(
        organisation_id=assessment.organisation_id,
        outcome__in=HARM_CASE_OUTCOMES,
        risk_uids__overlap=list(by_uid),
    ).only("pk", "code", "outcome", "risk_uids")
    for case in cases.order_by("pk"):
        for uid in case.risk_uids:
            if uid in by_uid:
                found.setdefault(by_uid[uid].pk, []).append(
                    HarmEvidence(
                        f"grievance case {case.code}, found {case.get_outcome_display().lower()}",
                        reverse("grievances:detail", args=[case.pk]),
                    )
                )
    snapshot = snapshot or Snapshot(assessment)
    actual_flags = [flag for flag in snapshot.flags if flag.actual]
    if actual_flags:
        accepted = {
            decision.question_id: decision.risk_id
            for decision in assessment.suggestion_decisions.filter(risk__isnull=False)
        }
        from_question: dict[int | None, set[int]] = {}
        for risk in risks.values():
            from_question.setdefault(risk.source_question_id, set()).add(risk.pk)
        for flag in actual_flags:
            risk_ids = {accepted.get(flag.question.pk)} | from_question.get(flag.question.pk, set())
            for risk_id in risk_ids:
                if risk_id is None:
                    continue
                found.setdefault(risk_id, []).append(
                    HarmEvidence(
                        f"the answer to “{flag.question.label}”, which says the harm is happening",
                        reverse(
                            "assessments:section",
                            args=[assessment.pk, flag.question.section.step.number, flag.question.section.key],
                        )
                        + f"#q-{flag.question.key}",
                    )
                )
    return found


def potential_despite_evidence(
    assessment: Assessment, snapshot: Snapshot | None = None
) -> list[tuple[Risk, list[HarmEvidence]]]:
    """Risks still recorded as potential although records say the harm is actual, with that evidence."""
    risks = {risk.pk: risk for risk in assessment.risks.order_by("pk")}
    evidence = _evidence(assessment, risks, snapshot)
    return [(risk, evidence[pk]) for pk, risk in risks.items() if pk in evidence and risk.impact == Impact.POTENTIAL]
