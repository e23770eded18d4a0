"""Writes to assessments: creating one, saving answers with optimistic locking, submitting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duediligence.accounts.models import Membership, User
from duediligence.assessments.evidence import CheckedUpload, store_checked
from duediligence.assessments.models import Answer, Assessment, Evidence
from duediligence.assessments.workflow import EDITABLE
from duediligence.questionnaires.loader import DEFAULT_SLUG
from duediligence.questionnaires.models import Question, Questionnaire
from duediligence.questionnaires.structure import outline_of_version


@dataclass(frozen=True)
class Conflict:
    question: Question
    their_value: Any
    changed_by: User | None
    changed_at: datetime.datetime


class AnswerConflict(Exception):
    """Someone saved some of the same answers since this user loaded the page; nothing was saved."""

    def __init__(self, conflicts: list[Conflict], current_versions: dict[str, int]) -> None:
        super().__init__(", ".join(conflict.question.key for conflict in conflicts))
        self.conflicts = conflicts
        self.current_versions = current_versions


@dataclass
class SaveResult:
    changed: list[str] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def assessment_create(
    *,
    membership: Membership,
    title: str,
    country: str,
    region: str,
    scope: str,
    period_start: datetime.date,
    period_end: datetime.date,
) -> Assessment:
    questionnaire = Questionnaire.objects.latest_version(DEFAULT_SLUG)
    if questionnaire is None:
        raise ValidationError("No questionnaire is loaded yet: run `python manage.py load_questionnaire`.")
    return Assessment.objects.create(
        organisation=membership.organisation,
        questionnaire=questionnaire,
        title=title,
        country=country,
        region=region,
        scope=scope,
        period_start=period_start,
        period_end=period_end,
        created_by=membership.user,
    )


def lock_in_status(assessment: Assessment, statuses: tuple[str, ...], refusal: str) -> Assessment:
    """The assessment, locked until the transaction ends, if its status is one of `statuses`.

    Otherwise a ValidationError with `refusal`, whose {status} names the status it is in. The check runs inside
    the lock, so a write racing a status change either lands before it or is refused after it.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status not in statuses:
        raise ValidationError(refusal.format(status=locked.get_status_display().lower()))
    return locked


def lock_editable(assessment: Assessment) -> Assessment:
    """Every write to an assessment's content goes through this: refused once it is no longer open for editing."""
    return lock_in_status(assessment, EDITABLE, "This assessment is {status} and can no longer be edited.")


def answers_save(
    *,
    assessment: Assessment,
    user: User,
    values: dict[str, Any],
    base_versions: dict[str, int],
    uploads: dict[str, list[CheckedUpload]] | None = None,
    removals: dict[str, list[str]] | None = None,
) -> SaveResult:
    """Save the answers given, all or nothing.

    `base_versions` holds the version of each answer as the user loaded it. An answer that someone else
    changed since then is a conflict, unless this save leaves it as they left it; any conflict refuses the
    whole save, so no answer is lost silently.
    """
    if not uploads and not removals and assessment.status in EDITABLE:
        # A save that leaves every answer as it is (autosave, "save and come back later" on an unchanged
        # section) conflicts with nothing and writes nothing: it needs no lock and no transaction.
        saved = _answers_of(assessment, set(values))
        if all(_unchanged(saved.get(key), value, base_versions.get(key, 0)) for key, value in values.items()):
            return SaveResult(versions={key: saved[key].version for key in values if key in saved})
    return _answers_save_locked(
        assessment=assessment,
        user=user,
        values=values,
        base_versions=base_versions,
        uploads=uploads or {},
        removals=removals or {},
    )


def _unchanged(answer: Answer | None, value: Any, base_version: int) -> bool:
    if answer is None:
        # No answer and none given is no change, unless the person had seen one (which is a conflict).
        return value is None and base_version == 0
    return answer.value == value


def _answers_of(assessment: Assessment, keys: set[str]) -> dict[str, Answer]:
    """The current answers to the questions `keys`, by key: a section's, not the whole assessment's."""
    outline = outline_of_version(assessment.questionnaire_id)
    ids = [outline.by_key[key].id for key in keys if key in outline.by_key]
    return {
        outline.by_id[found.question_id].key: found
        for found in Answer.objects.filter(assessment=assessment, question_id__in=ids)
    }


@transaction.atomic
def _answers_save_locked(
    *,
    assessment: Assessment,
    user: User,
    values: dict[str, Any],
    base_versions: dict[str, int],
    uploads: dict[str, list[CheckedUpload]],
    removals: dict[str, list[str]],
) -> SaveResult:
    # Locking the assessment row serialises saves of one assessment, so version checks cannot interleave.
    locked = lock_editable(assessment)
    by_key = outline_of_version(locked.questionnaire_id).by_key
    saved = _answers_of(locked, set(values) | set(uploads) | set(removals))
    wanted = dict(values)
    for key in set(uploads) | set(removals):
        current = list(saved[key].value or []) if key in saved else []
        kept = [token for token in current if token not in removals.get(key, [])]
        wanted[key] = kept or None
    conflicts = []
    for key, value in wanted.items():
        answer = saved.get(key)
        if answer and answer.version != base_versions.get(key, 0) and answer.value != value:
            conflicts.append(Conflict(by_key[key], answer.value, _user(answer.updated_by_id), answer.updated_at))
        elif answer is None and base_versions.get(key, 0) != 0:
            conflicts.append(Conflict(by_key[key], None, None, timezone.now()))
    if conflicts:
        raise AnswerConflict(conflicts, {key: saved[key].version if key in saved else 0 for key in wanted})
    now = timezone.now()
    for key, checked_uploads in uploads.items():
        tokens = list(wanted.get(key) or [])
        for checked in checked_uploads:
            evidence = store_checked(Evidence(assessment=locked, question=by_key[key], uploaded_by=user), checked)
            tokens.append(evidence.token)
        wanted[key] = tokens or None
    result = SaveResult()
    for key, value in wanted.items():
        answer = saved.get(key)
        if answer is None:
            if value is None:
                continue
            answer = Answer.objects.create(
                assessment=locked, question=by_key[key], value=value, updated_by=user, updated_at=now
            )
            result.changed.append(key)
        elif answer.value != value:
            answer.value = value
            answer.version += 1
            answer.updated_by = user
            answer.updated_at = now
            answer.save(update_fields=["value", "version", "updated_by", "updated_at"])
            result.changed.append(key)
        result.versions[key] = answer.version
    if result.changed:
        Assessment.objects.filter(pk=locked.pk).update(updated_at=now)
    return result


def _user(user_id: int | None) -> User | None:
    return User.objects.filter(pk=user_id).first() if user_id else None
