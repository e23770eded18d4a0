"""Writes to the risk register. Each checks that the assessment is still open for editing."""

from __future__ import annotations

from django.db import transaction

from duediligence.accounts.models import User
from duediligence.assessments.models import Assessment
from duediligence.assessments.services import lock_editable
from duediligence.questionnaires.models import Question
from duediligence.risks.models import (
    Indicator,
    IndicatorResult,
    MitigationAction,
    Remedy,
    Risk,
    SuggestionDecision,
    SuggestionOutcome,
)


@transaction.atomic
def risk_save(
    *,
    assessment: Assessment,
    risk: Risk,
    user: User,
    source_question: Question | None = None,
    also_decides: tuple[Question, ...] = (),
) -> Risk:
    """Create or update a risk; a risk made from a suggestion records it as accepted, for every flagged answer
    behind it (the source question and `also_decides`)."""
    locked = lock_editable(assessment)
    creating = risk.pk is None
    risk.assessment = locked
    if creating:
        risk.created_by = user
        risk.source_question = source_question
    risk.save()
    if creating and source_question is not None:
        for question in (source_question, *also_decides):
            SuggestionDecision.objects.update_or_create(
                assessment=locked,
                question=question,
                defaults={"outcome": SuggestionOutcome.ACCEPTED, "risk": risk, "reason": "", "decided_by": user},
            )
    return risk


@transaction.atomic
def risk_delete(*, risk: Risk) -> None:
    lock_editable(risk.assessment)
    risk.delete()


@transaction.atomic
def suggestion_dismiss(
    *, assessment: Assessment, question: Question, reason: str, user: User, also_decides: tuple[Question, ...] = ()
) -> SuggestionDecision:
    """Dismiss a suggested risk with a reason, for every flagged answer behind it."""
    locked = lock_editable(assessment)
    decisions = [
        SuggestionDecision.objects.update_or_create(
            assessment=locked,
            question=each,
            defaults={
                "outcome": SuggestionOutcome.DISMISSED,
                "reason": reason.strip(),
                "risk": None,
                "decided_by": user,
            },
        )[0]
        for each in (question, *also_decides)
    ]
    return decisions[0]


@transaction.atomic
def action_save(*, action: MitigationAction, risk: Risk) -> MitigationAction:
    lock_editable(risk.assessment)
    action.risk = risk
    action.save()
    return action


@transaction.atomic
def remedy_save(*, remedy: Remedy, risk: Risk) -> Remedy:
    lock_editable(risk.assessment)
    remedy.risk = risk
    remedy.save()
    return remedy


@transaction.atomic
def indicator_save(*, indicator: Indicator, risk: Risk) -> Indicator:
    lock_editable(risk.assessment)
    indicator.risk = risk
    indicator.save()
    return indicator


@transaction.atomic
def indicator_result_save(*, result: IndicatorResult, indicator: Indicator) -> IndicatorResult:
    lock_editable(indicator.risk.assessment)
    result.indicator = indicator
    result.save()
    return result


@transaction.atomic
def item_delete(*, item: Remedy | Indicator | IndicatorResult, assessment: Assessment) -> None:
    lock_editable(assessment)
    item.delete()
