"""Reads of the risk register shared by its page, the overview, the dashboard and the reports."""

from __future__ import annotations

from dataclasses import dataclass

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
    risks = list(assessment.risks.prefetch_related("actions").select_related("source_question").order_by("id"))
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


def pending_suggestions(snapshot: Snapshot) -> list[Flag]:
    """Flagged answers whose risk rule suggests a risk the officer has not yet accepted or dismissed."""
    decided = set(
        SuggestionDecision.objects.filter(assessment=snapshot.assessment).values_list("question__key", flat=True)
    )
    return [flag for flag in snapshot.flags if flag.suggest and flag.question.key not in decided]
