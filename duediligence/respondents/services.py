"""Inviting partners to answer, and the respondent's side: open by link, confirm a code, answer, submit or decline.

Officers' writes check the assessment is still open for editing, like every other write to it. The respondent
acts through the link's token and the one-time code; every opening, submission and decline goes to the security
log of the organisation.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from duediligence.accounts.models import User
from duediligence.assessments.evidence import CheckedUpload, store_checked
from duediligence.assessments.models import Assessment
from duediligence.assessments.services import lock_editable
from duediligence.lib.acting import Acting
from duediligence.lib.emails import Outcome
from duediligence.lib.random_secrets import secret_hash, secret_matches
from duediligence.partners.models import Partner
from duediligence.questionnaires.conditions import is_answered, visible_answers
from duediligence.questionnaires.models import Question, Questionnaire, QuestionnaireKind
from duediligence.respondents.late import Workspace, late_response_for, workspace_of
from duediligence.respondents.models import (
    OPEN_STATUSES,
    InvitationStatus,
    PartnerAttachment,
    PartnerInvitation,
    Reminder,
)
from duediligence.security import events
from duediligence.security import public_throttle as throttle
from duediligence.security.models import EventKind

# A link stays usable this long after its due date, so a late answer is still possible (and seen as late).
GRACE = datetime.timedelta(days=60)
CODE_VALID = datetime.timedelta(minutes=30)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitations_create(
    *,
    assessment: Assessment,
    partners: list[Partner],
    emails: dict[int, str],
    questionnaire: Questionnaire,
    due_on: datetime.date,
    message: str,
    user: User,
) -> list[PartnerInvitation]:
    """One invitation per partner, to the address given for it, waiting for its email (link_issue makes the
    link that goes into it, in the worker)."""
    locked = lock_editable(assessment)
    if questionnaire.kind != QuestionnaireKind.PARTNER:
        raise ValidationError("Choose a partner questionnaire.")
    if due_on < timezone.localdate():
        raise ValidationError("The due date cannot be in the past.")
    expires = timezone.make_aware(datetime.datetime.combine(due_on, datetime.time.max)) + GRACE
    rows = []
    for partner in partners:
        if partner.assessment_id != locked.pk:
            raise ValidationError("A partner of another assessment was chosen.")
        rows.append(
            PartnerInvitation(
                assessment=locked,
                partner=partner,
                questionnaire=questionnaire,
                email=emails[partner.pk],
                message=message.strip(),
                due_on=due_on,
                expires_at=expires,
                # A link nobody holds until the first email carries one of its own.
                token_hash=token_hash(secrets.token_urlsafe(32)),
                created_by=user,
            )
        )
    return PartnerInvitation.objects.bulk_create(rows, batch_size=1000)


@transaction.atomic
def invitation_revoke(*, invitation: PartnerInvitation, user: User) -> PartnerInvitation:
    # Withdrawing changes what was reviewed, so only while the assessment is open for editing, like any write.
    lock_editable(invitation.assessment)
    locked = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(f"This invitation is {locked.get_status_display().lower()} and cannot be revoked.")
    locked.status, locked.revoked_at = InvitationStatus.REVOKED, timezone.now()
    locked.save(update_fields=["status", "revoked_at"])
    return locked


class LinkRefused(Exception):
    """The link cannot be used; the message says why without saying anything else (410: it was good once)."""

    def __init__(self, message: str, status: int = 404) -> None:
        super().__init__(message)
        self.status = status


def invitation_for_token(token: str) -> PartnerInvitation:
    digest = token_hash(token or "")
    invitation = (
        PartnerInvitation.objects.select_related("partner", "assessment__organisation", "questionnaire")
        .filter(Q(token_hash=digest) | Q(previous_token_hash=digest))
        .first()
    )
    if invitation is None:
        raise LinkRefused(_("This link is not valid. Check that you copied all of it."))
    if invitation.status == InvitationStatus.REVOKED:
        raise LinkRefused(_("This invitation was withdrawn by the company that sent it."), 410)
    if invitation.expires_at <= timezone.now():
        raise LinkRefused(_("This link has expired. Ask the company that sent it for a new one."), 410)
    return invitation


@transaction.atomic
def code_issue(*, invitation: PartnerInvitation) -> str:
    """A new one-time code for the respondent's address; the caller emails it (through the task queue)."""
    workspace = workspace_of(invitation, lock=True)
    code = f"{secrets.randbelow(10**6):06d}"
    invitation.code_hash = secret_hash(code)
    invitation.code_sent_at = timezone.now()
    update = ["code_hash", "code_sent_at"]
    if invitation.opened_at is None:
        invitation.opened_at = timezone.now()
        update.append("opened_at")
        events.record(
            EventKind.PARTNER_INVITATION_OPENED,
            organisation=invitation.assessment.organisation,
            actor_email=invitation.email,
            subject=str(invitation.partner),
        )
    invitation.save(update_fields=update)
    # "Opened" is part of what was reviewed: it changes only while the assessment is open for editing.
    target = workspace.invitation
    if not workspace.frozen and target.status == InvitationStatus.SENT:
        target.status = InvitationStatus.OPENED
        if target.opened_at is None:
            target.opened_at = timezone.now()
        target.save(update_fields=["status", "opened_at"])
    return code


def code_confirm(*, invitation: PartnerInvitation, code: str, client: str) -> None:
    key = str(invitation.pk)
    if throttle.over_limit("respondent-code", key, settings.RESPONDENT_CODE_TRIES_PER_HOUR) or throttle.over_limit(
        "respondent-client", client, settings.RESPONDENT_CODE_TRIES_PER_HOUR * 4
    ):
        raise ValidationError(_("Too many attempts. Wait an hour, then ask for a new code."))
    fresh = invitation.code_sent_at and timezone.now() - invitation.code_sent_at <= CODE_VALID
    typed = "".join(ch for ch in code or "" if ch.isdigit())
    if not (fresh and secret_matches(typed, invitation.code_hash)):
        throttle.count("respondent-code", key)
        throttle.count("respondent-client", client)
        raise ValidationError(_("This code is wrong or has expired. Check the latest email, or ask for a new code."))
    invitation.verified_at = timezone.now()
    invitation.code_hash = ""  # used once
    invitation.save(update_fields=["verified_at", "code_hash"])


def questions_of(invitation: PartnerInvitation) -> list[Question]:
    """Every question of the invitation's questionnaire, in order (the respondent's page shows them all)."""
    return list(invitation.questionnaire.questions.select_related("section__step").order_by("position"))


def _after_write(invitation: PartnerInvitation) -> Workspace:
    """The respondent's workspace as the write left it (the instance the request began with is stale)."""
    invitation.refresh_from_db()
    return workspace_of(invitation)


def answers_save(*, invitation: PartnerInvitation, values: dict[str, Any], language: str) -> Workspace:
    """Save the respondent's answers so far: in the invitation while its assessment is editable, otherwise in
    its late response (late.py), which never changes what was reviewed."""
    with transaction.atomic():
        workspace = workspace_of(invitation, lock=True)
        if not workspace.is_open:
            raise ValidationError(_("These answers can no longer be changed."))
        if workspace.frozen:
            late = late_response_for(workspace)
            late.answers = {**late.answers, **values}
            late.language = language
            late.save(update_fields=["answers", "language"])
        else:
            target = workspace.invitation
            target.answers = {**target.answers, **values}
            target.language = language
            target.status = InvitationStatus.IN_PROGRESS
            target.save(update_fields=["answers", "language", "status"])
    return _after_write(invitation)


def shown_questions(invitation: PartnerInvitation, answers: dict[str, Any] | None = None) -> list[Question]:
    """The questions the answers so far show (follow-ups appear once the answer that asks for them is saved)."""
    questions = questions_of(invitation)
    visible = visible_answers(questions, invitation.answers if answers is None else answers)
    return [question for question in questions if question.key in visible]


def missing_required(invitation: PartnerInvitation, answers: dict[str, Any] | None = None) -> list[Question]:
    answers = invitation.answers if answers is None else answers
    return [q for q in shown_questions(invitation, answers) if q.required and not is_answered(answers.get(q.key))]


def answers_submit(*, invitation: PartnerInvitation, acting: Acting) -> Workspace:
    with transaction.atomic():
        workspace = workspace_of(invitation, lock=True)
        if not workspace.is_open:
            raise ValidationError(_("These answers were already sent."))
        missing = missing_required(workspace.invitation, workspace.answers)
        if missing:
            raise ValidationError(
                _("Answer every required question before sending (%(count)d left).") % {"count": len(missing)}
            )
        now = timezone.now()
        if workspace.frozen:
            late = late_response_for(workspace)
            late.status, late.received_at = InvitationStatus.SUBMITTED, now
            late.save(update_fields=["status", "received_at"])
        else:
            target = workspace.invitation
            target.status, target.submitted_at = InvitationStatus.SUBMITTED, now
            target.save(update_fields=["status", "submitted_at"])
        events.record(
            EventKind.PARTNER_ANSWERS_SUBMITTED,
            acting=Acting(ip_address=acting.ip_address, user_agent=acting.user_agent),
            organisation=invitation.assessment.organisation,
            actor_email=invitation.email,
            subject=str(invitation.partner) + (" (after submission)" if workspace.frozen else ""),
        )
    return _after_write(invitation)


def invitation_decline(*, invitation: PartnerInvitation, reason: str, acting: Acting) -> Workspace:
    with transaction.atomic():
        workspace = workspace_of(invitation, lock=True)
        if not workspace.is_open:
            raise ValidationError(_("This invitation can no longer be declined."))
        if not reason.strip():
            raise ValidationError(_("Say why you decline."))
        now = timezone.now()
        if workspace.frozen:
            late = late_response_for(workspace)
            late.status, late.received_at, late.decline_reason = InvitationStatus.DECLINED, now, reason.strip()
            late.save(update_fields=["status", "received_at", "decline_reason"])
        else:
            target = workspace.invitation
            target.status, target.declined_at = InvitationStatus.DECLINED, now
            target.decline_reason = reason.strip()
            target.save(update_fields=["status", "declined_at", "decline_reason"])
        events.record(
            EventKind.PARTNER_INVITATION_DECLINED,
            acting=Acting(ip_address=acting.ip_address, user_agent=acting.user_agent),
            organisation=invitation.assessment.organisation,
            actor_email=invitation.email,
            subject=str(invitation.partner) + (" (after submission)" if workspace.frozen else ""),
            detail=reason.strip()[:200],
        )
    return _after_write(invitation)


REMIND_BEFORE = datetime.timedelta(days=7)
# An invitation whose worker never sent its email (it stopped on the way) is sent by the daily run after this.
QUEUED_TOO_LONG = datetime.timedelta(hours=1)


def reminders_due(*, today: datetime.date | None = None) -> list[tuple[int, str]]:
    """(invitation id, Reminder) for every reminder today's run sends: open invitations whose email went out, due
    in seven days or today, that have not had that reminder; and reminders an earlier run could not send that
    still apply."""
    today = today or timezone.localdate()
    open_ones = PartnerInvitation.objects.filter(
        status__in=OPEN_STATUSES, sent_at__isnull=False, expires_at__gt=timezone.now()
    )
    before = open_ones.filter(
        Q(due_on=today + REMIND_BEFORE) | Q(reminder_retry=Reminder.BEFORE, due_on__gt=today),
        reminded_before_at__isnull=True,
    )
    due = open_ones.filter(Q(due_on=today) | Q(reminder_retry=Reminder.DUE), reminded_due_at__isnull=True)
    kinds = [(pk, Reminder.BEFORE.value) for pk in before.order_by("pk").values_list("pk", flat=True)]
    return kinds + [(pk, Reminder.DUE.value) for pk in due.order_by("pk").values_list("pk", flat=True)]


def invitations_unsent() -> list[int]:
    """Invitations whose email the mail server refused, or that no worker sent: the daily run sends them again."""
    now = timezone.now()
    refused_or_stuck = ~Q(send_error="") | Q(created_at__lt=now - QUEUED_TOO_LONG)
    unsent = PartnerInvitation.objects.filter(status=InvitationStatus.SENT, sent_at__isnull=True, expires_at__gt=now)
    return list(unsent.filter(refused_or_stuck).order_by("pk").values_list("pk", flat=True))


@dataclass(frozen=True)
class Link:
    """A new link for one email to the respondent. Only hashes of links are kept, so every email carries a new
    one; the link before it keeps working, so an earlier email still opens."""

    invitation: PartnerInvitation
    token: str  # only ever in the email; never stored
    # The hashes as they were before, put back if the email is not taken: a link nobody received replaces none.
    hashes_before: tuple[str, str]


def _email_due(invitation: PartnerInvitation, reminder: str) -> bool:
    if invitation.expires_at <= timezone.now():
        return False
    if not reminder:
        return invitation.email_pending
    reminded = invitation.reminded_before_at if reminder == Reminder.BEFORE else invitation.reminded_due_at
    return invitation.status in OPEN_STATUSES and invitation.sent_at is not None and reminded is None


@transaction.atomic
def link_issue(*, invitation_id: int, reminder: str = "") -> Link | None:
    """The link for the invitation's first email (`reminder` empty) or for a reminder; None when that email is no
    longer due (answered, withdrawn, expired, or sent meanwhile by another run). Only bookkeeping changes here
    (the link's hashes), so it works on an assessment frozen since (assessments/frozen.py)."""
    invitation = (
        PartnerInvitation.objects.select_for_update(of=("self",))
        .select_related("partner", "assessment__organisation", "questionnaire")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not _email_due(invitation, reminder):
        return None
    before = (invitation.token_hash, invitation.previous_token_hash)
    token = secrets.token_urlsafe(32)
    invitation.previous_token_hash, invitation.token_hash = invitation.token_hash, token_hash(token)
    invitation.save(update_fields=["previous_token_hash", "token_hash"])
    return Link(invitation, token, before)


@transaction.atomic
def email_outcome_record(*, link: Link, outcome: Outcome, reminder: str = "") -> PartnerInvitation:
    """What the mail server did with the email that carried `link`: the invitation reads "sent" only once its
    email was taken, and "could not be sent" with the server's answer otherwise; a reminder not taken is sent
    again by the next daily run. Bookkeeping only: the reviewed status is the respondent's to move."""
    invitation = PartnerInvitation.objects.select_for_update().get(pk=link.invitation.pk)
    now = timezone.now()
    update = ["send_error", "reminder_retry"]
    if outcome.sent:
        invitation.send_error = ""
        if reminder:
            invitation.reminder_retry = ""
            field = "reminded_before_at" if reminder == Reminder.BEFORE else "reminded_due_at"
            setattr(invitation, field, now)
            update.append(field)
        elif invitation.sent_at is None:
            invitation.sent_at = now
            update.append("sent_at")
    else:
        invitation.send_error = outcome.error[:300] or "the mail server did not take it"
        if invitation.token_hash == token_hash(link.token):
            invitation.token_hash, invitation.previous_token_hash = link.hashes_before
            update += ["token_hash", "previous_token_hash"]
        if reminder:
            invitation.reminder_retry = reminder
    invitation.save(update_fields=update)
    return invitation


@transaction.atomic
def attachment_add(*, invitation: PartnerInvitation, checked: CheckedUpload) -> PartnerAttachment:
    workspace = workspace_of(invitation, lock=True)
    if not workspace.is_open:
        raise ValidationError(_("These answers can no longer be changed."))
    late = late_response_for(workspace) if workspace.frozen else None
    return store_checked(PartnerAttachment(invitation=workspace.invitation, late_response=late), checked)
