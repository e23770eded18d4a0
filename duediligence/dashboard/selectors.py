"""The management view: every assessment of the organisation with the figures a manager signs off on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count

from duediligence.accounts.models import Membership, Organisation
from duediligence.assessments.models import Assessment, AssessmentQuerySet
from duediligence.assessments.workflow import EDITABLE, UNDER_REVIEW
from duediligence.partners.models import MatchStatus, ScreeningMatch
from duediligence.risks import heatmap, scoring
from duediligence.risks.models import MitigationAction, Risk

BANDS = ["critical", "high", "medium", "low"]


@dataclass
class AssessmentRow:
    assessment: Assessment
    bands: dict[str, int] = field(default_factory=dict)
    confirmed: int = 0
    overdue: int = 0
    published: dict[str, object] = field(default_factory=dict)


ROWS_PER_PAGE = 25
# What salience needs of a risk.
SCORE_FIELDS = ["id", "assessment_id", "scale", "scope", "irremediability", "likelihood"]


# The longest-overdue actions are listed; the rest are counted (each register lists all of its own).
OVERDUE_SHOWN = 10


def overdue_actions(organisation: Organisation) -> tuple[list[MitigationAction], int]:
    """The longest-overdue mitigation actions of the organisation, and how many are overdue in all."""
    overdue = (
        MitigationAction.objects.filter(risk__assessment__organisation=organisation)
        .overdue()
        .select_related("risk__assessment")
        .order_by("due_date", "pk")
    )
    shown = list(overdue[:OVERDUE_SHOWN])
    return shown, overdue.count() if len(shown) == OVERDUE_SHOWN else len(shown)


def assessments_to_work_on(membership: Membership) -> AssessmentQuerySet:
    """An officer's editable assessments, an auditor's submitted ones, an admin's all; newest change first."""
    assessments = Assessment.objects.visible_to(membership).select_related("questionnaire")
    if membership.is_officer:
        assessments = assessments.filter(status__in=EDITABLE)
    elif membership.is_auditor:
        assessments = assessments.filter(status__in=UNDER_REVIEW)
    return assessments.order_by("-updated_at", "-pk")


def management_page(
    organisation: Organisation, page_number: str | None
) -> tuple[Page, list[AssessmentRow], heatmap.HeatMap]:
    """One page of assessments with their figures, and the combined heat map of all current ones.

    A fixed handful of queries, and work that grows with the page, not with the organisation: the figures
    are counted for the page's assessments only, and the map reads four numbers per risk.
    """
    assessments = (
        Assessment.objects.filter(organisation=organisation)
        .select_related("questionnaire")
        .prefetch_related("published_reports")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(assessments, ROWS_PER_PAGE).get_page(page_number)
    rows = {a.pk: AssessmentRow(a, published={r.kind: r for r in a.published_reports.all()}) for a in page}
    bands: dict[int, Counter] = {}
    for risk in Risk.objects.filter(assessment_id__in=list(rows)).only(*SCORE_FIELDS):
        bands.setdefault(risk.assessment_id, Counter())[risk.salience_band] += 1
    for pk, counter in bands.items():
        rows[pk].bands = {band: counter.get(band, 0) for band in BANDS}
    confirmed = (
        ScreeningMatch.objects.filter(partner__assessment_id__in=list(rows), status=MatchStatus.CONFIRMED)
        .values("partner__assessment")
        .annotate(n=Count("id"))
    )
    for item in confirmed:
        rows[item["partner__assessment"]].confirmed = item["n"]
    overdue = (
        MitigationAction.objects.filter(risk__assessment_id__in=list(rows))
        .overdue()
        .values("risk__assessment")
        .annotate(n=Count("id"))
    )
    for item in overdue:
        rows[item["risk__assessment"]].overdue = item["n"]
    return page, list(rows.values()), combined_map(organisation)


def combined_map(organisation: Organisation) -> heatmap.HeatMap:
    """How many risks of the organisation's current assessments fall in each cell.

    Counted in PostgreSQL by their four scores (at most 625 groups), so the work does not grow with the
    number of risks. Only the current revision of each assessment counts: a superseded one would count twice.
    """
    superseded = Assessment.objects.filter(organisation=organisation, previous_revision__isnull=False).values(
        "previous_revision_id"
    )
    groups = (
        Risk.objects.filter(assessment__organisation=organisation)
        .exclude(assessment_id__in=superseded)
        .values_list("scale", "scope", "irremediability", "likelihood")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: Counter = Counter()
    for scale, scope, irremediability, likelihood, n in groups:
        counts[(scoring.severity(scale, scope, irremediability), likelihood)] += n
    return heatmap.build_counts(counts, title="Combined heat map of current assessments")
