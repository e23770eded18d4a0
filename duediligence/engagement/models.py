"""Who the company listened to (UNGP 18) and who asked it questions: an assessment's engagement and request logs.

The seed's case turns on companies that never answered researchers and rights groups; a request log with due
dates makes silence visible, and the public report counts how many requests were answered in time.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from duediligence.assessments.models import Assessment
from duediligence.lib.fields import BoundedTextField, uid_field
from duediligence.risks.models import Risk


class StakeholderGroup(models.TextChoices):
    AFFECTED_WORKERS = "affected_workers", "Affected workers"
    COMMUNITIES = "communities", "Affected communities"
    CIVIL_SOCIETY = "civil_society", "Civil society organisations"
    TRADE_UNIONS = "trade_unions", "Trade unions and worker representatives"
    EXPERTS = "experts", "Independent experts and researchers"
    AUTHORITIES = "authorities", "Public authorities"
    OTHER = "other", "Other"


class EngagementMethod(models.TextChoices):
    INTERVIEW = "interview", "Interviews"
    SURVEY = "survey", "Survey"
    MEETING = "meeting", "Meeting or consultation"
    WRITTEN = "written", "Written exchange"
    OTHER = "other", "Other"


class Safety(models.TextChoices):
    SAFE = "safe", "Yes, it could be done safely"
    PARTLY = "partly", "Partly: some people could not take part safely"
    UNSAFE = "unsafe", "No: it could not be done safely, so it was done another way or not at all"


class Engagement(models.Model):
    uid = uid_field()
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="engagements")
    held_on = models.DateField("date")
    group = models.CharField("stakeholder group", max_length=30, choices=StakeholderGroup.choices)
    method = models.CharField("how", max_length=20, choices=EngagementMethod.choices)
    participants = models.PositiveIntegerField("number of participants", null=True, blank=True)
    safety = models.CharField("could it be done safely?", max_length=10, choices=Safety.choices)
    protection = BoundedTextField(
        "what was done to protect participants",
        help_text="E.g. interviews off site, no names recorded, an independent interpreter.",
    )
    topics = BoundedTextField("topics raised")
    outcome = BoundedTextField("what changed as a result", blank=True, help_text="Leave empty if nothing yet.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(group__in=StakeholderGroup.values), name="engagement_group_known"),
            models.CheckConstraint(condition=Q(safety__in=Safety.values), name="engagement_safety_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} on {self.held_on:%Y-%m-%d}"


class EngagementRisk(models.Model):
    """A risk an engagement concerned (both belong to the same assessment)."""

    uid = uid_field()
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="risk_links")
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["engagement", "risk"], name="one_link_per_engagement_risk")]

    def __str__(self) -> str:
        return f"{self.engagement_id} ~ {self.risk_id}"


class RequesterKind(models.TextChoices):
    RESEARCHER = "researcher", "Researcher or academic"
    NGO = "ngo", "Rights group or NGO"
    JOURNALIST = "journalist", "Journalist"
    INVESTOR = "investor", "Investor"
    AUTHORITY = "authority", "Public authority"
    OTHER = "other", "Other"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Awaiting an answer"
    ANSWERED = "answered", "Answered"
    DECLINED = "declined", "Declined"


def default_response_days() -> int:
    return settings.INFORMATION_REQUEST_RESPONSE_DAYS


class InformationRequestQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None) -> InformationRequestQuerySet:
        return self.filter(status=RequestStatus.OPEN, due_on__lt=today or timezone.localdate())


class InformationRequest(models.Model):
    uid = uid_field()
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="information_requests")
    received_on = models.DateField("received")
    requester_kind = models.CharField("from", max_length=20, choices=RequesterKind.choices)
    requester = models.CharField("name (optional)", max_length=200, blank=True)
    topic = BoundedTextField("what they asked")
    due_on = models.DateField("answer due by")
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    closed_on = models.DateField("answered or declined on", null=True, blank=True)
    summary = BoundedTextField(
        "answer, or the reason for declining", blank=True, help_text="A summary of the answer, or why it was declined."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="request_status_known"),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | ~Q(status="open") & Q(closed_on__isnull=False) & ~Q(summary=""),
                name="closed_request_has_date_and_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_requester_kind_display()}: {self.topic[:50]}"

    @property
    def is_overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.due_on < timezone.localdate()

    @property
    def answered_in_time(self) -> bool:
        return self.status == RequestStatus.ANSWERED and self.closed_on is not None and self.closed_on <= self.due_on
