"""A floor under screening quality on the labelled cases (bench/data/screening_cases.csv): it never regresses.

The targets are higher (make bench-screening prints the figures with two baselines); the floor is what a
change must never fall below.
"""

from tests.partners.screening_eval import load_cases, measure, screen_with_the_app


def test_screening_finds_the_listed_and_leaves_the_rest(assessment, default_list):
    cases = load_cases()
    assert len(cases) >= 300
    metrics = measure(cases, screen_with_the_app(cases, assessment))
    missed = "; ".join(f"{c.name or c.name_local} ({c.kind})" for c in metrics.misses[:15])
    alarms = "; ".join(f"{c.name or c.name_local} -> {found}" for c, found in metrics.false_alarms[:15])
    assert metrics.recall >= 0.95, f"recall {metrics.recall:.1%}; missed: {missed}"
    assert metrics.negatives_flagged <= 0.03, f"negatives flagged {metrics.negatives_flagged:.1%}: {alarms}"
