"""The questions of a questionnaire version, read from the database once per process.

A loaded version never changes (Question.save refuses to alter one), so keeping its questions in memory is
safe and spares every page that shows answers a query and some 80 model instances. The instances are shared:
treat them as read-only.
"""

from __future__ import annotations

from duediligence.questionnaires.models import Question

_VERSIONS: dict[int, tuple[Question, ...]] = {}


def questions_of_version(questionnaire_id: int) -> list[Question]:
    questions = _VERSIONS.get(questionnaire_id)
    if questions is None:
        questions = tuple(
            Question.objects.filter(questionnaire_id=questionnaire_id)
            .select_related("section__step")
            .order_by("position")
        )
        if questions:  # an empty result may be a version still being loaded in another transaction
            _VERSIONS[questionnaire_id] = questions
    return list(questions)
