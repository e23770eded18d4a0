"""Answers as sentences: the public reports speak in prose composed from the answers, never in question/answer
pairs, and say what they lack in one place rather than "Not answered" inline.

The sentence per answer lives in data/statements.yaml. `Prose` reads an assessment's shown answers through
them, and remembers which shown questions were left unanswered: those are the report's gaps.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from duediligence.assessments.snapshot import Snapshot
from duediligence.questionnaires.conditions import is_answered
from duediligence.questionnaires.fields import display
from duediligence.reports.questions import Q, introduced_in

logger = logging.getLogger(__name__)

STATEMENTS_FILE = Path(__file__).resolve().parent / "data" / "statements.yaml"
UNGPRF_FILE = Path(__file__).resolve().parent / "data" / "ungprf.yaml"


# libyaml's loader where PyYAML was built with it (the wheels are): ten times faster than the pure-Python one.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def statements() -> dict[str, dict]:
    return yaml.load(STATEMENTS_FILE.read_text(encoding="utf-8"), Loader=YamlLoader)


@cache
def ungprf_references() -> dict[str, str]:
    """Reference → our few words for its subject, in the framework's order."""
    return yaml.load(UNGPRF_FILE.read_text(encoding="utf-8"), Loader=YamlLoader)


def joined(items: list[str]) -> str:
    """A list as a reader says it: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass
class Paragraph:
    """A paragraph of the report. `quoted` marks the company's own words (a long answer), set apart in print."""

    text: str
    lead: str = ""
    quoted: bool = False
    # The UNGPRF references this paragraph answers; a bulleted list printed after it.
    refs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class Gap:
    what: str
    refs: list[str] = field(default_factory=list)


class MissingQuestion(LookupError):
    """A report names a question its assessment's questionnaire does not ask: a renamed or removed key."""


class Prose:
    def __init__(self, snapshot: Snapshot) -> None:
        self.questions = {question.key: question for question in snapshot.questions}
        self.version = snapshot.assessment.questionnaire.version
        self.shown = snapshot.visible
        self.gaps: dict[str, Gap] = {}
        # Questions left unanswered that the records answer: key → where (for the internal report's annex).
        self.settled: dict[str, str] = {}

    def _asked(self, key: Q) -> bool:
        """Whether this assessment's questionnaire asks `key`. A key it should ask and does not is a seam that
        would silently drop a sentence: an error in tests and under DEBUG, logged in production."""
        if key in self.questions:
            return True
        if self.version < introduced_in(key):
            return False  # asked only by later versions: not a gap of this assessment
        message = f"the reports name question {key!r}, which questionnaire version {self.version} does not ask"
        if settings.REPORT_KEYS_STRICT:
            raise MissingQuestion(message)
        logger.error(message)
        return False

    def value(self, key: Q) -> Any:
        return self.shown.get(key) if self._asked(key) else None

    def sentence(self, key: Q, *, gap: bool = True) -> str:
        """The answer to `key` as a sentence, or "" when it is hidden or unanswered (noted as a gap if shown)."""
        spec = statements()[key]  # every Q has its sentence (tests/reports/test_question_keys.py)
        if not self._asked(key) or key not in self.shown:
            return ""
        question = self.questions[key]
        value = self.shown[key]
        if not is_answered(value):
            if gap and key not in self.settled:
                self.gaps.setdefault(key, Gap(spec["gap"], spec.get("refs", [])))
            return ""
        if "lead" in spec:
            return str(value).strip()
        if "template" in spec and isinstance(value, list):
            words = [spec["words"].get(item, question.choice_labels.get(item, str(item))) for item in value]
            chosen = [word for item, word in zip(value, words, strict=True) if item != "none"]
            if not chosen:
                return spec.get("none", "")
            return spec["template"].format(items=joined(chosen))
        if "template" in spec:
            # Numbers without the question's unit: the template names what is counted.
            shown = f"{value:,}" if isinstance(value, int | float) else display(question, value)
            return spec["template"].format(value=shown)
        if "choices" in spec:
            return spec["choices"].get(value, display(question, value))
        return spec.get(value, display(question, value))

    def paragraphs(self, *keys: Q) -> list[Paragraph]:
        """The answers to `keys` in order: short answers run together in one paragraph, long ones stand apart
        with their lead."""
        out: list[Paragraph] = []
        run: list[str] = []
        run_refs: list[str] = []
        for key in keys:
            text = self.sentence(key)
            if not text:
                continue
            spec = statements()[key]
            if "lead" not in spec:
                run.append(text)
                run_refs += spec.get("refs", [])
                continue
            if run:
                out.append(Paragraph(" ".join(run), refs=run_refs))
                run, run_refs = [], []
            out.append(Paragraph(text, lead=spec["lead"], quoted=True, refs=spec.get("refs", [])))
        if run:
            out.append(Paragraph(" ".join(run), refs=run_refs))
        return out

    def gap(self, what: str, *refs: str) -> None:
        """A gap the records show rather than an unanswered question (e.g. no indicator for a salient risk)."""
        self.gaps.setdefault(what, Gap(what, list(refs)))

    def settle(self, key: Q, where: str) -> None:
        """The records answer what `key` asks (e.g. audits recorded while "was there an audit?" is unanswered):
        not a gap, and the annex says where the answer is instead."""
        self.gaps.pop(key, None)
        if key in self.shown and not is_answered(self.shown[key]):
            self.settled[key] = where
