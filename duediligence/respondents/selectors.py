"""Reading invitations for the pages of other apps."""

from __future__ import annotations

from duediligence.assessments.models import Assessment
from duediligence.respondents.models import InvitationStatus, PartnerInvitation


def not_disclosing(assessment: Assessment) -> list[PartnerInvitation]:
    """Invitations the partner declined or let pass its due date: non-response is a finding."""
    invitations = assessment.partner_invitations.select_related("partner", "questionnaire").order_by("due_on")
    return [item for item in invitations if item.status == InvitationStatus.DECLINED or item.is_overdue]
