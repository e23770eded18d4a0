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

from duediligence.assessments.models import Assessment
from duediligence.assessments.snapshot import Snapshot
from duediligence.audits.models import Finding
from duediligence.lib.fragments import CACHE, key_of
from duediligence.partners.models import MatchStatus, Partner
from duediligence.risks.models import Impact, Involvement
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
        _unmitigated_risks(assessment),
        _unremedied_harms(assessment),
        _uncorrected_findings(assessment),
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
    kind = OpenKind("unmitigated", "Salient risks (high or critical) without a mitigation action")
    risks = [
        risk
        for risk in assessment.risks.annotate(action_count=Count("actions")).order_by("pk")
        if risk.action_count == 0 and risk.is_salient
    ]
    kind.count = len(risks)
    kind.items = [
        OpenItem(f"{risk.title} ({risk.salience_band})", reverse("risks:action_new", args=[assessment.pk, risk.pk]))
        for risk in risks
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
    change raises), so every page of the assessment can say it at the cost of one cache read."""
    key = key_of("open-decisions", assessment.pk, assessment.content_version)
    cache = caches[CACHE]
    count = cache.get(key)
    if count is None:
        count = readiness_of(assessment).count
        cache.set(key, count)
    return int(count)
