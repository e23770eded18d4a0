"""Reading invitations for the pages of other apps."""

from __future__ import annotations

from duediligence.assessments.snapshot import Snapshot
from duediligence.questionnaires.models import Question
from duediligence.respondents.models import InvitationStatus, PartnerInvitation


def invitations_of(snapshot: Snapshot) -> list[PartnerInvitation]:
    """Every invitation of the snapshot's assessment, newest first, read once per snapshot.

    A snapshot is what one request (or one computation) reads of an assessment, so this is once per request:
    the overview, the register and the check page ask for them up to three times (non-disclosure, partner flags
    and silence flags). A new snapshot reads them again.
    """
    cached = snapshot.__dict__.get("_partner_invitations")
    if cached is None:
        cached = list(snapshot.assessment.partner_invitations.select_related("partner", "questionnaire"))
        snapshot.__dict__["_partner_invitations"] = cached
    return cached


def not_disclosing(snapshot: Snapshot) -> list[PartnerInvitation]:
    """Invitations the partner declined or let pass its due date: non-response is a finding."""
    invitations = invitations_of(snapshot)
    silent = [item for item in invitations if item.status == InvitationStatus.DECLINED or item.is_overdue]
    return sorted(silent, key=lambda item: item.due_on)


def partner_flags(snapshot: Snapshot) -> list:
    """The flags partners' submitted answers raise, through their questionnaires' risk rules, each naming whose."""
    from duediligence.questionnaires.conditions import visible_answers
    from duediligence.questionnaires.rules import raised_flags
    from duediligence.risks.register import SourcedFlag

    flags = []
    submitted = [item for item in invitations_of(snapshot) if item.status == InvitationStatus.SUBMITTED]
    # One query for the questions of every questionnaire sent, not one per invitation: the register, the check
    # page and the overview all read these flags.
    questions_of: dict[int, list] = {}
    for question in Question.objects.filter(
        questionnaire_id__in={invitation.questionnaire_id for invitation in submitted}
    ).order_by("position"):
        questions_of.setdefault(question.questionnaire_id, []).append(question)
    for invitation in submitted:
        questions = questions_of.get(invitation.questionnaire_id, [])
        for flag in raised_flags(questions, visible_answers(questions, invitation.answers)):
            flags.append(
                SourcedFlag(flag.question, flag.level, flag.reason, flag.suggest, source=invitation.partner.name)
            )
    return flags


NON_DISCLOSURE = {
    "harm": "partner_non_disclosure",
    "category": "other",
    "title": "Partners that do not disclose how they work",
    "scale": 3,
    "scope": 3,
    "irremediability": 3,
    "likelihood": 3,
    "rights": "The rights the partner's undisclosed practices may affect",
}


def silence_flags(snapshot: Snapshot) -> list:
    """A high flag for each partner that declined or let its due date pass: non-response is a finding."""
    from duediligence.risks.register import SourcedFlag

    return [
        SourcedFlag(
            None,  # type: ignore[arg-type]  # no answer raised it: its subject names it
            "high",
            f"declined: {invitation.decline_reason}"
            if invitation.status == InvitationStatus.DECLINED
            else f"no answer since {invitation.due_on:%-d %b %Y}",
            NON_DISCLOSURE,
            source=invitation.partner.name,
            subject=f"no-answer-{invitation.uid}",
        )
        for invitation in not_disclosing(snapshot)
    ]
