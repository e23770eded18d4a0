"""The annual statement of an organisation for one financial year, in each law's form it is made under (the UK
Modern Slavery Act s.54 statement, the Norwegian Transparency Act account), with its review and its publications.

What is reviewed is frozen once submitted: the officer's texts, the regimes, the year and what the statement was
made from (the assessments of the year and the versions of the organisation's records). PostgreSQL refuses any
change to them outside the editable statuses (migration 0002), as it does for an assessment's content.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from duediligence.accounts.models import Organisation
from duediligence.assessments.models import StatusChange
from duediligence.lib.fields import BoundedTextField
from duediligence.records.models import Profile
from duediligence.reports.models import JobStatus, PublishedDocument, Variant


class Regime(models.TextChoices):
    """The laws a statement is made under; the values are the report variants whose chapters they print."""

    UK_MSA = Variant.UK_MSA.value, _("UK Modern Slavery Act, section 54 statement")
    NORWAY = Variant.NORWAY.value, _("Norwegian Transparency Act account")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


# Where the officer changes the texts; the reviewed content is frozen in every other status (the trigger reads the
# same list, migration 0002).
EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)


def new_public_token() -> str:
    return secrets.token_urlsafe(16)


class Statement(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="statements")
    # The financial year, from the profile's year end when the statement was started.
    year_start = models.DateField(_("first day of the financial year"))
    year_end = models.DateField(_("last day of the financial year"))
    regimes = ArrayField(models.CharField(max_length=10, choices=Regime.choices), verbose_name=_("made under"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The officer's own words.
    introduction = BoundedTextField(_("opening words"), blank=True)
    business_and_supply_chains = BoundedTextField(_("the business and its supply chains as a whole"), blank=True)
    remediation = BoundedTextField(_("remediation of harm to workers"), blank=True)
    effectiveness = BoundedTextField(_("indicators of effectiveness across the business"), blank=True)
    working_conditions = BoundedTextField(_("wages, working hours and health and safety"), blank=True)
    # What the statement was made from, fixed at submission (empty while a draft reads what is current).
    assessment_ids = ArrayField(models.PositiveIntegerField(), default=list, blank=True)
    profile = models.ForeignKey(Profile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    policy_ids = ArrayField(models.PositiveIntegerField(), default=list, blank=True)
    training_ids = ArrayField(models.PositiveIntegerField(), default=list, blank=True)
    # Bookkeeping, after publication: when the statement was submitted to the UK government's registry of
    # modern slavery statements.
    registry_submitted_on = models.DateField(_("submitted to the modern slavery statement registry on"), null=True)
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "-year_end"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year_end"], name="one_statement_per_year"),
            models.CheckConstraint(condition=Q(year_start__lt=models.F("year_end")), name="statement_year_order"),
            models.CheckConstraint(condition=~Q(regimes=[]), name="statement_has_a_regime"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} statement for the year to {self.year_end:%d %B %Y}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def regime_labels(self) -> list[str]:
        return [str(Regime(regime).label) for regime in self.regimes]


class StatementTransition(StatusChange):
    """Every move of a statement: who, when, from, to, a note, and the content's hash where one was taken."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)

    def __str__(self) -> str:
        return f"{self.statement}: {self.from_status} → {self.to_status}"


class PublishedStatement(PublishedDocument):
    """A statement as published under one regime: its own PDF, hashes and signature."""

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="publications")

    class Meta:
        ordering = ["statement", "variant"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "variant"], name="one_publication_per_regime"),
        ]

    def __str__(self) -> str:
        return f"{self.statement}, {self.get_variant_display()}"

    def storage_prefix(self) -> str:
        return f"statements/{self.statement.public_token}/{self.statement.year_end:%Y}-{self.variant}"


class PublishJob(models.Model):
    """A manager's sign-off, waiting for the render worker to render, sign and publish each regime (as a report's
    RenderJob does for an assessment); its outcome, or why it failed, is what the statement's page shows."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="publish_jobs")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    signoff_name = models.CharField(max_length=200)
    signoff_role = models.CharField(max_length=200)
    signoff_date = models.DateField()
    board_approved_on = models.DateField(null=True, blank=True)
    director_name = models.CharField(max_length=200, blank=True)
    board_members = BoundedTextField(blank=True)
    general_manager = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Publication of {self.statement} ({self.status})"
