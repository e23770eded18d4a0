"""A grievance mechanism people outside the company can use (UNGP 29, 31), and the cases it receives.

Cases belong to the organisation, not to an assessment: a person raises a concern whenever it arises. A case links
to risks by their uid, which stays the same across corrections and imports, so a link never points into an old
revision. The person who raised a case is known to the system only by a case code and a passphrase (stored as a
hash); no IP address or browser data is stored with a case, and contact details are optional.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duediligence.accounts.models import Organisation
from duediligence.lib.fields import BoundedTextField
from duediligence.lib.public_languages import PublicLanguage, public_language
from duediligence.lib.scripts import Written, written_in


class Mechanism(models.Model):
    """The organisation's own record of its mechanism, and its intake settings."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="grievance_mechanism")
    open_for_cases = models.BooleanField("the public intake page accepts cases", default=True)
    who_may_use = BoundedTextField(
        "who may use it", blank=True, help_text="E.g. workers of suppliers, their families, communities, anyone."
    )
    channels = BoundedTextField(
        "channels", blank=True, help_text="The ways in: this web page, a hotline, a trusted intermediary, in person."
    )
    languages = BoundedTextField("languages", blank=True, help_text="Languages in which a case can be raised.")
    retaliation_protection = BoundedTextField(
        "protection against retaliation", blank=True, help_text="What the company does to protect people who speak up."
    )
    acknowledge_within_days = models.PositiveSmallIntegerField(
        "days to acknowledge a case", default=7, help_text="The intake page promises this; the dashboard flags delays."
    )
    # The texts above in the public pages' other languages, written by officers: {"zh-hans": {"channels": ...}}
    # (lib/translations.py). A text without a translation shows in English, marked as English.
    translations = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The texts people read about the mechanism, which officers give in every language of the grievance pages.
    TRANSLATED_TEXTS = ("who_may_use", "channels", "languages", "retaliation_protection")

    def __str__(self) -> str:
        return f"Grievance mechanism of {self.organisation}"


class Criterion(models.TextChoices):
    # UNGP 31 (a)-(h), named in our words.
    LEGITIMATE = "legitimate", "Legitimate: trusted by those it is for, and accountable"
    ACCESSIBLE = "accessible", "Accessible: known, and help given to those facing barriers"
    PREDICTABLE = "predictable", "Predictable: clear steps, time frames and possible outcomes"
    EQUITABLE = "equitable", "Equitable: fair access to information, advice and expertise"
    TRANSPARENT = "transparent", "Transparent: parties kept informed, performance made public"
    RIGHTS_COMPATIBLE = "rights_compatible", "Rights-compatible: outcomes and remedies accord with human rights"
    LEARNING = "learning", "A source of continuous learning"
    DIALOGUE = "dialogue", "Based on engagement and dialogue with those it is for"


class Rating(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"


class CriterionAssessment(models.Model):
    """The company's self-assessment of its mechanism against one UNGP 31 criterion, with its evidence."""

    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(max_length=20, choices=Criterion.choices)
    rating = models.CharField(max_length=10, choices=Rating.choices)
    evidence = BoundedTextField(help_text="What shows it: e.g. a survey of users, published statistics.")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["mechanism", "criterion"], name="one_rating_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.rating}"

    @property
    def short_name(self) -> str:
        return str(self.get_criterion_display()).split(":")[0]


class Issue(models.TextChoices):
    FORCED_LABOUR = "forced_labour", _("Forced labour or labour transfers")
    WORKING_CONDITIONS = "working_conditions", _("Wages, hours or working conditions")
    SURVEILLANCE = "surveillance", _("Surveillance, personal data or privacy")
    MISUSE = "misuse", _("Misuse of the company's products or services")
    DISCRIMINATION = "discrimination", _("Discrimination or persecution")
    SAFETY = "safety", _("Health, safety or violence")
    OTHER = "other", _("Something else")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATING = "investigating", _("Under investigation")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    PARTLY = "partly", _("Partly substantiated")
    NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")
    OUTSIDE_SCOPE = "outside_scope", _("Outside the mechanism's scope")


class CaseQuerySet(models.QuerySet):
    def acknowledgement_overdue(self, today: datetime.date | None = None) -> CaseQuerySet:
        return self.filter(status=CaseStatus.RECEIVED, acknowledge_by__lt=today or timezone.localdate())


class Case(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="grievance_cases")
    code = models.CharField(max_length=20, unique=True)
    passphrase_hash = models.CharField(max_length=200)
    language = models.CharField(max_length=10, default="en")
    issue = models.CharField(max_length=30, choices=Issue.choices)
    description = BoundedTextField()
    place = models.CharField(max_length=200, blank=True)
    happened = models.CharField("when it happened", max_length=200, blank=True)
    # Optional; shown only to officers, and each reading is logged (CaseEvent.CONTACT_READ).
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(max_length=254, blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    received_at = models.DateTimeField(auto_now_add=True)
    acknowledge_by = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    remedy = BoundedTextField("remedy provided", blank=True)
    no_remedy_reason = BoundedTextField("why no remedy was provided", blank=True)
    # The person's own word on the outcome: None until they say.
    outcome_accepted = models.BooleanField(null=True, blank=True)
    risk_uids = ArrayField(models.UUIDField(), default=list, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_known"),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome="") & (~Q(remedy="") | ~Q(no_remedy_reason="")),
                name="closed_case_has_outcome_and_remedy_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def page_language(self) -> PublicLanguage | None:
        """The language of the page the case was raised on (None for a code no longer offered)."""
        try:
            return public_language(self.language)
        except KeyError:
            return None

    @property
    def written_in(self) -> Written | None:
        """What the person wrote the case in, read from its letters: any language on any page."""
        return written_in(self.description)

    @property
    def anonymous(self) -> bool:
        return not (self.contact_name or self.contact_email or self.contact_phone)

    @property
    def acknowledgement_overdue(self) -> bool:
        return self.status == CaseStatus.RECEIVED and self.acknowledge_by < timezone.localdate()

    @property
    def days_to_acknowledge(self) -> int | None:
        return (self.acknowledged_at - self.received_at).days if self.acknowledged_at else None

    @property
    def days_to_close(self) -> int | None:
        return (self.closed_at - self.received_at).days if self.closed_at else None


class CaseMessage(models.Model):
    """A message in the case: from the person who raised it, or a reply from the organisation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    from_reporter = models.BooleanField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = BoundedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to="grievances/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class CaseEventKind(models.TextChoices):
    RECEIVED = "received", "Case received"
    STATUS = "status", "Status changed"
    REPLY = "reply", "Reply sent"
    REPORTER_MESSAGE = "reporter_message", "Information added by the person who raised it"
    REPORTER_FEEDBACK = "reporter_feedback", "The person said whether the outcome was acceptable"
    RISKS = "risks", "Risks linked"
    CONTACT_READ = "contact_read", "Contact details read"


class CaseEvent(models.Model):
    """Every change to a case, and every reading of a reporter's contact details: who (None: the reporter), when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    detail = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"
