"""The tables of this app that an assessment owns (see ownership.py); registered in AssessmentsConfig.ready()."""

from __future__ import annotations

from typing import Any

from duediligence.assessments.evidence import new_token
from duediligence.assessments.models import Answer, AnswerChange, Assessment, Evidence, Transition
from duediligence.assessments.ownership import Copy, CopyContext, OwnedTable
from duediligence.assessments.snapshot import Snapshot


def _answers_content(assessment: Assessment) -> dict[str, Any]:
    # Answers hidden by a condition are not part of what is reviewed, whatever they held before.
    return {key: value for key, value in Snapshot(assessment).visible.items() if value is not None}


def _evidence_prepare(evidence: Evidence, context: CopyContext) -> None:
    # The file is shared between revisions (it never changes); each revision has its own download tokens.
    tokens = context.carried.setdefault("evidence_tokens", {})
    tokens[evidence.token] = new_token()
    evidence.token = tokens[evidence.token]


def _answer_prepare(answer: Answer, context: CopyContext) -> None:
    tokens = context.carried.get("evidence_tokens", {})
    if isinstance(answer.value, list) and any(isinstance(item, str) and item in tokens for item in answer.value):
        answer.value = [tokens.get(item, item) for item in answer.value]
    answer.version = 1
    answer.updated_by = context.user
    answer.updated_at = context.now


RECORD = "the review's own record of what happened, not content that is reviewed"

OWNED = (
    OwnedTable(
        "evidence",
        Evidence,
        "assessment",
        reviewed=("question", "original_name", "sha256"),
        bookkeeping={
            "uid": "identity",
            "assessment": "scope",
            "token": "a download link, new in each revision",
            "file": "the bytes, fixed by the reviewed SHA-256",
            "content_type": "read from the bytes",
            "size": "read from the bytes",
            "uploaded_by": "who, recorded by the system",
            "uploaded_at": "when, recorded by the system",
        },
        label="original_name",
        prepare=_evidence_prepare,
    ),
    OwnedTable(
        "answers",
        Answer,
        "assessment",
        reviewed=("value",),
        bookkeeping={
            "assessment": "scope",
            "question": "the item's key",
            "version": "the edit-conflict counter",
            "updated_by": "who, recorded by the system",
            "updated_at": "when, recorded by the system",
        },
        key_field="question",
        after=("evidence",),
        prepare=_answer_prepare,
        content=_answers_content,
    ),
    # The history trigger writes a revision's own history as its answers are inserted.
    OwnedTable(
        "answer_changes",
        AnswerChange,
        "assessment",
        refs={"answer": "answers"},
        copy=Copy.SKIP,
        bookkeeping={
            name: RECORD
            for name in ("answer", "assessment", "question", "old_value", "new_value", "changed_by", "changed_at")
        },
    ),
    OwnedTable(
        "transitions",
        Transition,
        "assessment",
        copy=Copy.SKIP,
        bookkeeping={
            name: RECORD for name in ("assessment", "from_status", "to_status", "by", "at", "note", "content_sha256")
        },
    ),
)
