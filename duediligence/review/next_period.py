"""Starting the next period's assessment from this one: what was found and promised carries forward, linked.

A new reporting period asks the same questions again, but the risks, the actions still open and the indicators
are the company's continuing work: they are copied into the new assessment, each remembering the uid of the item
it came from, so the reports can compare salience and indicator results with the period before. Answers,
remedies, audits, partners and indicator results are the period's own and start empty.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from duediligence.accounts.models import Membership
from duediligence.assessments.models import Assessment
from duediligence.assessments.services import assessment_create
from duediligence.risks.models import OPEN_ACTION_STATUSES, Indicator, MitigationAction, Risk

RISK_FIELDS = (
    "title",
    "category",
    "rights_affected",
    "people_affected",
    "scale",
    "scope",
    "irremediability",
    "likelihood",
    "involvement",
    "impact",
    "leverage",
    "crucial_relationship",
    "residual_severity",
    "residual_likelihood",
    "scores_lowered_reason",
)
INDICATOR_FIELDS = ("name", "kind", "unit", "baseline", "target", "higher_is_better", "source", "review_date")


@transaction.atomic
def next_period_start(
    *,
    previous: Assessment,
    membership: Membership,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
) -> Assessment:
    if previous.organisation_id != membership.organisation_id:
        raise ValidationError("The previous assessment belongs to another organisation.")
    if period_start <= previous.period_end:
        raise ValidationError(
            f"The next period must start after the previous one ends ({previous.period_end:%-d %B %Y})."
        )
    if period_end < period_start:
        raise ValidationError("The period must end after it starts.")
    assessment = assessment_create(
        membership=membership,
        title=title,
        country=previous.country,
        region=previous.region,
        scope=previous.scope,
        period_start=period_start,
        period_end=period_end,
    )
    assessment.previous_period = previous
    assessment.save(update_fields=["previous_period"])
    for old in previous.risks.prefetch_related("actions", "indicators").order_by("id"):
        risk = Risk.objects.create(
            assessment=assessment,
            created_by=membership.user,
            carried_from=old.uid,
            **{name: getattr(old, name) for name in RISK_FIELDS},
        )
        MitigationAction.objects.bulk_create(
            [
                MitigationAction(
                    risk=risk,
                    description=action.description,
                    owner=action.owner,
                    due_date=max(action.due_date, period_start),
                    status=action.status,
                )
                for action in old.actions.all()
                if action.status in OPEN_ACTION_STATUSES
            ]
        )
        Indicator.objects.bulk_create(
            [
                Indicator(risk=risk, carried_from=indicator.uid, **{n: getattr(indicator, n) for n in INDICATOR_FIELDS})
                for indicator in old.indicators.all()
            ]
        )
    return assessment


def previous_items(assessment: Assessment) -> tuple[dict, dict]:
    """The previous period's risks and indicators by uid, for comparison; empty when there is none."""
    if assessment.previous_period_id is None:
        return {}, {}
    risks = {
        risk.uid: risk
        for risk in Risk.objects.filter(assessment_id=assessment.previous_period_id).prefetch_related(
            "indicators__results"
        )
    }
    indicators = {indicator.uid: indicator for risk in risks.values() for indicator in risk.indicators.all()}
    return risks, indicators
