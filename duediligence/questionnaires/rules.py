"""Which answers raise a flag, by each question's `risk_rule` (see conditions.py for the `when` tests)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from duediligence.questionnaires.conditions import passes
from duediligence.questionnaires.models import Question

LEVEL_ORDER = {"high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True)
class Flag:
    question: Question
    level: str
    reason: str
    # The risk the answer points to: title, category, and (from version 2) harm, suggested scores and rights.
    suggest: Mapping[str, Any] | None
    # The answer says the harm is happening or has happened (from version 3): evidence of an actual impact.
    actual: bool = False

    @property
    def weight(self) -> int:
        return LEVEL_ORDER[self.level]


def flag_for(question: Question, value: Any) -> Flag | None:
    rule = question.risk_rule
    if not rule or not passes(rule["when"], value):
        return None
    return Flag(
        question=question,
        level=rule["level"],
        reason=rule["reason"],
        suggest=rule.get("suggest"),
        actual=_says_actual(rule.get("actual", False), value),
    )


def _says_actual(actual: Any, value: Any) -> bool:
    """`risk_rule.actual`: true when every flagged answer says the harm is happening, or a condition naming the
    answers that do (e.g. "yes" says it is, "unknown" only that nobody checked)."""
    return passes(actual, value) if isinstance(actual, Mapping) else actual is True


def raised_flags(questions: Iterable[Question], visible: Mapping[str, Any]) -> list[Flag]:
    """Flags of the questions that are shown, most serious first, then in questionnaire order."""
    candidates = (flag_for(question, visible[question.key]) for question in questions if question.key in visible)
    flags = [flag for flag in candidates if flag is not None]
    return sorted(flags, key=lambda flag: (-flag.weight, flag.question.position))
