from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from duediligence.assessments.ownership import item_label, section_name
from duediligence.assessments.snapshot import Snapshot
from duediligence.questionnaires.fields import display
from duediligence.review.content import Change


@dataclass
class ReadableChange:
    what: str
    kind: str
    before: str
    after: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items() if item not in ("", [], None))
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    return str(value)


def readable_changes(snapshot: Snapshot, changes: list[Change]) -> list[ReadableChange]:
    """Changes as the auditor reads them: questions by their label, answers and items as text."""
    questions = {question.key: question for question in snapshot.questions}
    rows = []
    for change in changes:
        if change.section == "answers" and change.key in questions:
            question = questions[change.key]
            rows.append(
                ReadableChange(
                    question.label, change.kind, display(question, change.before), display(question, change.after)
                )
            )
            continue
        item = change.after or change.before or {}
        if change.section == "assessment":
            label = "Assessment scope"
        else:
            label = f"{section_name(change.section)}: {item_label(change.section, item) or change.key}"
        rows.append(ReadableChange(label, change.kind, _text(change.before), _text(change.after)))
    return rows
