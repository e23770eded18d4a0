"""Applying the workflow's moves (defined in duediligence/assessments/workflow.py).

Every move locks the assessment row, checks role and status inside that lock (so two auditors acting at
once cannot leave a mixed state: the second sees the new status and is refused), records a Transition with
who, when and a note, and tells the people who act next once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from duediligence.accounts.models import Membership, Role
from duediligence.assessments.models import Assessment, Status, Transition
from duediligence.assessments.ownership import content_of
from duediligence.assessments.snapshot import Snapshot
from duediligence.assessments.workflow import EDITABLE, MOVES, STARTS_THE_REVIEW, is_editable
from duediligence.questionnaires.models import Question
from duediligence.respondents.late import take_in
from duediligence.review.content import content_hash
from duediligence.review.models import ReviewSnapshot
from duediligence.review.readiness import Readiness, readiness_of
from duediligence.security import events
from duediligence.security.models import EventKind


class TransitionRefused(Exception):
    def __init__(self, message: str, missing: list[Question] | None = None, readiness: Readiness | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing or []
        # The open decisions, when substance (not completeness) is why it was refused.
        self.readiness = readiness


def _check_submit(assessment: Assessment) -> None:
    snapshot = Snapshot(assessment)
    missing = snapshot.missing_required
    if missing:
        count = len(missing)
        raise TransitionRefused(
            f"{count} required question{'s are' if count != 1 else ' is'} still unanswered.", missing
        )
    readiness = readiness_of(assessment, snapshot)
    if readiness.count:
        raise TransitionRefused(readiness.message(), readiness=readiness)
    unanswered = assessment.comments.open().count()
    if unanswered:
        raise TransitionRefused(
            f"{unanswered} review comment{'s are' if unanswered != 1 else ' is'} still open: reply to each and mark "
            "it addressed before resubmitting."
        )


def _check_request_changes(assessment: Assessment) -> None:
    if not assessment.comments.open().exists():
        raise TransitionRefused("Add at least one comment saying what must change before requesting changes.")


def approved_content_hash(assessment: Assessment) -> str:
    """The SHA-256 of the content the auditor approved last ("" when never approved)."""
    approval = (
        assessment.transitions.filter(to_status=Status.APPROVED).order_by("-at", "-id").only("content_sha256").first()
    )
    return approval.content_sha256 if approval is not None else ""


def _check_approved_content(assessment: Assessment, publishing: str) -> None:
    """What is published must be exactly what the auditor approved: PostgreSQL freezes the content, and this
    compares the hashes as well, so even a change made behind the triggers' back is never published."""
    approved = approved_content_hash(assessment)
    if approved != publishing:
        raise TransitionRefused(
            "What would be published is not what the auditor approved: the content's SHA-256 is now "
            f"{publishing[:12]}…, the approval's {approved[:12] or 'missing'}…. Nothing was published; ask the "
            "auditor to review the assessment again."
        )


GUARDS: dict[str, Callable[[Assessment], None]] = {
    "submit": _check_submit,
    "request_changes": _check_request_changes,
}


# A note on a move is a line or two; the detail belongs in comments.
NOTE_MAX = 2000


@transaction.atomic
def transition_apply(*, assessment: Assessment, move_name: str, membership: Membership, note: str = "") -> Transition:
    move = MOVES[move_name]
    if len(note.strip()) > NOTE_MAX:
        raise TransitionRefused(f"The note is {len(note.strip()):,} characters long; keep it to {NOTE_MAX:,}.")
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if membership.organisation_id != locked.organisation_id or membership.role != move.role:
        raise TransitionRefused(f"Only a {Role(move.role).label.lower()} can {move.label}.")
    if locked.status not in move.sources:
        raise TransitionRefused(
            f"The assessment is {locked.get_status_display().lower()}, so it cannot {move.label} now "
            "(someone may have acted on it a moment ago: reload the page)."
        )
    guard = GUARDS.get(move.name)
    if guard:
        guard(locked)
    if move.name in STARTS_THE_REVIEW and locked.status in MOVES["start_review"].sources:
        # A decision on a submitted assessment records that the review started first (a refused one, above,
        # starts nothing).
        review_start_if_waiting(assessment=locked, membership=membership)
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    record = Transition(assessment=locked, from_status=locked.status, to_status=move.target, by=membership.user)
    record.note = note.strip()
    content = content_of(locked) if move.snapshot else None
    if content is not None:
        record.content_sha256 = content_hash(content)
        if move.name == "publish":
            _check_approved_content(locked, record.content_sha256)
    record.save()
    if content is not None:
        ReviewSnapshot.objects.create(
            assessment=locked, transition=record, content=content, content_sha256=record.content_sha256
        )
    reopened = not is_editable(locked) and move.target in EDITABLE
    locked.status = move.target
    locked.partners_screening_stale = locked.partners_screening_stale or reopened
    locked.save(update_fields=["status", "partners_screening_stale", "updated_at"])
    if is_editable(locked):
        # Open for editing again: what partners sent after the submission joins the content now, to be reviewed
        # with the rest at the next submission (respondents/late.py).
        take_in(locked)
    events.record(
        EventKind.TRANSITION,
        actor=membership.user,
        organisation=membership.organisation,
        subject=f"{locked.title} (revision {locked.revision})",
        detail=f"{Status(record.from_status).label} → {Status(record.to_status).label}",
    )
    from duediligence.review.notifications import notify_next

    # After the commit, and robust: telling people can fail (a mail server down), the move it tells of cannot.
    transaction.on_commit(lambda: notify_next(locked, record), robust=True)
    return record


def review_start_if_waiting(*, assessment: Assessment, membership: Membership) -> None:
    """An auditor's first comment or decision on a submitted assessment starts the review, recorded as such."""
    start = MOVES["start_review"]
    if membership.role == start.role and assessment.status in start.sources:
        transition_apply(
            assessment=assessment,
            move_name=start.name,
            membership=membership,
            note="Started by the auditor's first comment or decision.",
        )
