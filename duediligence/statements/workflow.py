"""The life of an annual statement, every status rule defined once (as assessments/workflow.py does for an
assessment):

    draft --submit--> submitted --approve--> approved --publish--> published
      ^                   |
      +-- changes_requested <--request_changes

Pages and services ask here who may do what now; applying a move is `services.statement_move`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from duediligence.accounts.models import Membership, Role
from duediligence.assessments.workflow import Move
from duediligence.statements.models import EDITABLE, Statement, Status

UNDER_REVIEW = (Status.SUBMITTED,)
PUBLISHABLE = (Status.APPROVED,)
# Reviewed content is frozen from submission on; only these take a registry submission's date.
PUBLISHED = (Status.PUBLISHED,)

MOVES = {
    move.name: move
    for move in [
        Move("submit", str(_("submit the statement for review")), EDITABLE, Status.SUBMITTED, Role.OFFICER),
        Move("request_changes", str(_("request changes")), UNDER_REVIEW, Status.CHANGES_REQUESTED, Role.AUDITOR, True),
        Move("approve", str(_("approve the statement")), UNDER_REVIEW, Status.APPROVED, Role.AUDITOR, True),
        Move("publish", str(_("sign off and publish")), PUBLISHABLE, Status.PUBLISHED, Role.MANAGER, True),
    ]
}
# Moves a page's button makes; publishing goes through the sign-off form instead.
BUTTON_MOVES = ("submit", "request_changes", "approve")


def _role(statement: Statement, membership: Membership | None) -> str | None:
    """The member's role, if they belong to the statement's organisation."""
    if membership is None or membership.organisation_id != statement.organisation_id:
        return None
    return membership.role


def can_edit(statement: Statement, membership: Membership | None) -> bool:
    return _role(statement, membership) == Role.OFFICER and statement.status in EDITABLE


def can_publish(statement: Statement, membership: Membership | None) -> bool:
    return _role(statement, membership) == Role.MANAGER and statement.status in PUBLISHABLE


def can_record_registry(statement: Statement, membership: Membership | None) -> bool:
    """The registry submission is recorded by an officer or a manager, once an MSA statement is published."""
    return (
        _role(statement, membership) in (Role.OFFICER, Role.MANAGER)
        and statement.status in PUBLISHED
        and "uk_msa" in statement.regimes
    )


def allowed_moves(statement: Statement, membership: Membership | None) -> list[Move]:
    """The button moves this member could try now (a guard may still refuse), for showing buttons."""
    role = _role(statement, membership)
    return [
        MOVES[name] for name in BUTTON_MOVES if MOVES[name].role == role and statement.status in MOVES[name].sources
    ]
