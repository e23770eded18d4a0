from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duediligence.accounts.models import User
from duediligence.assessments.models import Assessment
from duediligence.assessments.services import lock_editable
from duediligence.partners.models import MatchStatus, Partner, ScreeningMatch
from duediligence.partners.screening import ScreeningResult, screen


@transaction.atomic
def partner_save(*, assessment: Assessment, partner: Partner) -> tuple[Partner, ScreeningResult]:
    """Save a partner and screen it at once, so a listed partner is flagged before anyone moves on."""
    partner.assessment = lock_editable(assessment)
    partner.save()
    return partner, screen(partner_ids=[partner.pk])


@transaction.atomic
def partner_delete(*, partner: Partner) -> None:
    lock_editable(partner.assessment)
    partner.delete()


@transaction.atomic
def match_decide(*, match: ScreeningMatch, decision: str, reason: str, user: User) -> ScreeningMatch:
    lock_editable(match.partner.assessment)
    if decision not in (MatchStatus.CONFIRMED, MatchStatus.DISMISSED):
        raise ValidationError("Confirm or dismiss the match.")
    if decision == MatchStatus.DISMISSED and not reason.strip():
        raise ValidationError("Say why the match is dismissed: the reason is kept for the auditor and the report.")
    match.status = decision
    match.reason = reason.strip()
    match.decided_by = user
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    return match
