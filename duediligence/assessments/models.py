"""An organisation's assessment against one questionnaire version, its answers and their history."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from duediligence.accounts.models import Membership, Organisation, Role
from duediligence.lib.fields import BoundedTextField, uid_field
from duediligence.questionnaires.models import Question, Questionnaire


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


def new_public_token() -> str:
    return secrets.token_urlsafe(32)


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, membership: Membership | None) -> AssessmentQuerySet:
        """What a member may see: their own organisation only; auditors nothing that is still a draft."""
        if membership is None:
            return self.none()
        mine = self.filter(organisation_id=membership.organisation_id)
        if membership.role == Role.AUDITOR:
            return mine.exclude(status=Status.DRAFT)
        return mine


class Assessment(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="assessments")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=200)
    country = models.CharField(max_length=100)
    region = models.CharField("region or province", max_length=100, blank=True)
    scope = BoundedTextField("business scope", help_text="The products and services this assessment covers.")
    period_start = models.DateField("reporting period from")
    period_end = models.DateField("reporting period to")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    # Revisions of one assessment share the token of their public page, which lists every published revision.
    previous_revision = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_revision"
    )
    # The assessment of the period before, when this one was started from it: its risks, actions and indicators
    # were carried forward, and the reports compare with it.
    previous_period = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_periods"
    )
    public_token = models.CharField(max_length=43, default=new_public_token, db_index=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by PostgreSQL whenever the assessment or any row that hangs off it changes (content_version.py);
    # cached parts of pages are keyed on it. Never written by model code: a trigger keeps it from going down.
    content_version = models.BigIntegerField(default=0, editable=False)
    # Open for editing again after being frozen (changes requested, or a correction's copy): list editions
    # imported meanwhile were not screened on its partners, so the next list change screens the partners it
    # concerns against every entry, and a full screening of the assessment clears it (partners/lists.py).
    partners_screening_stale = models.BooleanField(default=False, editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="assessment_period_ordered"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="assessment_status_known"),
        ]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    """The current answer to one question. Every insert and change is copied to AnswerChange by a trigger."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(null=True, blank=True)
    # Optimistic lock: a save names the version it started from and is refused if another save came first.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.question.key} = {self.value!r}"


class AnswerChange(models.Model):
    """History of an answer, written by the database trigger in migration 0002, so that no code path
    (a bulk update, a shell session, a data migration) can change an answer without leaving a trace."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="changes")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    old_value = models.JSONField(null=True)
    new_value = models.JSONField(null=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["assessment", "question", "-changed_at"], name="answer_history_lookup")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.old_value!r} → {self.new_value!r}"


def evidence_path(evidence: Evidence, filename: str) -> str:
    # The stored name never comes from the user: no path traversal, no clash, nothing guessable.
    return f"evidence/{evidence.assessment_id}/{evidence.token}"


class Evidence(models.Model):
    uid = uid_field()
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class StatusChange(models.Model):
    """One move of a reviewed document (an assessment, an annual statement) from status to status: who, when,
    why, and the SHA-256 of its content where the move binds it (approval, publication). Each kind of document
    adds what it hangs off and its statuses."""

    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = BoundedTextField(blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class Transition(StatusChange):
    """One change of an assessment's status: who, when, from what, to what, and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
