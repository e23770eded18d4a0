"""Measuring screening on the labelled cases of bench/data/screening_cases.csv (see bench/make_screening_cases.py).

Shared by the test that pins a floor (test_screening_quality.py) and by `make bench-screening`, which also
measures two baselines on the same cases.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CASES = Path(__file__).resolve().parents[2] / "bench" / "data" / "screening_cases.csv"


@dataclass(frozen=True)
class Case:
    name: str
    name_local: str
    expected: str  # the listed name it must match; empty for a negative
    kind: str


@dataclass
class Metrics:
    positives: int
    negatives: int
    recall: float
    precision: float
    negatives_flagged: float
    entities_per_match: float
    misses: list[Case]
    false_alarms: list[tuple[Case, list[str]]]

    def line(self, label: str) -> str:
        return (
            f"{label:44} recall {self.recall:6.1%}  precision {self.precision:6.1%}  negatives flagged "
            f"{self.negatives_flagged:5.1%}  entities per matched partner {self.entities_per_match:4.2f}"
        )


def load_cases() -> list[Case]:
    with CASES.open(encoding="utf-8") as handle:
        return [Case(**row) for row in csv.DictReader(handle)]


def measure(cases: list[Case], flagged: Callable[[Case], list[str]]) -> Metrics:
    """`flagged` gives, for a case, the listed names (each entity's main name) a method flags."""
    hits = pairs = correct = negatives_hit = matched = 0
    misses: list[Case] = []
    false_alarms: list[tuple[Case, list[str]]] = []
    for case in cases:
        found = flagged(case)
        pairs += len(found)
        if found:
            matched += 1
        if case.expected:
            if case.expected in found:
                hits += 1
                correct += 1
            else:
                misses.append(case)
        elif found:
            negatives_hit += 1
            false_alarms.append((case, found))
    positives = sum(1 for case in cases if case.expected)
    negatives = len(cases) - positives
    return Metrics(
        positives=positives,
        negatives=negatives,
        recall=hits / positives if positives else 0.0,
        precision=correct / pairs if pairs else 0.0,
        negatives_flagged=negatives_hit / negatives if negatives else 0.0,
        entities_per_match=pairs / matched if matched else 0.0,
        misses=misses,
        false_alarms=false_alarms,
    )


def screen_with_the_app(cases: list[Case], assessment) -> Callable[[Case], list[str]]:
    """Screen every case as a partner of `assessment` through the app's own screening; returns the lookup."""
    from duediligence.partners.models import Partner, ScreeningMatch
    from duediligence.partners.screening import screen

    partners = []
    for index, case in enumerate(cases):
        partner = Partner(
            assessment=assessment,
            name=case.name or case.name_local,
            name_local=case.name_local,
            category="supplier",
            city=f"Case {index}",
            country="China",
        )
        partner.refresh_keys()
        partners.append(partner)
    created = Partner.objects.bulk_create(partners, batch_size=2000)
    screen(assessment_id=assessment.pk)
    by_partner: dict[int, list[str]] = {}
    for partner_id, entity_name in ScreeningMatch.objects.filter(partner__assessment=assessment).values_list(
        "partner_id", "entity__name"
    ):
        by_partner.setdefault(partner_id, []).append(entity_name)
    index_of = {id(case): created[i].pk for i, case in enumerate(cases)}
    return lambda case: by_partner.get(index_of[id(case)], [])
