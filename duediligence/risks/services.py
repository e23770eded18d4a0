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
    subjects: tuple[str, ...] = (),
    first_action: MitigationAction | None = None,
) -> Risk:
    """Create or update a risk; a risk made from a suggestion records it as accepted, for every flag behind it
    (the source question, `also_decides`, and the `subjects` of flags no answer raised). A new risk may come with
    its first mitigation action, saved with it."""
    locked = lock_editable(assessment)
    creating = risk.pk is None
    risk.assessment = locked
    if creating:
        risk.created_by = user
        risk.source_question = source_question
    risk.save()
    if creating:
        accepted = {"outcome": SuggestionOutcome.ACCEPTED, "risk": risk, "reason": "", "decided_by": user}
        questions = (source_question, *also_decides) if source_question is not None else also_decides
        for question in questions:
            SuggestionDecision.objects.update_or_create(assessment=locked, question=question, defaults=accepted)
        for subject in subjects:
            SuggestionDecision.objects.update_or_create(assessment=locked, subject=subject, defaults=accepted)
        if first_action is not None:
            first_action.risk = risk
            first_action.save()
    return risk


@transaction.atomic
def risk_delete(*, risk: Risk) -> None:
    lock_editable(risk.assessment)
    risk.delete()


@transaction.atomic
def suggestion_dismiss(
    *,
    assessment: Assessment,
    question: Question | None,
    reason: str,
    user: User,
    also_decides: tuple[Question, ...] = (),
    subjects: tuple[str, ...] = (),
) -> SuggestionDecision:
    """Dismiss a suggested risk with a reason, for every flag behind it (answers' questions and subjects)."""
    locked = lock_editable(assessment)
    dismissed = {"outcome": SuggestionOutcome.DISMISSED, "reason": reason.strip(), "risk": None, "decided_by": user}
    questions = (question, *also_decides) if question is not None else also_decides
    decisions = [
        SuggestionDecision.objects.update_or_create(assessment=locked, question=each, defaults=dismissed)[0]
        for each in questions
    ] + [
        SuggestionDecision.objects.update_or_create(assessment=locked, subject=subject, defaults=dismissed)[0]
        for subject in subjects
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
