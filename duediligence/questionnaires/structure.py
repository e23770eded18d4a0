"""The questions of a questionnaire version, read from the database once per process.

A loaded version never changes (Question.save refuses to alter one), so keeping its questions in memory is
safe and spares every page that shows answers a query and some 80 model instances. The instances are shared:
treat them as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from duediligence.questionnaires.models import Question, Questionnaire, Section, Step

_VERSIONS: dict[int, tuple[Question, ...]] = {}
_QUESTIONNAIRES: dict[int, Questionnaire] = {}
_OUTLINES: dict[int, Outline] = {}


@dataclass(frozen=True)
class Outline:
    """A version's steps, their sections and the sections' questions, in order: what every page of an
    assessment looks up, worked out once per process instead of by walking the questions on each request."""

    steps: tuple[Step, ...]
    sections: dict[int, tuple[Section, ...]]  # by step id
    questions: dict[int, tuple[Question, ...]]  # by section id
    by_key: dict[str, Question]
    by_id: dict[int, Question]


def outline_of_version(questionnaire_id: int) -> Outline:
    outline = _OUTLINES.get(questionnaire_id)
    if outline is None:
        steps: dict[int, Step] = {}
        sections: dict[int, dict[int, Section]] = {}
        questions: dict[int, list[Question]] = {}
        every = questions_of_version(questionnaire_id)
        for question in every:
            step = question.section.step
            steps.setdefault(step.number, step)
            sections.setdefault(step.id, {}).setdefault(question.section_id, question.section)
            questions.setdefault(question.section_id, []).append(question)
        outline = Outline(
            steps=tuple(steps.values()),
            sections={step_id: tuple(found.values()) for step_id, found in sections.items()},
            questions={section_id: tuple(found) for section_id, found in questions.items()},
            by_key={question.key: question for question in every},
            by_id={question.id: question for question in every},
        )
        if questions:
            _OUTLINES[questionnaire_id] = outline
    return outline


def questionnaire_of_version(questionnaire_id: int) -> Questionnaire:
    """The questionnaire version itself (immutable like its questions), read once per process: every page of an
    assessment names it, and a join for it on every request cost more than the rest of the lookup."""
    questionnaire = _QUESTIONNAIRES.get(questionnaire_id)
    if questionnaire is None:
        questionnaire = _QUESTIONNAIRES[questionnaire_id] = Questionnaire.objects.get(pk=questionnaire_id)
    return questionnaire


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
