"""Reports: frozen published PDFs and HTML, and the jobs that render them in the worker."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models

from duediligence.assessments.models import Assessment
from duediligence.lib.fields import BoundedTextField
from duediligence.signing.models import SigningKey


class Kind(models.TextChoices):
    INTERNAL = "internal", "Internal report"
    PUBLIC = "public", "Public report"


class Variant(models.TextChoices):
    """The public report's form: the same data, arranged for the framework or the law it answers to."""

    UNGPRF = "ungprf", "UN Guiding Principles Reporting Framework"
    UK_MSA = "uk_msa", "UK Modern Slavery Act, section 54 statement"
    NORWAY = "norway", "Norwegian Transparency Act account"


def published_path(report: PublishedDocument, filename: str) -> str:
    return f"{report.storage_prefix()}-{filename}"


class PublishedDocument(models.Model):
    """The bytes of a document as published, with who signed it off. Never re-rendered, never changed: downloads
    serve these bytes. Each published report of an assessment, in each variant, is one of these."""

    pdf = models.FileField(upload_to=published_path, max_length=300)
    pdf_sha256 = models.CharField(max_length=64, db_index=True)
    pdf_size = models.PositiveBigIntegerField()
    html = models.FileField(upload_to=published_path, max_length=300)
    html_sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signoff_name = models.CharField(max_length=200)
    signoff_role = models.CharField(max_length=200)
    signoff_date = models.DateField()
    variant = models.CharField(max_length=10, choices=Variant.choices, default=Variant.UNGPRF)
    # A UK Modern Slavery Act statement is approved by the board and signed by a director (section 54(6)).
    board_approved_on = models.DateField("date the board approved the statement", null=True, blank=True)
    director_name = models.CharField("director who signs the statement", max_length=200, blank=True)
    # A Transparency Act account is signed as the annual accounts are (Accounting Act s.3-5): by every member of
    # the board and the general manager. One name per line.
    board_members = BoundedTextField("board members who sign the account", blank=True)
    general_manager = models.CharField("general manager who signs the account", max_length=200, blank=True)
    # The SHA-256 of the reviewed content the auditor approved: publishing refuses unless it is what is published.
    content_sha256 = models.CharField("approved content SHA-256", max_length=64, blank=True)
    # The organisation's key whose PAdES signature the PDF carries (none for what was published before signing).
    signing_key = models.ForeignKey(
        SigningKey, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError("A published document never changes; publish a new revision instead.")
        super().save(*args, **kwargs)

    def storage_prefix(self) -> str:
        raise NotImplementedError

    @property
    def board_member_list(self) -> list[str]:
        return [line.strip() for line in self.board_members.splitlines() if line.strip()]


class PublishedReport(PublishedDocument):
    """A report of one assessment revision as published: the internal one, and the public one in each variant
    the manager chose (the UNGPRF report, and the same data in the statutory forms)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="published_reports")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["assessment", "kind", "variant"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kind", "variant"], name="one_published_report_per_variant")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.assessment} revision {self.assessment.revision}"

    def storage_prefix(self) -> str:
        return f"reports/{self.assessment.public_token}/r{self.assessment.revision}-{self.kind}-{self.variant}"


class Purpose(models.TextChoices):
    PREVIEW = "preview", "Preview PDF"
    PUBLISH = "publish", "Publication"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Rendering"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


def preview_path(job: RenderJob, filename: str) -> str:
    return f"previews/{job.assessment_id}/{job.pk}-{job.kind}.pdf"


class RenderJob(models.Model):
    """A request to render a PDF (a preview) or to publish, carried out by the worker."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="render_jobs")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    pdf = models.FileField(upload_to=preview_path, blank=True, max_length=300)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # When a worker took the job: a job running for longer than the time limit is swept up as failed.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    signoff_name = models.CharField(max_length=200, blank=True)
    signoff_role = models.CharField(max_length=200, blank=True)
    signoff_date = models.DateField(null=True, blank=True)
    # The public report's variants to publish (each its own PDF, hash and signature).
    variants = ArrayField(models.CharField(max_length=10, choices=Variant.choices), default=list, blank=True)
    board_approved_on = models.DateField(null=True, blank=True)
    director_name = models.CharField(max_length=200, blank=True)
    board_members = BoundedTextField(blank=True)
    general_manager = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} of {self.assessment} ({self.status})"
