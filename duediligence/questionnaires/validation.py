"""Checks a questionnaire definition (parsed YAML) and reports every problem with where it is.

Nothing is loaded while a single error remains, so a half-valid file never becomes a half-loaded
questionnaire. Locations read like "step 1 › section end-use › question sells_to_security".
"""

from __future__ import annotations

import re
from typing import Any

from duediligence.questionnaires.conditions import COMBINATORS, OPERATORS
from duediligence.questionnaires.models import FlagLevel, QuestionnaireKind, QuestionType

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,79}$")
CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE}
RISK_CATEGORIES = {
    "misuse",
    "surveillance_privacy",
    "forced_labour",
    "labour_rights",
    "discrimination",
    "expression",
    "security_of_person",
    "other",
}
REFERENCE_PATTERN = re.compile(
    r"^(UNGP \d+|OECD DDG|UNGPRF [A-C]\d|LkSG|CSDDD|UFLPA|UK MSA|Norway TA|EAR|ILO|PIPL|GDPR)\S*"
)


class DefinitionError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the questionnaire definition")
        self.errors = errors


def validate_definition(data: Any) -> list[str]:
    errors: list[str] = []
    if not isinstance(data, dict):
        return ["the file must hold a mapping with slug, version, title and steps"]
    if not isinstance(data.get("slug"), str) or not KEY_PATTERN.match(data.get("slug", "")):
        errors.append("slug: needed, lower-case letters, digits, - or _")
    if not isinstance(data.get("version"), int) or isinstance(data.get("version"), bool) or data["version"] < 1:
        errors.append("version: needed, a whole number of at least 1")
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        errors.append("title: needed")
    kind = data.get("kind", QuestionnaireKind.ASSESSMENT)
    if kind not in QuestionnaireKind.values:
        errors.append(f"kind: {kind!r} is not one of {', '.join(QuestionnaireKind.values)}")
    # Partners answer in English or Chinese, so every wording a partner reads needs its Chinese counterpart.
    bilingual = kind == QuestionnaireKind.PARTNER
    if bilingual:
        errors += _check_chinese(data, ["title"], "questionnaire")
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        errors.append("steps: needed, a list of the four steps" if not bilingual else "steps: needed, at least one")
        return errors
    numbers: list[Any] = [step.get("number") for step in steps if isinstance(step, dict)]
    if bilingual:
        if sorted(numbers) != list(range(1, len(numbers) + 1)) or len(numbers) > 4:
            errors.append(f"steps: must be numbered from 1 without gaps, at most 4 (found {numbers})")
    elif sorted(numbers) != [1, 2, 3, 4][: len(numbers)] or len(numbers) != 4:
        errors.append(f"steps: must be numbered 1, 2, 3 and 4 exactly once (found {numbers})")
    seen: dict[str, dict] = {}
    for index, step in enumerate(steps):
        where = f"step {step.get('number', index + 1)}" if isinstance(step, dict) else f"step #{index + 1}"
        if not isinstance(step, dict):
            errors.append(f"{where}: must be a mapping")
            continue
        errors += _check_text(step, ["key", "title"], where, key_fields=["key"])
        if bilingual:
            errors += _check_chinese(step, ["title", "intro"], where)
        errors += _check_references(step.get("references", []), where)
        sections = step.get("sections")
        if not isinstance(sections, list) or not sections:
            errors.append(f"{where}: sections: needed, at least one")
            continue
        section_keys: set[Any] = set()
        for section in sections:
            if not isinstance(section, dict):
                errors.append(f"{where}: every section must be a mapping")
                continue
            section_where = f"{where} › section {section.get('key', '?')}"
            errors += _check_text(section, ["key", "title"], section_where, key_fields=["key"])
            if bilingual:
                errors += _check_chinese(section, ["title", "intro"], section_where)
            if section.get("key") in section_keys:
                errors.append(f"{section_where}: the key is used twice in this step")
            section_keys.add(section.get("key"))
            questions = section.get("questions")
            if not isinstance(questions, list) or not questions:
                errors.append(f"{section_where}: questions: needed, at least one")
                continue
            for question in questions:
                errors += _check_question(question, section_where, seen, bilingual=bilingual)
    return errors


CJK = re.compile(r"[\u3400-\u9fff]")


def _check_chinese(item: dict, fields: list[str], where: str) -> list[str]:
    """Each field the item has in English needs a `<field>_zh` in Chinese characters."""
    errors = []
    for field in fields:
        if not item.get(field):
            continue
        chinese = item.get(f"{field}_zh")
        if not isinstance(chinese, str) or not chinese.strip():
            errors.append(f"{where}: {field}_zh: needed, the Chinese wording of {field} (partners answer in both)")
        elif not CJK.search(chinese):
            errors.append(f"{where}: {field}_zh: has no Chinese characters")
    return errors


def _check_text(item: dict, fields: list[str], where: str, key_fields: list[str]) -> list[str]:
    errors = []
    for field in fields:
        value = item.get(field)
        if not isinstance(value, str) or not value.strip():
            errors.append(f"{where}: {field}: needed")
        elif field in key_fields and not KEY_PATTERN.match(value):
            errors.append(f"{where}: {field}: {value!r} must be lower-case letters, digits, - or _")
    return errors


def _check_references(references: Any, where: str) -> list[str]:
    if not isinstance(references, list) or not all(isinstance(item, str) for item in references):
        return [f"{where}: references: must be a list of texts such as 'UNGP 17'"]
    return [
        f"{where}: references: {item!r} is not a framework reference (e.g. 'UNGP 17', 'OECD DDG 2.1', 'UNGPRF C3')"
        for item in references
        if not REFERENCE_PATTERN.match(item)
    ]


def _check_question(question: Any, section_where: str, seen: dict[str, dict], *, bilingual: bool = False) -> list[str]:
    if not isinstance(question, dict):
        return [f"{section_where}: every question must be a mapping"]
    key = question.get("key", "?")
    where = f"{section_where} › question {key}"
    errors = _check_text(question, ["key", "label"], where, key_fields=["key"])
    if bilingual:
        errors += _check_chinese(question, ["label", "help"], where)
        if question.get("type") in (QuestionType.SCALE, QuestionType.EVIDENCE):
            errors.append(f"{where}: type: partner questionnaires ask no {question['type']} questions")
    if key in seen:
        errors.append(f"{where}: the key is used twice in this questionnaire")
    kind = question.get("type")
    if kind not in QuestionType.values:
        errors.append(f"{where}: type: {kind!r} is not one of {', '.join(QuestionType.values)}")
    if "required" in question and not isinstance(question["required"], bool):
        errors.append(f"{where}: required: must be true or false")
    errors += _check_references(question.get("references", []), where)
    errors += _check_choices(question, kind, where, bilingual=bilingual)
    errors += _check_options(question.get("options", {}), kind, where)
    if question.get("show_if") is not None:
        errors += _check_condition(question["show_if"], where + " › show_if", seen, needs_question=True)
    if question.get("risk_rule") is not None:
        errors += _check_risk_rule(question, where, seen)
    seen[key] = question
    return errors


def _check_choices(question: dict, kind: str | None, where: str, *, bilingual: bool = False) -> list[str]:
    choices = question.get("choices")
    if kind not in CHOICE_TYPES:
        return [f"{where}: choices: only choice questions have choices"] if choices else []
    if not isinstance(choices, list) or len(choices) < 2:
        return [f"{where}: choices: needed, at least two"]
    errors = []
    values = []
    # Exactly these keys: an unquoted comma in a YAML flow mapping silently splits a label in two.
    expected = {"value", "label", "label_zh"} if bilingual else {"value", "label"}
    wording = "a value, a label and a label_zh" if bilingual else "a value and a label"
    for choice in choices:
        if not isinstance(choice, dict) or set(choice) != expected or not isinstance(choice["value"], str):
            errors.append(f"{where}: choices: each needs exactly {wording} (quote labels with commas)")
            continue
        if bilingual and not CJK.search(str(choice["label_zh"])):
            errors.append(f"{where}: choices: label_zh of {choice['value']!r} has no Chinese characters")
        values.append(choice["value"])
    if len(values) != len(set(values)):
        errors.append(f"{where}: choices: a value is used twice")
    return errors


def _check_options(options: Any, kind: str | None, where: str) -> list[str]:
    if not isinstance(options, dict):
        return [f"{where}: options: must be a mapping"]
    errors = [
        f"{where}: options: {name!r} is not an option (unit, min, max, low, high)"
        for name in options
        if name not in {"unit", "min", "max", "low", "high"}
    ]
    if kind == QuestionType.NUMBER:
        low, high = options.get("min"), options.get("max")
        for name in ("min", "max"):
            if name in options and not isinstance(options[name], int | float):
                errors.append(f"{where}: options: {name} must be a number")
        if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
            errors.append(f"{where}: options: min is above max")
    if kind == QuestionType.SCALE and not (options.get("low") and options.get("high")):
        errors.append(f"{where}: options: a scale needs labels for its low and high ends (low, high)")
    return errors


def _check_condition(condition: Any, where: str, seen: dict[str, dict], needs_question: bool) -> list[str]:
    if not isinstance(condition, dict):
        return [f"{where}: must be a mapping"]
    for combinator in COMBINATORS:
        if combinator in condition:
            parts = condition[combinator]
            if not isinstance(parts, list) or not parts:
                return [f"{where}: {combinator}: needs a list of conditions"]
            return [error for part in parts for error in _check_condition(part, where, seen, needs_question)]
    operators = [name for name in OPERATORS if name in condition]
    if len(operators) != 1:
        return [f"{where}: needs exactly one of {', '.join(OPERATORS)}"]
    if not needs_question:
        return []
    target = condition.get("question")
    if target not in seen:
        return [f"{where}: question {target!r} must be a question asked earlier in the questionnaire"]
    target_choices = {choice.get("value") for choice in seen[target].get("choices") or [] if isinstance(choice, dict)}
    if seen[target].get("type") == QuestionType.YES_NO:
        target_choices = {"yes", "no"}
    expected = condition[operators[0]]
    wanted = expected if isinstance(expected, list) else [expected]
    if target_choices and operators[0] in ("equals", "not_equals", "in", "any_of"):
        unknown = [value for value in wanted if value not in target_choices]
        if unknown:
            return [f"{where}: {unknown} is not an answer question {target!r} can have"]
    return []


def _check_risk_rule(question: dict, where: str, seen: dict[str, dict]) -> list[str]:
    rule = question["risk_rule"]
    where = f"{where} › risk_rule"
    if not isinstance(rule, dict):
        return [f"{where}: must be a mapping with when, level and reason"]
    errors = []
    if rule.get("level") not in FlagLevel.values:
        errors.append(f"{where}: level: must be one of {', '.join(FlagLevel.values)}")
    if not rule.get("reason"):
        errors.append(f"{where}: reason: needed, says why the answer is a warning sign")
    # The rule tests the question's own answer, so check it against the question itself.
    own: dict[Any, Any] = {**seen, question.get("key"): question}
    errors += _check_condition({**(rule.get("when") or {}), "question": question.get("key")}, where, own, True)
    actual = rule.get("actual", False)
    if isinstance(actual, dict):
        errors += _check_condition({**actual, "question": question.get("key")}, f"{where} › actual", own, True)
    elif not isinstance(actual, bool):
        errors.append(f"{where}: actual: true, false, or a condition naming the answers that say the harm is happening")
    suggest = rule.get("suggest")
    if suggest is not None and (
        not isinstance(suggest, dict) or suggest.get("category") not in RISK_CATEGORIES or not suggest.get("title")
    ):
        errors.append(f"{where}: suggest: needs a title and a category among {', '.join(sorted(RISK_CATEGORIES))}")
    elif suggest is not None:
        errors += _check_suggestion(suggest, f"{where} › suggest")
    return errors


SUGGEST_KEYS = {"category", "title", "harm", "scale", "scope", "irremediability", "likelihood", "rights"}
SUGGESTED_SCORES = ("scale", "scope", "irremediability", "likelihood")


def _check_suggestion(suggest: dict, where: str) -> list[str]:
    """Scores are whole numbers 1-5, suggested all four or none; harm and rights are text."""
    errors = [f"{where}: {key}: not a field of a suggestion" for key in sorted(set(suggest) - SUGGEST_KEYS)]
    given = [name for name in SUGGESTED_SCORES if name in suggest]
    if given and len(given) != len(SUGGESTED_SCORES):
        missing = ", ".join(name for name in SUGGESTED_SCORES if name not in suggest)
        errors.append(f"{where}: suggest all four scores or none (missing: {missing})")
    for name in given:
        value = suggest[name]
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors.append(f"{where}: {name}: {value!r} is not a score from 1 to 5")
    for name in ("harm", "rights"):
        if name in suggest and (not isinstance(suggest[name], str) or not suggest[name].strip()):
            errors.append(f"{where}: {name}: must be text")
    return errors
