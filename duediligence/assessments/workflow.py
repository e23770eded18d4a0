"""The life of an assessment: every status rule, defined once.

    draft --submit--> submitted --start_review--> in_review --approve--> approved --publish--> published
      ^                                              |
      +---------- changes_requested <--request_changes

Which statuses are editable, under review, publishable or correctable, which move goes from where to where and
who makes it: pages, services and the dashboard all ask here. Applying a move (locks, guards, the transition
record, the snapshot) is `duediligence.review.workflow.transition_apply`, on the layer that knows every step.
"""

from __future__ import annotations

from dataclasses import dataclass

from duediligence.accounts.models import Membership, Role
from duediligence.assessments.models import Assessment, Status

# Officers change answers, risks, audits and partners, and reply to comments.
EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)
# Auditors comment and resolve comments.
UNDER_REVIEW = (Status.SUBMITTED, Status.IN_REVIEW)
# A manager signs off and publishes.
PUBLISHABLE = (Status.APPROVED,)
# Frozen: a change is a new revision.
CORRECTABLE = (Status.PUBLISHED,)


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    role: str
    # Binds the content hash to the transition and keeps a snapshot for the next review's change view.
    snapshot: bool = False


MOVES = {
    move.name: move
    for move in [
        Move("submit", "submit", EDITABLE, Status.SUBMITTED, Role.OFFICER),
        Move("start_review", "start the review", (Status.SUBMITTED,), Status.IN_REVIEW, Role.AUDITOR),
        # From "submitted" too: the decision then starts the review first (STARTS_THE_REVIEW).
        Move("request_changes", "request changes", UNDER_REVIEW, Status.CHANGES_REQUESTED, Role.AUDITOR, True),
        Move("approve", "approve", UNDER_REVIEW, Status.APPROVED, Role.AUDITOR, True),
        Move("publish", "publish", PUBLISHABLE, Status.PUBLISHED, Role.MANAGER, True),
    ]
}


# An auditor's first decision starts the review by itself (so does a first comment): nobody has to press "start
# the review" after each resubmission, though they may, to show the queue it is taken.
STARTS_THE_REVIEW = ("request_changes", "approve")


def is_editable(assessment: Assessment) -> bool:
    return assessment.status in EDITABLE


def can_edit(assessment: Assessment, membership: Membership | None) -> bool:
    """Whether this member may change the assessment's content now: an officer of its organisation, while editable."""
    return (
        membership is not None
        and membership.organisation_id == assessment.organisation_id
        and membership.role == Role.OFFICER
        and is_editable(assessment)
    )


def can_comment(assessment: Assessment, membership: Membership | None) -> bool:
    return (
        membership is not None
        and membership.organisation_id == assessment.organisation_id
        and membership.role == Role.AUDITOR
        and assessment.status in UNDER_REVIEW
    )


def can_reply(assessment: Assessment, membership: Membership | None) -> bool:
    return can_edit(assessment, membership)


def can_publish(assessment: Assessment, membership: Membership | None) -> bool:
    return (
        membership is not None
        and membership.organisation_id == assessment.organisation_id
        and membership.role == Role.MANAGER
        and assessment.status in PUBLISHABLE
    )


def allowed_moves(assessment: Assessment, membership: Membership | None) -> list[Move]:
    """The moves this member could try now (guards may still refuse them), for showing buttons."""
    if membership is None or membership.organisation_id != assessment.organisation_id:
        return []
    return [m for m in MOVES.values() if m.role == membership.role and assessment.status in m.sources]
