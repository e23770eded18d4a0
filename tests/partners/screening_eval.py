"""Measuring screening on labelled cases, shared by the tests that pin floors and by `make bench-screening`.

Two kinds of set, kept apart on purpose (bench/README.md, "Screening quality"):
- the development sets, which the matcher's weights and its one threshold are tuned on: the generated cases
  (screening_cases.csv, bench/make_screening_cases.py) and cases of the harder kinds written for development
  (screening_dev_extra.csv);
- the test sets (screening_test.csv, screening_test_b.csv), each written first, by someone who never read the
  matcher, and never looked at while tuning: only their totals and recall by kind are printed, never misses.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
CASES = DATA / "screening_cases.csv"
DEVELOPMENT = (
    DATA / "screening_cases.csv",
    DATA / "screening_dev_extra.csv",
    DATA / "screening_dev_cross_script.csv",
    DATA / "screening_dev_more.csv",
    DATA / "screening_dev_hard.csv",
)
TEST = DATA / "screening_test.csv"
# A second test set, written blind on 2026-12-07 before that day's matcher changes (its .md says how).
TEST_B = DATA / "screening_test_b.csv"


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


def load_cases(*paths: Path) -> list[Case]:
    """The cases of the given files (the generated development set when none is given)."""
    cases = []
    for path in paths or (CASES,):
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            cases += [
                Case(row["name"], row.get("name_local", ""), row.get("expected", ""), row.get("kind", ""))
                for row in csv.DictReader(handle)
            ]
    return cases


def recall_by_kind(cases: list[Case], flagged: Callable[[Case], list[str]]) -> dict[str, tuple[int, int]]:
    """Per kind of case: (cases judged right, cases); a positive is right when its entity is flagged, a negative
    when nothing is."""
    found: dict[str, tuple[int, int]] = {}
    for case in cases:
        answer = flagged(case)
        right = case.expected in answer if case.expected else not answer
        done, total = found.get(case.kind, (0, 0))
        found[case.kind] = (done + right, total + 1)
    return dict(sorted(found.items()))


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


def screen_with_the_app(cases: list[Case], assessment: Any) -> Callable[[Case], list[str]]:
    """Screen every case as a partner of `assessment` the way partners arrive: through the app's own CSV import
    (which cleans names as it reads them), then its screening; returns the lookup."""
    from duediligence.partners.importer import partner_import
    from duediligence.partners.models import Partner, ScreeningMatch

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "name_local", "category", "city", "country"])
    for index, case in enumerate(cases):
        # A city of its own per case, so no two cases are one partner by name and place.
        writer.writerow([case.name or case.name_local, case.name_local, "supplier", f"Case {index}", "China"])
    report = partner_import(assessment=assessment, raw=out.getvalue().encode("utf-8"))
    assert report.ok, report.errors[:3]
    by_city = dict(Partner.objects.filter(assessment=assessment).values_list("city", "pk"))
    by_partner: dict[int, list[str]] = {}
    for partner_id, entity_name in ScreeningMatch.objects.filter(partner__assessment=assessment).values_list(
        "partner_id", "entity__name"
    ):
        by_partner.setdefault(partner_id, []).append(entity_name)
    index_of = {id(case): by_city[f"Case {index}"] for index, case in enumerate(cases)}
    return lambda case: by_partner.get(index_of[id(case)], [])
