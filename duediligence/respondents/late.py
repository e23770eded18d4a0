"""Answers that arrive after submission: where a respondent's writes go, and how they are taken in later.

The reviewed content of an assessment holds its partners' answers as they were when it left editing; PostgreSQL
refuses any change to them after that (assessments/frozen.py). A partner may still answer late, so:

- a respondent's writes go to the invitation their link opened while its assessment is editable; once it was
  corrected, to the same invitation (by uid) in the newest revision, if that one is editable;
- otherwise to the invitation's `LateResponse`, dated, beside the content;
- a late response is taken in when its assessment is open for editing again (an auditor requested changes) or
  by the next revision (a correction copies it into its own invitation); the next period's register shows the
  flags it raises (`late_flags`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from duediligence.assessments.models import Assessment
from duediligence.assessments.workflow import is_editable
from duediligence.respondents.models import (
    OPEN_STATUSES,
    InvitationStatus,
    LateResponse,
    PartnerAttachment,
    PartnerInvitation,
)

if TYPE_CHECKING:
    from duediligence.assessments.ownership import CopyContext
    from duediligence.assessments.snapshot import Snapshot


@dataclass(frozen=True)
class Workspace:
    """What a respondent works on now: the invitation itself, or its late response once the assessment left editing."""

    # The invitation the writes concern: the one the link opened, or its copy in the newest revision.
    invitation: PartnerInvitation
    # Set when that invitation's assessment is no longer editable (and the respondent has started since).
    late: LateResponse | None
    frozen: bool

    @property
    def status(self) -> str:
        return self.late.status if self.late is not None else self.invitation.status

    @property
    def answers(self) -> dict:
        return self.late.answers if self.late is not None else self.invitation.answers

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def attachments(self) -> QuerySet[PartnerAttachment]:
        if self.late is not None:
            return self.late.attachments.all()
        return self.invitation.attachments.filter(late_response__isnull=True)


def newest_copy(invitation: PartnerInvitation) -> PartnerInvitation:
    """The same invitation in the newest revision of its assessment (corrections keep an invitation's uid)."""
    current = invitation
    while True:
        successor = Assessment.objects.filter(previous_revision_id=current.assessment_id).only("pk").first()
        if successor is None:
            return current
        copy = (
            PartnerInvitation.objects.select_related("partner", "assessment__organisation", "questionnaire")
            .filter(assessment=successor, uid=current.uid)
            .first()
        )
        if copy is None:  # the correction removed it: the partner answers the revision that asked
            return current
        current = copy


def workspace_of(invitation: PartnerInvitation, *, lock: bool = False) -> Workspace:
    """Where the respondent's answers are read from and written to now.

    With `lock`, the assessment row is locked (as every write to it is), so a write racing a submission lands in
    the invitation before it or in the late response after it, never in frozen content.
    """
    target = newest_copy(invitation)
    assessments = Assessment.objects.select_for_update() if lock else Assessment.objects
    assessment = assessments.get(pk=target.assessment_id)
    if lock:
        target = PartnerInvitation.objects.select_for_update().get(pk=target.pk)
    if is_editable(assessment):
        return Workspace(target, None, frozen=False)
    late = LateResponse.objects.filter(invitation=target).first()
    if late is not None and late.taken_in_at is not None:
        late = None  # taken in already: the respondent starts again from the invitation
    return Workspace(target, late, frozen=True)


def late_response_for(workspace: Workspace) -> LateResponse:
    """The late response to write to, started from the invitation's answers so far (call under the lock)."""
    if workspace.late is not None:
        return workspace.late
    invitation = workspace.invitation
    late, created = LateResponse.objects.get_or_create(
        invitation=invitation,
        defaults={"answers": dict(invitation.answers), "language": invitation.language},
    )
    if not created:
        # Taken in before: the respondent's work since then starts from what was taken in.
        late.status, late.answers, late.decline_reason = InvitationStatus.IN_PROGRESS, dict(invitation.answers), ""
        late.received_at = late.taken_in_at = late.taken_in_revision = None
        late.save()
    return late


def _apply(invitation: PartnerInvitation, late: LateResponse) -> list[str]:
    """Copy the late response's state onto the invitation; returns the fields changed."""
    invitation.answers, invitation.language = late.answers, late.language
    invitation.status, invitation.decline_reason = late.status, late.decline_reason
    if late.status == InvitationStatus.SUBMITTED:
        invitation.submitted_at = late.received_at
    elif late.status == InvitationStatus.DECLINED:
        invitation.declined_at = late.received_at
    return ["answers", "language", "status", "decline_reason", "submitted_at", "declined_at"]


def take_in(assessment: Assessment) -> int:
    """Take the late responses of an assessment that is editable again into its content; returns how many."""
    assert is_editable(assessment), "late responses are taken in only while the assessment is editable"
    now = timezone.now()
    pending = LateResponse.objects.select_related("invitation").filter(
        invitation__assessment=assessment, taken_in_at__isnull=True
    )
    count = 0
    for late in pending:
        invitation = late.invitation
        invitation.save(update_fields=_apply(invitation, late))
        PartnerAttachment.objects.filter(late_response=late).update(late_response=None)
        late.taken_in_at, late.taken_in_revision = now, assessment.revision
        late.save(update_fields=["taken_in_at", "taken_in_revision"])
        count += 1
    return count


def take_into_copy(row: PartnerInvitation, context: CopyContext) -> None:
    """A correction's copy of an invitation takes in what the partner sent after the source was submitted."""
    pending = context.carried.get("late_responses")
    if pending is None:
        pending = {
            late.invitation.uid: late
            for late in LateResponse.objects.select_related("invitation").filter(
                invitation__assessment=context.source, taken_in_at__isnull=True
            )
        }
        context.carried["late_responses"] = pending
    late = pending.get(row.uid)
    if late is None:
        return
    _apply(row, late)
    late.taken_in_at, late.taken_in_revision = context.now, context.target.revision
    late.save(update_fields=["taken_in_at", "taken_in_revision"])


def pending_late_responses(assessment: Assessment) -> list[LateResponse]:
    """The late responses of this assessment not yet taken in, for officers' and auditors' pages."""
    return list(
        LateResponse.objects.select_related("invitation__partner", "invitation__questionnaire")
        .filter(invitation__assessment=assessment, taken_in_at__isnull=True)
        .exclude(status=InvitationStatus.IN_PROGRESS)
        .order_by("received_at")
    )


def late_flags(snapshot: Snapshot) -> list:
    """The flags raised by answers that reached the previous period after it was submitted and were never taken
    in: the next period's register shows them, naming the partner and the date."""
    from duediligence.questionnaires.conditions import visible_answers
    from duediligence.questionnaires.models import Question
    from duediligence.questionnaires.rules import raised_flags
    from duediligence.risks.register import SourcedFlag

    previous_id = snapshot.assessment.previous_period_id
    if previous_id is None:
        return []
    previous = Assessment.objects.only("public_token").get(pk=previous_id)
    received = list(
        LateResponse.objects.select_related("invitation__partner")
        .filter(
            invitation__assessment__public_token=previous.public_token,
            taken_in_at__isnull=True,
            status=InvitationStatus.SUBMITTED,
        )
        .order_by("received_at")
    )
    flags = []
    for late in received:
        questions = list(
            Question.objects.filter(questionnaire_id=late.invitation.questionnaire_id).order_by("position")
        )
        for flag in raised_flags(questions, visible_answers(questions, late.answers)):
            when = timezone.localtime(late.received_at).date() if late.received_at else None
            flags.append(
                SourcedFlag(
                    flag.question,
                    flag.level,
                    flag.reason,
                    flag.suggest,
                    source=f"{late.invitation.partner.name} (answered the previous period after its submission"
                    + (f", on {when:%-d %b %Y})" if when else ")"),
                )
            )
    return flags
