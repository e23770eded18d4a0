"""Partners answer for themselves: a partner questionnaire sent to a partner's contact by invitation.

The link holds a random token (256 bits) of which only a hash is stored; before the first answer the respondent
confirms a one-time code sent to the same address. Answers are kept on the invitation, keyed by question, and
read with the questionnaire's own engine (conditions, validation, risk rules).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from duediligence.assessments.models import Assessment
from duediligence.lib.fields import BoundedTextField, uid_field
from duediligence.lib.public_languages import PublicLanguage, translation_language
from duediligence.partners.models import Partner
from duediligence.questionnaires.models import Questionnaire


class InvitationStatus(models.TextChoices):
    SENT = "sent", "Sent"
    OPENED = "opened", "Opened"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


OPEN_STATUSES = (InvitationStatus.SENT, InvitationStatus.OPENED, InvitationStatus.IN_PROGRESS)
# A partner who opened, answered or declined had the email, whatever was recorded of it.
ANSWERED_OR_OPENED = (
    InvitationStatus.OPENED,
    InvitationStatus.IN_PROGRESS,
    InvitationStatus.SUBMITTED,
    InvitationStatus.DECLINED,
)


class Reminder(models.TextChoices):
    BEFORE = "before", "A week before the due date"
    DUE = "due", "On the due date"


class PartnerInvitation(models.Model):
    uid = uid_field()
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="partner_invitations")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="invitations")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField("contact email")
    message = BoundedTextField(blank=True)
    due_on = models.DateField("answers due by")
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True)
    # A reminder carries a new link; the one before it keeps working, so an earlier email still opens.
    previous_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.SENT)
    # What happened to its emails, bookkeeping beside the reviewed status (which the respondent's acts move): when
    # the mail server took the invitation's email (None: not yet), and why the last email was not taken.
    sent_at = models.DateTimeField(null=True, blank=True)
    send_error = models.CharField(max_length=300, blank=True)
    # A reminder whose email was not taken, for the next daily run to send again.
    reminder_retry = models.CharField(max_length=10, choices=Reminder.choices, blank=True)
    code_hash = models.CharField(max_length=100, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    decline_reason = BoundedTextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=InvitationStatus.values), name="invitation_status_known"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="declined_invitation_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_status_display()})"

    @property
    def translated_language(self) -> PublicLanguage | None:
        """The language the partner answered in, when it is not the questionnaire's own."""
        return translation_language(self.language)

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.due_on < timezone.localdate()

    @property
    def email_pending(self) -> bool:
        """Its email has not been taken by the mail server yet (on its way, or refused and to be tried again)."""
        return self.status == InvitationStatus.SENT and self.sent_at is None

    @property
    def state(self) -> str:
        """The status as people read it: "sent" only once the mail server took the email ("queued" before, and
        "not_sent" when it refused it); an open invitation past its due date is overdue."""
        if self.email_pending:
            return "not_sent" if self.send_error else "queued"
        return "overdue" if self.is_overdue else self.status

    @property
    def state_label(self) -> str:
        state = self.state
        if state == "not_sent":
            return _("Could not be sent: %(why)s") % {"why": self.send_error}
        if state == "queued":
            return _("Being sent")
        return _("Overdue") if state == "overdue" else self.get_status_display()

    @property
    def was_sent(self) -> bool:
        """Whether its email reached the partner's mail server (a partner who answered or declined had it)."""
        return self.sent_at is not None or self.status in ANSWERED_OR_OPENED

    @property
    def is_usable(self) -> bool:
        return self.status in OPEN_STATUSES and self.expires_at > timezone.now()


class LateResponse(models.Model):
    """What a partner answered, or declined, after the assessment it was asked for left editing.

    The invitation is part of the reviewed content, which PostgreSQL freezes once the assessment is submitted
    (assessments/frozen.py): an auditor approves the answers as they were. What the partner sends later is kept
    here, dated, beside that content and never merged into it. It is taken in when the assessment is open for
    editing again (changes requested) or by the next revision (a correction copies it into its invitation); until
    then officers and auditors see it as "received after submission", and the next period's register shows the
    flags it raises. One per invitation: the respondent's work since the last time it was taken in.
    """

    uid = uid_field()
    invitation = models.OneToOneField(PartnerInvitation, on_delete=models.CASCADE, related_name="late_response")
    status = models.CharField(max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.IN_PROGRESS)
    answers = models.JSONField(default=dict, blank=True)
    decline_reason = BoundedTextField(blank=True)
    language = models.CharField(max_length=10, default="en")
    started_at = models.DateTimeField(auto_now_add=True)
    # When the partner sent or declined: "received after submission on <date>".
    received_at = models.DateTimeField(null=True, blank=True)
    # When an editable revision took it into its reviewed content, and which revision.
    taken_in_at = models.DateTimeField(null=True, blank=True)
    taken_in_revision = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["in_progress", "submitted", "declined"]), name="late_response_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="declined_late_response_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation.partner} ({self.get_status_display()}, after submission)"

    @property
    def is_received(self) -> bool:
        return self.received_at is not None

    @property
    def is_pending(self) -> bool:
        return self.taken_in_at is None


class PartnerAttachment(models.Model):
    uid = uid_field()
    invitation = models.ForeignKey(PartnerInvitation, on_delete=models.CASCADE, related_name="attachments")
    # Set while the file belongs to a late response (outside the reviewed content, until it is taken in).
    late_response = models.ForeignKey(
        LateResponse, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    token = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to="respondents/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
