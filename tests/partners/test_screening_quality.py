"""A floor under screening quality on the development cases: it never regresses. The held-out test sets
(screening_test.csv, screening_test_b.csv) are measured by `make bench-screening` only, so that no change is made
while looking at their results.

The generated cases and the harder kinds written with the weighted matcher (screening_cases.csv,
screening_dev_extra.csv) are held at recall 95% with at most 2% of negatives flagged. The cases across scripts
(screening_dev_cross_script.csv) and the other names, translations and relatives written on 2026-12-07
(screening_dev_more.csv), and the parents, sisters, other bodies and short forms written blind the same evening
(screening_dev_hard.csv), written later and still far from that, are held where the matcher stands, so that work
on them only goes forward.
"""

import pytest

from tests.partners.screening_eval import DATA, DEVELOPMENT, load_cases, measure, screen_with_the_app

CROSS_SCRIPT = DATA / "screening_dev_cross_script.csv"
MORE = DATA / "screening_dev_more.csv"
HARD = DATA / "screening_dev_hard.csv"


def describe(metrics) -> str:
    missed = "; ".join(f"{c.name or c.name_local} ({c.kind})" for c in metrics.misses[:15])
    alarms = "; ".join(f"{c.name or c.name_local} -> {found}" for c, found in metrics.false_alarms[:15])
    return f"recall {metrics.recall:.1%}, negatives flagged {metrics.negatives_flagged:.1%}; missed: {missed}; {alarms}"


FIRST = tuple(path for path in DEVELOPMENT if path not in (CROSS_SCRIPT, MORE, HARD))


@pytest.mark.parametrize(
    ("paths", "least_cases", "least_recall", "most_flagged"),
    [
        pytest.param(FIRST, 850, 0.95, 0.02, id="generated-and-harder-kinds"),
        # Where they stand: 1 of 22 negatives flagged, and 7 of 79.
        pytest.param((CROSS_SCRIPT,), 75, 0.75, 0.05, id="across-scripts"),
        # 0.71: 公安部鉴定中心 went with the bare 鉴定中心, which read jewellery and car appraisers as forensic bodies.
        pytest.param((MORE,), 240, 0.71, 0.09, id="other-names-and-relatives"),
        # Where it stands: 7 of 139 missed, 5 of 131 negatives flagged (parents, sisters and namesakes).
        pytest.param((HARD,), 270, 0.94, 0.039, id="relatives-bodies-and-short-forms"),
    ],
)
def test_screening_finds_the_listed_and_leaves_the_rest(
    assessment, default_list, paths, least_cases, least_recall, most_flagged
):
    cases = load_cases(*paths)
    assert len(cases) >= least_cases
    metrics = measure(cases, screen_with_the_app(cases, assessment))
    assert metrics.recall >= least_recall, describe(metrics)
    assert metrics.negatives_flagged <= most_flagged, describe(metrics)
