"""Shapes snapshot data for templates, so templates stay free of lookups."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from duediligence.assessments.forms import GROUP_TYPES, SectionForm
from duediligence.assessments.models import Assessment
from duediligence.assessments.snapshot import Snapshot
from duediligence.questionnaires.fields import display
from duediligence.questionnaires.models import Question, QuestionType
from duediligence.questionnaires.rules import flag_for


@dataclass
class QuestionRow:
    question: Question
    field: Any
    version_field: Any
    shown: bool
    show_if_json: str
    flag: Any
    evidence: list
    is_group: bool


def question_rows(form: SectionForm, snapshot: Snapshot, visible: dict[str, Any]) -> list[QuestionRow]:
    evidence_by_token = {}
    tokens = [t for q in form.evidence_questions for t in (snapshot.values.get(q.key) or [])]
    if tokens:
        evidence_by_token = {e.token: e for e in snapshot.assessment.evidence.filter(token__in=tokens)}
    rows = []
    for question in form.questions:
        shown = question.key in visible
        value = visible.get(question.key)
        tokens = (snapshot.values.get(question.key) or []) if question.type == QuestionType.EVIDENCE else []
        rows.append(
            QuestionRow(
                question=question,
                field=form[question.key],
                version_field=form[f"version__{question.key}"],
                shown=shown,
                show_if_json=json.dumps(question.show_if) if question.show_if else "",
                flag=flag_for(question, value) if shown else None,
                evidence=[evidence_by_token[token] for token in tokens if token in evidence_by_token],
                is_group=question.type in GROUP_TYPES,
            )
        )
    return rows


def comments_by_key(assessment: Assessment, questions: list[Question]) -> dict[str, list]:
    """Review comments of the given questions, keyed by question key, oldest first."""
    comments: dict[str, list] = {}
    queryset = assessment.comments.filter(question__in=questions).select_related("author", "question")
    for comment in queryset.order_by("created_at"):
        assert comment.question is not None  # only comments on the given questions were asked for
        comments.setdefault(comment.question.key, []).append(comment)
    return comments


@dataclass
class AnswerRow:
    question: Question
    text: str
    flag: Any
    evidence: list


def answer_rows(snapshot: Snapshot, evidence: dict) -> list[dict]:
    """Every shown question, grouped by step and section, with its answer as text."""
    names = {token: item.original_name for token, item in evidence.items()}
    steps = []
    for step in snapshot.steps:
        sections = []
        for section in snapshot.sections_of(step):
            rows = []
            for question in snapshot.questions_of(section):
                if question.key not in snapshot.visible:
                    continue
                value = snapshot.visible[question.key]
                rows.append(
                    AnswerRow(
                        question=question,
                        text=display(question, value, names),
                        flag=flag_for(question, value),
                        evidence=[evidence[t] for t in (value or []) if t in evidence]
                        if question.type == QuestionType.EVIDENCE
                        else [],
                    )
                )
            sections.append({"section": section, "rows": rows})
        steps.append({"step": step, "sections": sections})
    return steps
