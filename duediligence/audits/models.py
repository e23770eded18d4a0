"""Step 2: independent third-party audits of the assessment, what they found and what must be corrected."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from duediligence.assessments.models import Assessment
from duediligence.lib.fields import BoundedTextField, uid_field
from duediligence.risks.models import Risk


class Method(models.TextChoices):
    ANNOUNCED_VISIT = "announced_visit", "On-site, announced"
    UNANNOUNCED_VISIT = "unannounced_visit", "On-site, unannounced"
    REMOTE = "remote", "Remote"
    DOCUMENTS = "documents", "Document review"
    INTERVIEWS_ON_SITE = "interviews_on_site", "Worker interviews on site"
    INTERVIEWS_OFF_SITE = "interviews_off_site", "Worker interviews off site"
    END_USE_CHECKS = "end_use_checks", "End-use checks with customers"


class Restriction(models.TextChoices):
    DENIED = "denied", "Access denied"
    DELAYED = "delayed", "Access delayed"
    MINDERS = "minders", "Government minders present"
    MONITORED = "monitored", "Interviews monitored"
    DOCUMENTS_WITHHELD = "documents_withheld", "Documents withheld"
    SITES_NOT_VISITED = "sites_not_visited", "Sites not visited"
    OTHER = "other", "Other"


def audit_report_path(audit: Audit, filename: str) -> str:
    return f"audit-reports/{audit.assessment_id}/{audit.report_token}"


class Audit(models.Model):
    uid = uid_field()
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="audits")
    firm = models.CharField("audit firm", max_length=200)
    lead_auditor = models.CharField("lead auditor", max_length=200)
    independence = BoundedTextField(
        "independence statement", help_text="What ties the firm has with the company, and why it is independent."
    )
    methods = ArrayField(models.CharField(max_length=30, choices=Method.choices), default=list)
    started_on = models.DateField("audit started")
    ended_on = models.DateField("audit ended")
    scope_sites = BoundedTextField("sites in scope", blank=True)
    scope_suppliers = BoundedTextField("suppliers in scope", blank=True)
    scope_products = BoundedTextField("products in scope", blank=True)
    restrictions = ArrayField(models.CharField(max_length=30, choices=Restriction.choices), default=list, blank=True)
    restrictions_detail = BoundedTextField(
        "restrictions in detail", blank=True, help_text="Who imposed each restriction and what could not be verified."
    )
    report_file = models.FileField(upload_to=audit_report_path, blank=True, max_length=200)
    report_token = models.CharField(max_length=32, blank=True)
    report_name = models.CharField(max_length=200, blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True)
    report_size = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__gte=F("started_on")), name="audit_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.firm} ({self.started_on:%b %Y})"

    def method_labels(self) -> list[str]:
        return [Method(value).label for value in self.methods]

    def restriction_labels(self) -> list[str]:
        return [Restriction(value).label for value in self.restrictions]


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class Finding(models.Model):
    uid = uid_field()
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    description = BoundedTextField()
    risk = models.ForeignKey(
        Risk, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings", verbose_name="linked risk"
    )

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(severity__in=Severity.values), name="finding_severity_known")]

    def __str__(self) -> str:
        return self.description[:60]


class CorrectiveStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class CorrectiveActionQuerySet(models.QuerySet):
    def overdue(self) -> CorrectiveActionQuerySet:
        return self.exclude(status=CorrectiveStatus.DONE).filter(due_date__lt=timezone.localdate())


class CorrectiveAction(models.Model):
    uid = uid_field()
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    description = BoundedTextField()
    owner = models.CharField(max_length=200)
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=CorrectiveStatus.choices, default=CorrectiveStatus.OPEN)
    completion_evidence = BoundedTextField(
        "evidence of completion", blank=True, help_text="What shows the action was done, e.g. a revised contract."
    )

    objects = CorrectiveActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(completion_evidence=""), name="done_action_has_evidence"
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_overdue(self) -> bool:
        return self.status != CorrectiveStatus.DONE and self.due_date < timezone.localdate()
