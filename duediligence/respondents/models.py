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
from duediligence.partners.models import Partner
from duediligence.questionnaires.models import Questionnaire


class InvitationStatus(models.TextChoices):
    # Made, its email not yet taken by the mail server (the worker sends it once the request has committed).
    QUEUED = "queued", "Being sent"
    SENT = "sent", "Sent"
    # The mail server did not take the email: `send_error` says why, and the daily run tries again.
    NOT_SENT = "not_sent", "Could not be sent"
    OPENED = "opened", "Opened"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


OPEN_STATUSES = (InvitationStatus.QUEUED, InvitationStatus.SENT, InvitationStatus.OPENED, InvitationStatus.IN_PROGRESS)
# An invitation whose email never went out is not open (nobody holds its link), but it may still be withdrawn.
REVOCABLE_STATUSES = (*OPEN_STATUSES, InvitationStatus.NOT_SENT)
ANSWERED_OR_OPENED = (
    InvitationStatus.OPENED,
    InvitationStatus.IN_PROGRESS,
    InvitationStatus.SUBMITTED,
    InvitationStatus.DECLINED,
)
# Statuses whose email is still to be sent, by the worker now or by the daily run again.
UNSENT_STATUSES = (InvitationStatus.QUEUED, InvitationStatus.NOT_SENT)


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
    status = models.CharField(max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.QUEUED)
    # When the mail server took the invitation's email; why the last email to this address was not taken.
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
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.due_on < timezone.localdate()

    @property
    def state(self) -> str:
        """The status as people read it: an open invitation past its due date is overdue."""
        return "overdue" if self.is_overdue else self.status

    @property
    def state_label(self) -> str:
        if self.status == InvitationStatus.NOT_SENT:
            return _("Could not be sent: %(why)s") % {"why": self.send_error or _("the mail server did not take it")}
        return _("Overdue") if self.is_overdue else self.get_status_display()

    @property
    def was_sent(self) -> bool:
        """Whether its email reached the partner's mail server (a partner who answered or declined had it)."""
        return self.sent_at is not None or self.status in ANSWERED_OR_OPENED

    @property
    def is_usable(self) -> bool:
        return self.status in OPEN_STATUSES and self.expires_at > timezone.now()


class PartnerAttachment(models.Model):
    uid = uid_field()
    invitation = models.ForeignKey(PartnerInvitation, on_delete=models.CASCADE, related_name="attachments")
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
