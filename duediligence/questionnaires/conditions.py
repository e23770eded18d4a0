"""The small condition language of questionnaire definitions, used by `show_if` and `risk_rule.when`.

A test is a mapping with one operator, applied to one answer value:
    {equals: yes} {not_equals: no} {in: [a, b]} {any_of: [a, b]} (for multiple choice)
    {at_least: 4} {at_most: 2} {answered: true}
`show_if` adds which question it looks at, and may combine tests:
    {question: sells_to_security, equals: yes}
    {all: [{question: a, equals: yes}, {question: b, at_least: 3}]}   and {any: [...]}
An unanswered question (None) satisfies no test except {answered: false}.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

OPERATORS = ("equals", "not_equals", "in", "any_of", "at_least", "at_most", "answered")
COMBINATORS = ("all", "any")


def is_answered(value: Any) -> bool:
    return value not in (None, "", [], {})


def passes(test: Mapping[str, Any], value: Any) -> bool:
    """Whether one answer value passes one operator test."""
    operator = next(name for name in OPERATORS if name in test)
    expected = test[operator]
    if operator == "answered":
        return is_answered(value) is bool(expected)
    if not is_answered(value):
        return False
    if operator == "equals":
        return value == expected
    if operator == "not_equals":
        return value != expected
    if operator == "in":
        return value in expected
    if operator == "any_of":
        chosen = value if isinstance(value, list) else [value]
        return any(item in expected for item in chosen)
    number = float(value)
    return number >= expected if operator == "at_least" else number <= expected


def condition_holds(condition: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> bool:
    """Whether a `show_if` condition holds for the answers given (keyed by question key)."""
    if not condition:
        return True
    if "all" in condition:
        return all(condition_holds(part, answers) for part in condition["all"])
    if "any" in condition:
        return any(condition_holds(part, answers) for part in condition["any"])
    return passes(condition, answers.get(condition["question"]))


def referenced_keys(condition: Mapping[str, Any] | None) -> list[str]:
    if not condition:
        return []
    for combinator in COMBINATORS:
        if combinator in condition:
            return [key for part in condition[combinator] for key in referenced_keys(part)]
    return [condition["question"]] if "question" in condition else []


def visible_answers(questions: Iterable, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of the questions that are shown, in questionnaire order.

    A question whose condition depends on a hidden question is hidden too: its trigger does not count.
    Hidden answers are kept in the database (nothing is lost) but ignored for completeness, flags and reports.
    """
    shown: dict[str, Any] = {}
    for question in questions:
        if condition_holds(question.show_if, shown):
            shown[question.key] = answers.get(question.key)
    return shown
