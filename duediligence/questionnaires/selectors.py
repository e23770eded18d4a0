"""Reading questionnaires for other apps."""

from __future__ import annotations

from duediligence.questionnaires.models import Questionnaire, QuestionnaireKind


def latest_partner_questionnaires() -> list[Questionnaire]:
    """The latest version of each partner questionnaire, by title."""
    latest: dict[str, Questionnaire] = {}
    for questionnaire in Questionnaire.objects.filter(kind=QuestionnaireKind.PARTNER).order_by("slug", "-version"):
        latest.setdefault(questionnaire.slug, questionnaire)
    return sorted(latest.values(), key=lambda questionnaire: questionnaire.title)
