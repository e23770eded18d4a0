"""Comments between auditors and officers. Each write checks the assessment is at the stage it belongs to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duediligence.accounts.models import Membership, User
from duediligence.assessments.models import Assessment
from duediligence.assessments.services import lock_in_status
from duediligence.assessments.workflow import EDITABLE, UNDER_REVIEW
from duediligence.lib.limits import LONG_TEXT_MAX
from duediligence.questionnaires.models import Question
from duediligence.review import workflow
from duediligence.review.models import Comment, CommentStatus


def _locked(assessment: Assessment, statuses: tuple[str, ...], doing: str) -> Assessment:
    return lock_in_status(assessment, statuses, f"You cannot {doing} while the assessment is {{status}}.")


def _refuse_overlong(text: str, what: str) -> None:
    if len(text.strip()) > LONG_TEXT_MAX:
        raise ValidationError(
            f"The {what} is {len(text.strip()):,} characters long; the limit is {LONG_TEXT_MAX:,}. "
            "Shorten it, or attach the detail as evidence."
        )


@transaction.atomic
def comment_add(
    *,
    assessment: Assessment,
    author: User,
    text: str,
    question: Question | None = None,
    membership: Membership | None = None,
) -> Comment:
    """Add an auditor's comment; the first one on a submitted assessment starts the review (with `membership`)."""
    if not text.strip():
        raise ValidationError("Write the comment before adding it.")
    _refuse_overlong(text, "comment")
    if membership is not None:
        workflow.review_start_if_waiting(assessment=assessment, membership=membership)
    locked = _locked(assessment, UNDER_REVIEW, "comment")
    return Comment.objects.create(assessment=locked, question=question, author=author, text=text.strip())


@transaction.atomic
def comment_reply(*, comment: Comment, user: User, text: str) -> Comment:
    _locked(comment.assessment, EDITABLE, "reply to comments")
    if not text.strip():
        raise ValidationError("Write your reply: it tells the auditor what you changed or why you did not.")
    _refuse_overlong(text, "reply")
    comment.reply = text.strip()
    comment.replied_by = user
    comment.replied_at = timezone.now()
    comment.status = CommentStatus.ADDRESSED
    comment.save(update_fields=["reply", "replied_by", "replied_at", "status"])
    return comment


@transaction.atomic
def comment_resolve(*, comment: Comment, user: User, reopen: bool = False) -> Comment:
    _locked(comment.assessment, UNDER_REVIEW, "resolve comments")
    comment.status = CommentStatus.OPEN if reopen else CommentStatus.RESOLVED
    comment.resolved_by = None if reopen else user
    comment.resolved_at = None if reopen else timezone.now()
    comment.save(update_fields=["status", "resolved_by", "resolved_at"])
    return comment
