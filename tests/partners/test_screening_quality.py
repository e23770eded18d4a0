"""A floor under screening quality on the development cases (bench/data/screening_cases.csv and
screening_dev_extra.csv): it never regresses. The held-out test set (screening_test.csv) is measured by
`make bench-screening` only, so that no change is made while looking at its results.
"""

from tests.partners.screening_eval import DEVELOPMENT, load_cases, measure, screen_with_the_app


def test_screening_finds_the_listed_and_leaves_the_rest(assessment, default_list):
    cases = load_cases(*DEVELOPMENT)
    assert len(cases) >= 850
    metrics = measure(cases, screen_with_the_app(cases, assessment))
    missed = "; ".join(f"{c.name or c.name_local} ({c.kind})" for c in metrics.misses[:15])
    alarms = "; ".join(f"{c.name or c.name_local} -> {found}" for c, found in metrics.false_alarms[:15])
    assert metrics.recall >= 0.95, f"recall {metrics.recall:.1%}; missed: {missed}"
    assert metrics.negatives_flagged <= 0.02, f"negatives flagged {metrics.negatives_flagged:.1%}: {alarms}"
