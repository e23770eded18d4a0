"""Reads of the risk register shared by its page, the overview, the dashboard and the reports."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from duediligence.assessments.models import Assessment
from duediligence.assessments.snapshot import Snapshot
from duediligence.questionnaires.rules import Flag
from duediligence.risks import heatmap
from duediligence.risks.models import Risk, SuggestionDecision


@dataclass
class Register:
    risks: list[Risk]  # by salience, most salient first
    labels: dict[int, str]  # R1, R2... in the order risks were recorded, so a label never changes
    gross_map: heatmap.HeatMap
    residual_map: heatmap.HeatMap


def register_for(assessment: Assessment) -> Register:
    risks = list(
        assessment.risks.prefetch_related("actions", "remedies", "indicators__results")
        .select_related("source_question")
        .order_by("id")
    )
    labels = {risk.pk: f"R{index}" for index, risk in enumerate(risks, start=1)}
    for risk in risks:
        # Read by the templates.
        risk.label = labels[risk.pk]  # type: ignore[attr-defined]
    ordered = sorted(risks, key=lambda risk: (-risk.salience, -risk.irremediability, -risk.scale, risk.pk))
    return Register(
        risks=ordered,
        labels=labels,
        gross_map=heatmap.build(ordered, residual=False, labels=labels),
        residual_map=heatmap.build(ordered, residual=True, labels=labels),
    )


SCORE_NAMES = ("scale", "scope", "irremediability", "likelihood")


@dataclass
class Suggestion:
    """One harm the answers point to, with every flagged answer behind it (flags of one `harm` merge)."""

    harm: str
    flags: list[Flag]
    questionnaire_id: int = 0

    @property
    def first(self) -> Flag:
        return self.flags[0]

    @property
    def key(self) -> str:
        """What names this suggestion in URLs (any of its flags' keys finds it)."""
        return flag_key(self.first, self.questionnaire_id)

    @property
    def title(self) -> str:
        return str(self._suggest["title"])

    @property
    def category(self) -> str:
        return str(self._suggest["category"])

    @property
    def level(self) -> str:
        return max(self.flags, key=lambda flag: flag.weight).level

    @cached_property
    def scores(self) -> dict[str, int]:
        """The suggested scores: for each, the highest any of its flags suggests (the gravest reading wins)."""
        scores: dict[str, int] = {}
        for flag in self.flags:
            for name in SCORE_NAMES:
                value = (flag.suggest or {}).get(name)
                if isinstance(value, int):
                    scores[name] = max(scores.get(name, 0), value)
        return scores

    @property
    def rights(self) -> str:
        return str(self._suggest.get("rights", ""))

    @property
    def _suggest(self) -> Mapping[str, Any]:
        return self.first.suggest or {}

    @property
    def actual(self) -> bool:
        """An answer behind it says the harm is happening (risk_rule.actual)."""
        return any(flag.actual for flag in self.flags)

    def initial(self) -> dict:
        """What accepting it puts in the new risk's form: an actual harm arrives actual, and so certain."""
        initial = {"title": self.title, "category": self.category, "rights_affected": self.rights, **self.scores}
        if self.actual:
            initial.update(impact="actual", likelihood=5)
        return initial


@dataclass(frozen=True)
class SourcedFlag(Flag):
    """A flag raised by someone else (a partner's answer, or its silence), which says whose it was.

    A flag no answer raised has no question: its `subject` names it for decisions (e.g. one partner's silence).
    """

    source: str = ""
    subject: str = ""


# Apps above this one add flags of their own (partners' submitted answers): each a function of an assessment's
# snapshot returning flags, registered in the app's ready(). The register and the check page read them all alike.
FLAG_SOURCES: list[Callable[[Snapshot], list[Flag]]] = []


def register_flag_source(source: Callable[[Snapshot], list[Flag]]) -> None:
    if source not in FLAG_SOURCES:
        FLAG_SOURCES.append(source)


def flag_key(flag: Flag, questionnaire_id: int) -> str:
    """How a flag is named in URLs: its question's key, for another questionnaire's question its id, or its subject."""
    question = flag.question
    if question is None:
        return str(getattr(flag, "subject", ""))
    return question.key if question.questionnaire_id == questionnaire_id else f"partner-{question.pk}"


def decision_subjects(flags: list[Flag]) -> tuple[str, ...]:
    """The subjects of the flags no answer raised, which decisions name instead of a question."""
    return tuple(subject for flag in flags if flag.question is None and (subject := getattr(flag, "subject", "")))


def pending_suggestions(snapshot: Snapshot) -> list[Suggestion]:
    """The risks flagged answers suggest that the officer has not yet accepted or dismissed, one per harm."""
    decisions = SuggestionDecision.objects.filter(assessment=snapshot.assessment).values_list("question_id", "subject")
    decided, decided_subjects = set(), set()
    for question_id, subject in decisions:  # one query for both kinds of decision
        if question_id is not None:
            decided.add(question_id)
        if subject:
            decided_subjects.add(subject)
    flags = [*snapshot.flags, *(flag for source in FLAG_SOURCES for flag in source(snapshot))]
    groups: dict[str, list[Flag]] = {}
    for flag in flags:
        if not flag.suggest:
            continue
        if flag.question is not None and flag.question.pk in decided:
            continue
        if flag.question is None and getattr(flag, "subject", "") in decided_subjects:
            continue
        harm = str(flag.suggest.get("harm") or flag.suggest["title"])
        groups.setdefault(harm, []).append(flag)
    questionnaire_id = snapshot.assessment.questionnaire_id
    return [Suggestion(harm, group, questionnaire_id) for harm, group in groups.items()]


def suggestion_for(snapshot: Snapshot, key: str) -> Suggestion | None:
    """The pending suggestion one of whose flagged answers is named `key`."""
    questionnaire_id = snapshot.assessment.questionnaire_id
    return next(
        (s for s in pending_suggestions(snapshot) if any(flag_key(f, questionnaire_id) == key for f in s.flags)),
        None,
    )
