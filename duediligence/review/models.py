"""Auditors' comments on answers, and what the assessment looked like at each review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from duediligence.assessments.models import Assessment, Transition
from duediligence.lib.fields import BoundedTextField, uid_field
from duediligence.questionnaires.models import Question


class CommentStatus(models.TextChoices):
    OPEN = "open", "Open"
    ADDRESSED = "addressed", "Addressed by the officer"
    RESOLVED = "resolved", "Resolved"


class CommentQuerySet(models.QuerySet):
    def open(self) -> CommentQuerySet:
        return self.filter(status=CommentStatus.OPEN)


class Comment(models.Model):
    """An auditor's comment on one answer (or on the assessment as a whole), and the officer's reply."""

    uid = uid_field()
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = BoundedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=CommentStatus.choices, default=CommentStatus.OPEN)
    reply = BoundedTextField(blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CommentStatus.values), name="comment_status_known"),
            models.CheckConstraint(condition=~Q(status="addressed") | ~Q(reply=""), name="addressed_comment_has_reply"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ReviewSnapshot(models.Model):
    """The assessment's content when an auditor requested changes or approved, to show what changed since."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="review_snapshots")
    transition = models.OneToOneField(Transition, on_delete=models.CASCADE, related_name="snapshot")
    content = models.JSONField()
    content_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-transition__at", "-id"]

    def __str__(self) -> str:
        return f"{self.assessment_id} at {self.transition_id}"
