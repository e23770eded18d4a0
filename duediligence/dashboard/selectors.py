"""The management view: every assessment of the organisation with the figures a manager signs off on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from duediligence.assessments.models import Assessment
from duediligence.partners.models import MatchStatus, ScreeningMatch
from duediligence.risks import heatmap
from duediligence.risks.models import MitigationAction, Risk

BANDS = ["critical", "high", "medium", "low"]


@dataclass
class AssessmentRow:
    assessment: Assessment
    bands: dict[str, int] = field(default_factory=dict)
    confirmed: int = 0
    overdue: int = 0
    published: dict[str, object] = field(default_factory=dict)


def management_rows(organisation) -> tuple[list[AssessmentRow], heatmap.HeatMap]:
    """A fixed handful of queries whatever the number of assessments."""
    assessments = list(
        Assessment.objects.filter(organisation=organisation)
        .select_related("questionnaire")
        .prefetch_related("published_reports")
        .order_by("-updated_at")
    )
    rows = {a.pk: AssessmentRow(a, published={r.kind: r for r in a.published_reports.all()}) for a in assessments}
    risks = list(Risk.objects.filter(assessment__organisation=organisation))
    bands: dict[int, Counter] = {}
    for risk in risks:
        bands.setdefault(risk.assessment_id, Counter())[risk.salience_band] += 1
    for pk, counter in bands.items():
        rows[pk].bands = {band: counter.get(band, 0) for band in BANDS}
    confirmed = (
        ScreeningMatch.objects.filter(partner__assessment__organisation=organisation, status=MatchStatus.CONFIRMED)
        .values("partner__assessment")
        .annotate(n=Count("id"))
    )
    for item in confirmed:
        rows[item["partner__assessment"]].confirmed = item["n"]
    overdue = (
        MitigationAction.objects.filter(risk__assessment__organisation=organisation)
        .overdue()
        .values("risk__assessment")
        .annotate(n=Count("id"))
    )
    for item in overdue:
        rows[item["risk__assessment"]].overdue = item["n"]
    # The combined map shows the current revision of each assessment: a superseded revision would count twice.
    current = {a.pk for a in assessments if not any(b.previous_revision_id == a.pk for b in assessments)}
    live = [risk for risk in risks if risk.assessment_id in current]
    labels = {risk.pk: f"A{risk.assessment_id}-R{index}" for index, risk in enumerate(live, start=1)}
    combined = heatmap.build(live, residual=False, labels=labels)
    combined.title = "Combined heat map of current assessments"
    return list(rows.values()), combined
