"""The organisation's own records that its annual statements draw on: its profile, its register of policies and
the training it gave. Every change is a new version; no version is ever changed or deleted (a trigger, migration
0002), so a statement that was reviewed and published names exactly the versions it was made from.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from duediligence.accounts.models import Organisation
from duediligence.lib.fields import BoundedTextField


class Area(models.TextChoices):
    """What a policy or a training covers; the statements read these to find what each law asks about."""

    FORCED_LABOUR = "forced_labour", "Forced labour and modern slavery"
    TRAFFICKING = "trafficking", "Human trafficking"
    CHILD_LABOUR = "child_labour", "Child labour"
    RECRUITMENT = "recruitment", "Responsible recruitment (no fees, no withheld documents)"
    SUPPLIERS = "suppliers", "Standards for suppliers (supplier code of conduct)"
    WHISTLEBLOWING = "whistleblowing", "Speaking up and whistleblowing"
    WAGES = "wages", "Wages"
    WORKING_HOURS = "working_hours", "Working hours"
    HEALTH_SAFETY = "health_safety", "Health and safety at work"
    ASSOCIATION = "association", "Freedom of association and collective bargaining"
    DISCRIMINATION = "discrimination", "Non-discrimination"
    HUMAN_RIGHTS = "human_rights", "Human rights in general"
    END_USE = "end_use", "End use of products and services"
    PRIVACY = "privacy", "Privacy and personal data"


def areas_field() -> ArrayField:
    return ArrayField(
        models.CharField(max_length=20, choices=Area.choices),
        default=list,
        blank=True,
        verbose_name="what it covers",
    )


class Profile(models.Model):
    """One version of the organisation's profile: who it is, how it is organised, what a statement covers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="profile_versions")
    version = models.PositiveIntegerField()
    legal_name = models.CharField("legal name", max_length=200)
    structure = BoundedTextField(
        "structure and ownership",
        help_text="The legal form, who owns the organisation, and how its business is organised.",
    )
    group_entities = BoundedTextField(
        "group entities the statements cover",
        help_text="One entity per line, with its country, as the annual statements should name them.",
    )
    sector = models.CharField("sector", max_length=200)
    countries = BoundedTextField("countries of operation", help_text="One country per line.")
    year_end_month = models.PositiveSmallIntegerField(
        "financial year ends in month", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    year_end_day = models.PositiveSmallIntegerField(
        "financial year ends on day", validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    turnover_basis = models.CharField(
        "how turnover is reckoned",
        max_length=300,
        help_text="For example: group turnover, including subsidiaries, net of trade discounts and VAT.",
    )
    website = models.URLField("website", blank=True, help_text="Its homepage, where the statements are linked from.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["organisation", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="one_profile_per_version"),
            # 29 February would be a year end only every fourth year; 30 and 31 only in some months.
            models.CheckConstraint(
                condition=Q(year_end_day__lte=28)
                | Q(year_end_day__lte=30, year_end_month__in=[4, 6, 9, 11])
                | (Q(year_end_day__lte=31) & ~Q(year_end_month__in=[2, 4, 6, 9, 11])),
                name="profile_year_end_exists",
            ),
            models.CheckConstraint(condition=Q(year_end_month__gte=1, year_end_month__lte=12), name="profile_month"),
            models.CheckConstraint(condition=Q(year_end_day__gte=1, year_end_day__lte=31), name="profile_day"),
        ]

    def __str__(self) -> str:
        return f"{self.legal_name} (profile version {self.version})"

    def year_end(self, year: int) -> datetime.date:
        return datetime.date(year, self.year_end_month, self.year_end_day)

    def financial_year(self, ending_in: int) -> tuple[datetime.date, datetime.date]:
        """The first and last day of the financial year that ends in `ending_in`."""
        end = self.year_end(ending_in)
        start = self.year_end(ending_in - 1) + datetime.timedelta(days=1)
        return start, end

    @property
    def year_end_words(self) -> str:
        return f"{self.year_end_day} {datetime.date(2001, self.year_end_month, 1):%B}"

    @property
    def country_list(self) -> list[str]:
        return [line.strip() for line in self.countries.splitlines() if line.strip()]

    @property
    def entity_list(self) -> list[str]:
        return [line.strip() for line in self.group_entities.splitlines() if line.strip()]


class Versioned(models.Model):
    """A register entry's version: the entry keeps its uid across versions; withdrawing it is a version too."""

    uid = models.UUIDField(editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    withdrawn = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        abstract = True

    @property
    def areas_words(self) -> str:
        return ", ".join(str(Area(area).label) for area in getattr(self, "areas", []))


class Policy(Versioned):
    """A version of one entry of the register of policies."""

    title = models.CharField("title", max_length=200)
    scope = BoundedTextField("scope", help_text="Whom and what it applies to: own staff, suppliers, group entities…")
    areas = areas_field()
    approved_by = models.CharField("approved by", max_length=200, help_text="The body or person: e.g. the board.")
    approved_on = models.DateField("approved on")
    link = models.URLField(
        "link to the policy", max_length=500, help_text="Where the policy can be read: its page or its document."
    )

    class Meta:
        ordering = ["title", "uid", "-version"]
        verbose_name_plural = "policies"
        constraints = [
            models.UniqueConstraint(fields=["uid", "version"], name="one_policy_per_version"),
            models.CheckConstraint(condition=Q(withdrawn=True) | ~Q(link=""), name="policy_has_link"),
        ]

    def __str__(self) -> str:
        return self.title


class Training(Versioned):
    """A version of one training record: what it taught, to whom, how many, when."""

    topic = models.CharField("topic", max_length=200)
    areas = areas_field()
    audience = models.CharField("audience", max_length=300, help_text="For example: buyers in the sourcing team.")
    people = models.PositiveIntegerField("number of people trained")
    held_on = models.DateField("date")

    class Meta:
        ordering = ["-held_on", "uid", "-version"]
        verbose_name_plural = "training"
        constraints = [models.UniqueConstraint(fields=["uid", "version"], name="one_training_per_version")]

    def __str__(self) -> str:
        return self.topic
