"""Writes to the risk register. Each checks that the assessment is still open for editing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from duediligence.accounts.models import User
from duediligence.assessments.models import Assessment
from duediligence.questionnaires.models import Question
from duediligence.risks.models import MitigationAction, Risk, SuggestionDecision, SuggestionOutcome


def _lock_editable(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_editable:
        raise ValidationError(f"This assessment is {locked.get_status_display().lower()} and can no longer be edited.")
    return locked


@transaction.atomic
def risk_save(*, assessment: Assessment, risk: Risk, user: User, source_question: Question | None = None) -> Risk:
    """Create or update a risk; a risk made from a suggestion records the suggestion as accepted."""
    locked = _lock_editable(assessment)
    creating = risk.pk is None
    risk.assessment = locked
    if creating:
        risk.created_by = user
        risk.source_question = source_question
    risk.save()
    if creating and source_question is not None:
        SuggestionDecision.objects.update_or_create(
            assessment=locked,
            question=source_question,
            defaults={"outcome": SuggestionOutcome.ACCEPTED, "risk": risk, "reason": "", "decided_by": user},
        )
    return risk


@transaction.atomic
def risk_delete(*, risk: Risk) -> None:
    _lock_editable(risk.assessment)
    risk.delete()


@transaction.atomic
def suggestion_dismiss(*, assessment: Assessment, question: Question, reason: str, user: User) -> SuggestionDecision:
    locked = _lock_editable(assessment)
    decision, _ = SuggestionDecision.objects.update_or_create(
        assessment=locked,
        question=question,
        defaults={"outcome": SuggestionOutcome.DISMISSED, "reason": reason.strip(), "risk": None, "decided_by": user},
    )
    return decision


@transaction.atomic
def action_save(*, action: MitigationAction, risk: Risk) -> MitigationAction:
    _lock_editable(risk.assessment)
    action.risk = risk
    action.save()
    return action
