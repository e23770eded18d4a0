"""What must be decided before an assessment can be submitted: substance, not only completeness.

A complete questionnaire can still hide open decisions: a risk the answers suggested that nobody accepted or
dismissed, a partner that may be a listed entity, a high risk with no action against it, an actual harm the
company causes or contributes to with no remedy recorded (UNGP 22), an audit finding with
nothing to correct it, or a decision to stay while a critical risk remains, with no word of why. Each is listed
on the check-answers page with a link to where it is decided, and submission is refused while any remains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import caches
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from duediligence.assessments.models import Assessment
from duediligence.assessments.snapshot import Snapshot
from duediligence.audits.models import CorrectiveAction, Finding
from duediligence.engagement.models import InformationRequest
from duediligence.grievances.models import Case, Criterion, Mechanism
from duediligence.lib.fragments import CACHE, key_of
from duediligence.lib.text import shortened
from duediligence.partners.models import MatchStatus, Partner
from duediligence.review.harm_evidence import HARM_CASE_OUTCOMES, potential_despite_evidence
from duediligence.risks.models import ActionStatus, Impact, Involvement
from duediligence.risks.register import pending_suggestions

# Each kind lists at most this many items by name; the rest are counted (the linked page lists them all).
SHOWN_PER_KIND = 20
CONTINUING = ("continue", "continue_with_conditions")


@dataclass
class OpenItem:
    text: str
    url: str


@dataclass
class OpenKind:
    key: str
    heading: str
    items: list[OpenItem] = field(default_factory=list)
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass
class Readiness:
    kinds: list[OpenKind]

    @property
    def count(self) -> int:
        return sum(kind.count for kind in self.kinds)

    @property
    def open_kinds(self) -> list[OpenKind]:
        return [kind for kind in self.kinds if kind.count]

    def message(self) -> str:
        count = self.count
        return (
            f"{count} decision{'s are' if count != 1 else ' is'} still open: decide each one below, then submit. "
            "An auditor reviews decisions, so none may be left to them."
        )


def readiness_of(assessment: Assessment, snapshot: Snapshot | None = None) -> Readiness:
    snapshot = snapshot or Snapshot(assessment)
    kinds = [
        _suggestions(assessment, snapshot),
        _potential_matches(assessment),
        _potential_despite_evidence(assessment, snapshot),
        _unmitigated_risks(assessment),
        _salient_without_indicator(assessment),
        _unearned_residuals(assessment),
        _unremedied_harms(assessment),
        _uncorrected_findings(assessment),
        _overdue_corrections(assessment),
        _overdue_requests(assessment),
        _unlinked_cases(assessment),
        _unrated_criteria(assessment),
        _unjustified_presence(assessment, snapshot),
    ]
    for kind in kinds:
        kind.items = kind.items[:SHOWN_PER_KIND]
    return Readiness(kinds)


def _suggestions(assessment: Assessment, snapshot: Snapshot) -> OpenKind:
    kind = OpenKind("suggestions", "Suggested risks neither accepted nor dismissed")
    register = reverse("risks:register", args=[assessment.pk])
    suggestions = pending_suggestions(snapshot)
    kind.count = len(suggestions)
    kind.items = [
        OpenItem(
            f"{suggestion.title} (from {len(suggestion.flags)} answer{'s' if len(suggestion.flags) != 1 else ''})",
            f"{register}#suggestion-{suggestion.key}",  # the suggestion named, not the top of the list
        )
        for suggestion in suggestions
    ]
    return kind


def _potential_matches(assessment: Assessment) -> OpenKind:
    kind = OpenKind("matches", "Partners that may be listed entities, neither confirmed nor dismissed")
    partners = (
        Partner.objects.filter(assessment=assessment, matches__status=MatchStatus.POTENTIAL)
        .annotate(potential=Count("matches", filter=Q(matches__status=MatchStatus.POTENTIAL)))
        .order_by("name", "pk")
    )
    kind.count = partners.count()
    kind.items = [
        OpenItem(
            f"{partner.name}: {partner.potential} possible match{'es' if partner.potential != 1 else ''}",
            reverse("partners:detail", args=[assessment.pk, partner.pk]),
        )
        for partner in partners[:SHOWN_PER_KIND]
    ]
    return kind


def _unmitigated_risks(assessment: Assessment) -> OpenKind:
    return _salient_without(
        assessment,
        "actions",
        OpenKind("unmitigated", "Salient risks (high or critical) without a mitigation action"),
        "risks:action_new",
    )


def _salient_without(assessment: Assessment, relation: str, kind: OpenKind, add_url: str) -> OpenKind:
    """The salient risks with no row in `relation` (their actions, their indicators), each linked to adding one."""
    risks = [
        risk
        for risk in assessment.risks.annotate(related=Count(relation)).order_by("pk")
        if risk.related == 0 and risk.is_salient
    ]
    kind.count = len(risks)
    kind.items = [
        OpenItem(f"{risk.title} ({risk.salience_band})", reverse(add_url, args=[assessment.pk, risk.pk]))
        for risk in risks
    ]
    return kind


def _potential_despite_evidence(assessment: Assessment, snapshot: Snapshot) -> OpenKind:
    kind = OpenKind(
        "actual", "Risks recorded as potential although a record says the harm is happening, with no reason why"
    )
    found = [
        (risk, items) for risk, items in potential_despite_evidence(assessment, snapshot) if not risk.potential_reason
    ]
    kind.count = len(found)
    kind.items = [
        OpenItem(
            f"{risk.title}: {'; '.join(item.text for item in items[:2])}"
            + (f" and {len(items) - 2} more" if len(items) > 2 else "")
            + ". Mark it actual, or say why it is not",
            reverse("risks:edit", args=[assessment.pk, risk.pk]) + "#id_impact",
        )
        for risk, items in found
    ]
    return kind


def _salient_without_indicator(assessment: Assessment) -> OpenKind:
    return _salient_without(
        assessment,
        "indicators",
        OpenKind("indicators", "Salient risks with no indicator tracking the response (UNGP 20)"),
        "risks:indicator_new",
    )


def _unearned_residuals(assessment: Assessment) -> OpenKind:
    """Residual scores that lower the band with no reason or no action done: the form refuses them, but risks also
    arrive through imports and earlier versions of the form."""
    kind = OpenKind("residual", "Residual scores in a lower band without a reason or a mitigation action done")
    risks = [
        risk
        for risk in assessment.risks.annotate(
            done=Count("actions", filter=Q(actions__status=ActionStatus.DONE))
        ).order_by("pk")
        if risk.residual_lowers_band and (not risk.residual_reason.strip() or not risk.done)
    ]
    kind.count = len(risks)
    kind.items = [
        OpenItem(
            f"{risk.title}: {risk.salience_band} before mitigation, {risk.residual_band} after"
            + ("; no action done yet" if not risk.done else "; no reason given"),
            reverse("risks:edit", args=[assessment.pk, risk.pk]) + "#id_residual_severity",
        )
        for risk in risks
    ]
    return kind


def _overdue_corrections(assessment: Assessment) -> OpenKind:
    kind = OpenKind("corrections", "Corrective actions on audit findings past their due date")
    actions = (
        CorrectiveAction.objects.filter(finding__audit__assessment=assessment)
        .overdue()
        .select_related("finding__audit")
        .order_by("due_date", "pk")
    )
    kind.count = actions.count()
    kind.items = [
        OpenItem(
            f"{shortened(action.description, 80)} (for a {action.finding.get_severity_display().lower()} finding, "
            f"due {date_format(action.due_date, 'j M Y')}): done, or a new date with its reason",
            reverse(
                "audits:action_edit",
                args=[assessment.pk, action.finding.audit_id, action.finding_id, action.pk],
            ),
        )
        for action in actions[:SHOWN_PER_KIND]
    ]
    return kind


def _overdue_requests(assessment: Assessment) -> OpenKind:
    kind = OpenKind("requests", "Requests for information past the date promised for an answer")
    requests = InformationRequest.objects.filter(assessment=assessment).overdue().order_by("due_on", "pk")
    kind.count = requests.count()
    kind.items = [
        OpenItem(
            f"{shortened(request.topic, 80)} (from a {request.get_requester_kind_display().lower()}, due "
            f"{date_format(request.due_on, 'j M Y')})",
            reverse("engagement:request_edit", args=[assessment.pk, request.pk]),
        )
        for request in requests[:SHOWN_PER_KIND]
    ]
    return kind


def _unlinked_cases(assessment: Assessment) -> OpenKind:
    kind = OpenKind("cases", "Grievance cases found substantiated in the period, linked to no risk")
    cases = Case.objects.filter(
        organisation_id=assessment.organisation_id,
        outcome__in=HARM_CASE_OUTCOMES,
        risk_uids=[],
        received_at__date__lte=assessment.period_end,
    ).filter(Q(closed_at__isnull=True) | Q(closed_at__date__gte=assessment.period_start))
    kind.count = cases.count()
    kind.items = [
        OpenItem(
            f"Case {case.code} ({case.get_issue_display().lower()}, {case.get_outcome_display().lower()})",
            reverse("grievances:risks", args=[case.pk]),
        )
        for case in cases.order_by("received_at", "pk")[:SHOWN_PER_KIND]
    ]
    return kind


def _unrated_criteria(assessment: Assessment) -> OpenKind:
    kind = OpenKind("criteria", "UNGP 31 criteria of the grievance mechanism not yet rated")
    mechanism = Mechanism.objects.filter(organisation_id=assessment.organisation_id).first()
    if mechanism is None:
        return kind  # no mechanism of its own recorded: there is nothing to rate (the report says so)
    rated = set(mechanism.criteria.exclude(rating="").values_list("criterion", flat=True))
    missing = [criterion for criterion in Criterion if criterion not in rated]
    kind.count = len(missing)
    kind.items = [
        OpenItem(str(criterion.label).split(":")[0], reverse("grievances:mechanism") + f"#criterion-{criterion.value}")
        for criterion in missing
    ]
    return kind


def _unremedied_harms(assessment: Assessment) -> OpenKind:
    kind = OpenKind("remedy", "Actual harms the company causes or contributes to, with no remedy recorded")
    risks = assessment.risks.filter(
        impact=Impact.ACTUAL, involvement__in=(Involvement.CAUSES, Involvement.CONTRIBUTES), remedies__isnull=True
    ).order_by("pk")
    kind.count = risks.count()
    kind.items = [
        OpenItem(
            f"{risk.title} ({risk.get_involvement_display().lower()}): what was provided, or why not",
            reverse("risks:remedy_new", args=[assessment.pk, risk.pk]),
        )
        for risk in risks[:SHOWN_PER_KIND]
    ]
    return kind


def _uncorrected_findings(assessment: Assessment) -> OpenKind:
    kind = OpenKind("findings", "Audit findings without a corrective action")
    findings = (
        Finding.objects.filter(audit__assessment=assessment)
        .annotate(action_count=Count("actions"))
        .filter(action_count=0)
        .select_related("audit")
        .order_by("audit_id", "pk")
    )
    kind.count = findings.count()
    kind.items = [
        OpenItem(
            f"{finding.get_severity_display()} finding of {finding.audit.firm}: {finding.description[:80]}",
            reverse("audits:action_new", args=[assessment.pk, finding.audit_id, finding.pk]),
        )
        for finding in findings[:SHOWN_PER_KIND]
    ]
    return kind


def _unjustified_presence(assessment: Assessment, snapshot: Snapshot) -> OpenKind:
    kind = OpenKind("presence", "A decision to stay while a critical risk remains, without a written justification")
    decision = snapshot.visible.get("presence_decision")
    if decision not in CONTINUING or (snapshot.visible.get("decision_rationale") or "").strip():
        return kind
    critical = [
        risk
        for risk in assessment.risks.order_by("pk")
        if (risk.residual_band if risk.has_residual else risk.salience_band) == "critical"
    ]
    if not critical:
        return kind
    question = next((q for q in snapshot.questions if q.key == "decision_rationale"), None)
    url = (
        reverse("assessments:section", args=[assessment.pk, question.section.step.number, question.section.key])
        + f"#q-{question.key}"
        if question
        else reverse("assessments:overview", args=[assessment.pk])
    )
    names = ", ".join(risk.title for risk in critical[:5])
    kind.count = 1
    kind.items = [OpenItem(f"Say why staying is justified while these stay critical: {names}", url)]
    return kind


def open_decision_count(assessment: Assessment) -> int:
    """How many decisions the check page would list, cached under the assessment's content version (which every
    change raises) and the day (actions and requests fall overdue at midnight), so every page of the assessment
    can say it at the cost of one cache read; scoped to the organisation, as every part of its pages is."""
    key = key_of(
        "open-decisions",
        assessment.pk,
        assessment.content_version,
        timezone.localdate(),
        scope=f"o{assessment.organisation_id}",
    )
    cache = caches[CACHE]
    count = cache.get(key)
    if count is None:
        count = readiness_of(assessment).count
        cache.set(key, count)
    return int(count)
