"""A grievance mechanism people outside the company can use (UNGP 29, 31), and the cases it receives.

Cases belong to the organisation, not to an assessment: a person raises a concern whenever it arises. A case links
to risks by their uid, which stays the same across corrections and imports, so a link never points into an old
revision. The person who raised a case is known to the system only by a case code and a passphrase (stored as a
hash); no IP address or browser data is stored with a case, and contact details are optional.

Everything a person or an officer writes into a case is stored encrypted (the `sealed_...` columns and the files;
docs/grievances.md, grievances/keys.py and sealing.py): each case has its own key, sealed to the organisation's
case key and wrapped under the reporter's passphrase. What stays in clear is what the statistics need: dates,
status, issue, outcome, whether a remedy was provided, the reporter's word on the outcome, linked risks.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duediligence.accounts.models import Organisation
from duediligence.lib.fields import BoundedTextField
from duediligence.lib.public_languages import PublicLanguage, public_language


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
    retention_months = models.PositiveSmallIntegerField(
        "months a closed case is kept",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="After this many months from closing, the worker deletes a case's texts and files for good; its "
        "dates, issue, status and outcome stay for the statistics. The public page says how long cases are kept.",
    )
    escalation_body = BoundedTextField(
        "independent body to escalate to",
        blank=True,
        help_text="Who a person may turn to if they are not satisfied, independent of the company (e.g. an OECD "
        "National Contact Point, an ombudsperson, a trade union), and how to reach them. Shown in the procedure.",
    )
    onion_address = models.CharField(
        "onion address",
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                r"^http://[a-z2-7]{56}\.onion(/.*)?$",
                "Give the onion service's address as http://<56 letters and digits>.onion/, as Tor Browser shows it.",
            )
        ],
        help_text="Where this mechanism is reachable as a Tor onion service, if you run one. The safety advice "
        "shows it.",
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
    # Empty once the case's content is deleted: the code then opens nothing.
    passphrase_hash = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=10, default="en")
    issue = models.CharField(max_length=30, choices=Issue.choices)
    # The case's own key: sealed to the organisation's case key, and wrapped under a key derived from the
    # reporter's passphrase (Argon2id, salt and cost beside it). Null for a case received before cases were
    # encrypted (its texts wait in `legacy_plaintext`) and after its content is deleted.
    sealed_key = models.BinaryField(null=True)
    reporter_wrapped_key = models.BinaryField(null=True)
    reporter_salt = models.BinaryField(null=True)
    reporter_kdf_opslimit = models.PositiveIntegerField(null=True)
    reporter_kdf_memlimit = models.PositiveBigIntegerField(null=True)
    # Under the case's key: what happened, where and when; the contact details the person chose to give (read only
    # by officers, each reading logged); the officer's outcome text (the remedy, or why none was provided).
    sealed_report = models.BinaryField(null=True)
    sealed_contact = models.BinaryField(null=True)
    contact_given = models.BooleanField(default=False)
    sealed_resolution = models.BinaryField(null=True)
    # Texts of a case received before encryption, kept only until the organisation's case key is set up, which
    # encrypts them (grievances/keys.py, docs/grievances.md).
    legacy_plaintext = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    received_at = models.DateTimeField(auto_now_add=True)
    acknowledge_by = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    # In clear, for the statistics: whether the officer closing the case recorded a remedy (its text is sealed).
    remedy_provided = models.BooleanField(null=True, blank=True)
    # The person's own word on the outcome: None until they say.
    outcome_accepted = models.BooleanField(null=True, blank=True)
    risk_uids = ArrayField(models.UUIDField(), default=list, blank=True)
    # When the retention period's end deleted the case's texts, files and keys (tasks.py); the row stays, in
    # clear only what the statistics count.
    content_deleted_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_known"),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome="") & Q(remedy_provided__isnull=False),
                name="closed_case_has_outcome_and_remedy_or_reason",
            ),
            # Never a case's text in a clear column: sealed, waiting for the key (received before encryption), or
            # deleted when its retention ended.
            models.CheckConstraint(
                condition=Q(sealed_report__isnull=False, sealed_key__isnull=False, legacy_plaintext__isnull=True)
                | Q(legacy_plaintext__isnull=False, sealed_report__isnull=True)
                | Q(content_deleted_at__isnull=False, sealed_report__isnull=True, legacy_plaintext__isnull=True),
                name="case_content_sealed_pending_or_deleted",
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
    def anonymous(self) -> bool:
        return not self.contact_given

    @property
    def sealed(self) -> bool:
        return self.sealed_report is not None

    @property
    def reporter_can_read(self) -> bool:
        """Whether the reporter's passphrase opens the case's texts (not for cases encrypted after they came in)."""
        return self.reporter_wrapped_key is not None

    @property
    def acknowledgement_overdue(self) -> bool:
        return self.status == CaseStatus.RECEIVED and self.acknowledge_by < timezone.localdate()

    @property
    def days_to_acknowledge(self) -> int | None:
        return (self.acknowledged_at - self.received_at).days if self.acknowledged_at else None

    @property
    def days_to_close(self) -> int | None:
        return (self.closed_at - self.received_at).days if self.closed_at else None

    @property
    def delete_content_after(self) -> datetime.date | None:
        """The day the retention period ends, for a closed case whose content is still kept."""
        if self.closed_at is None or self.content_deleted_at is not None:
            return None
        months = self.organisation.grievance_mechanism.retention_months
        return add_months(timezone.localtime(self.closed_at).date(), months)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


class CaseMessage(models.Model):
    """A message in the case: from the person who raised it, or a reply from the organisation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    from_reporter = models.BooleanField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Under the case's key; `legacy_text` only for a message written before encryption, until it is encrypted.
    sealed_text = models.BinaryField(null=True)
    legacy_text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sealed_text__isnull=False, legacy_text="")
                | Q(sealed_text__isnull=True) & ~Q(legacy_text=""),
                name="case_message_sealed_or_pending",
            )
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} of case {self.case_id}"


class CaseAttachment(models.Model):
    """A file the reporter sent: cleaned of hidden details (cleaning.py) and stored encrypted under the case's key,
    its name, type and hash with it (`sealed_meta`). `size` is the cleaned file's, which its ciphertext shows anyway.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to="grievances/")
    sealed_meta = models.BinaryField(null=True)
    # Name, type and hash of a file received before encryption (stored as sent), until it is encrypted.
    legacy_meta = models.JSONField(null=True, blank=True)
    size = models.PositiveIntegerField()
    # Whether hidden details (camera, position, author) were removed; False when the format has none to remove
    # or the reporter chose to send a file that could not be cleaned.
    cleaned = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sealed_meta__isnull=False, legacy_meta__isnull=True)
                | Q(sealed_meta__isnull=True, legacy_meta__isnull=False),
                name="case_attachment_sealed_or_pending",
            )
        ]

    def __str__(self) -> str:
        return f"File {self.token} of case {self.case_id}"


class CaseEventKind(models.TextChoices):
    RECEIVED = "received", "Case received"
    STATUS = "status", "Status changed"
    REPLY = "reply", "Reply sent"
    REPORTER_MESSAGE = "reporter_message", "Information added by the person who raised it"
    REPORTER_FEEDBACK = "reporter_feedback", "The person said whether the outcome was acceptable"
    RISKS = "risks", "Risks linked"
    CONTACT_READ = "contact_read", "Contact details read"
    ENCRYPTED = "encrypted", "Encrypted to the organisation's case key (received before cases were encrypted)"
    CONTENT_DELETED = "content_deleted", "Texts and files deleted at the end of the retention period"


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


class CaseKey(models.Model):
    """The organisation's case key pair: every case's own key is sealed to `public_key`.

    Its private key is stored only encrypted: to each officer's personal key (CaseKeyAccess) and under the recovery
    key the organisation admin was shown once at set-up and keeps offline (`recovery_wrapped_private_key`).
    """

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="grievance_case_key")
    public_key = models.BinaryField(max_length=32)
    recovery_wrapped_private_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Case key of {self.organisation}"


class CaseKeyAccess(models.Model):
    """One officer's copy of the organisation's case private key, sealed to their personal public key.

    `recipient_public_key` records which of the person's key pairs it was sealed to: after a password reset they
    have a new pair, and this copy no longer opens (the access page says so until someone gives access again).
    """

    case_key = models.ForeignKey(CaseKey, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient_public_key = models.BinaryField(max_length=32)
    sealed_private_key = models.BinaryField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How the giver held the key: their own access, the set-up itself, or the admin's recovery key.
    granted_through = models.CharField(max_length=20)
    granted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case_key", "user"], name="one_case_key_access_per_person")]

    def __str__(self) -> str:
        return f"{self.user} reads the cases of {self.case_key.organisation_id}"
