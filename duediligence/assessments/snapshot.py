"""One read of an assessment's questions and answers, and what follows from them.

Pages (overview, step, check answers) and services need the same derived facts: which questions are shown,
which are answered, which required ones are missing, which answers raise flags. One query fetches the
answers (the questions of a questionnaire version are read once per process), whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from duediligence.assessments.models import Answer, Assessment
from duediligence.questionnaires.conditions import is_answered, visible_answers
from duediligence.questionnaires.models import Question, Section, Step
from duediligence.questionnaires.rules import Flag, raised_flags
from duediligence.questionnaires.structure import outline_of_version, questions_of_version


@dataclass
class StepProgress:
    step: Step
    shown: int
    answered: int
    missing: list[Question]
    flags: list[Flag]
    # Questions of the step that apply only after some answer, and do not apply yet: the count may grow.
    may_follow: int = 0

    @property
    def state(self) -> str:
        if self.answered == 0:
            return "not_started"
        return "completed" if not self.missing else "in_progress"

    @property
    def state_label(self) -> str:
        return {"not_started": "Not started", "in_progress": "In progress", "completed": "Completed"}[self.state]


class Snapshot:
    def __init__(self, assessment: Assessment) -> None:
        self.assessment = assessment
        self.questions: list[Question] = questions_of_version(assessment.questionnaire_id)
        self.outline = outline_of_version(assessment.questionnaire_id)

    @cached_property
    def answers(self) -> dict[str, Answer]:
        # Read on first use: the structure (steps, sections, questions) needs no query, and a page whose
        # answers are cached (lib/fragments.py) only looks up its section.
        by_id = self.outline.by_id
        answers = {}
        for answer in Answer.objects.filter(assessment=self.assessment):
            answer.question = by_id[answer.question_id]
            answers[answer.question.key] = answer
        return answers

    @cached_property
    def values(self) -> dict[str, Any]:
        return {key: answer.value for key, answer in self.answers.items()}

    @cached_property
    def visible(self) -> dict[str, Any]:
        return visible_answers(self.questions, self.values)

    def version_of(self, key: str) -> int:
        answer = self.answers.get(key)
        return answer.version if answer else 0

    @cached_property
    def steps(self) -> list[Step]:
        return list(self.outline.steps)

    def sections_of(self, step: Step) -> list[Section]:
        return list(self.outline.sections.get(step.id, ()))

    def questions_of(self, section: Section) -> list[Question]:
        return list(self.outline.questions.get(section.id, ()))

    def has_follow_ups(self, section: Section) -> bool:
        """Whether some answer in this section can make more of its questions apply."""
        return any(question.show_if for question in self.questions_of(section))

    @cached_property
    def flags(self) -> list[Flag]:
        return raised_flags(self.questions, self.visible)

    @cached_property
    def missing_required(self) -> list[Question]:
        return [
            question
            for question in self.questions
            if question.required and question.key in self.visible and not is_answered(self.visible[question.key])
        ]

    @cached_property
    def progress(self) -> list[StepProgress]:
        result = []
        for step in self.steps:
            in_step = [question for question in self.questions if question.section.step_id == step.id]
            shown = [question for question in in_step if question.key in self.visible]
            result.append(
                StepProgress(
                    step=step,
                    shown=len(shown),
                    answered=sum(1 for question in shown if is_answered(self.visible[question.key])),
                    missing=[question for question in self.missing_required if question.section.step_id == step.id],
                    flags=[flag for flag in self.flags if flag.question.section.step_id == step.id],
                    may_follow=sum(1 for question in in_step if question.key not in self.visible),
                )
            )
        return result

    def step(self, number: int) -> Step | None:
        return next((step for step in self.steps if step.number == number), None)

    def next_section_after(self, section: Section) -> Section | None:
        ordered = [s for step in self.steps for s in self.sections_of(step)]
        index = next(i for i, candidate in enumerate(ordered) if candidate.id == section.id)
        return ordered[index + 1] if index + 1 < len(ordered) else None
