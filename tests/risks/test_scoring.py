"""The scoring rules, proved over all 625 combinations of scale, scope, irremediability and likelihood."""

import itertools

import pytest

from duediligence.risks import scoring
from duediligence.risks.heatmap import Cell

SCORES = range(1, 6)
ALL = list(itertools.product(SCORES, SCORES, SCORES, SCORES))  # scale, scope, irremediability, likelihood


def salience_of(scale, scope, irremediability, likelihood) -> int:
    return scoring.salience(scoring.severity(scale, scope, irremediability), likelihood)


def band_of(scale, scope, irremediability, likelihood) -> str:
    return scoring.band(scoring.severity(scale, scope, irremediability), likelihood)


def at_least(band: str, floor: str) -> bool:
    return scoring.band_rank(band) >= scoring.band_rank(floor)


def test_there_are_625_combinations():
    assert len(ALL) == 625


def test_a_grave_scale_or_an_irremediable_harm_is_at_least_high_at_any_likelihood():
    for scale, scope, irremediability, likelihood in ALL:
        if scale == 5 or irremediability == 5:
            assert at_least(band_of(scale, scope, irremediability, likelihood), "high"), (
                scale,
                scope,
                irremediability,
                likelihood,
            )


def test_raising_any_one_input_never_lowers_salience_or_band():
    for combination in ALL:
        for position in range(4):
            if combination[position] == 5:
                continue
            raised = list(combination)
            raised[position] += 1
            assert salience_of(*raised) >= salience_of(*combination), (combination, position)
            assert at_least(band_of(*raised), band_of(*combination)), (combination, position)


def test_at_equal_likelihood_the_more_severe_risk_ranks_higher():
    for a, b in itertools.product(ALL, repeat=2):
        if a[3] != b[3]:
            continue
        severity_a, severity_b = scoring.severity(*a[:3]), scoring.severity(*b[:3])
        if severity_a > severity_b:
            assert salience_of(*a) > salience_of(*b), (a, b)


def test_a_grave_unlikely_harm_outranks_every_risk_of_criteria_all_three_or_less():
    grave_unlikely = salience_of(5, 1, 1, 1)
    for combination in ALL:
        if max(combination[:3]) <= 3:
            assert grave_unlikely > salience_of(*combination), combination


def test_the_cases_the_issue_measured_are_no_longer_diluted():
    assert at_least(band_of(5, 2, 3, 2), "high")  # forced labour at one supplier
    assert at_least(band_of(5, 1, 5, 1), "high")  # a few deaths
    assert band_of(2, 2, 2, 5) != band_of(5, 5, 5, 1)  # minor and likely is not grave and unlikely


def test_a_wide_scope_raises_severity_but_never_to_grave_on_its_own():
    assert scoring.severity(1, 5, 1) == 3
    assert scoring.severity(1, 1, 1) == 1
    assert all(scoring.severity(scale, scope, irr) >= max(scale, irr) for scale, scope, irr, _ in ALL)


@pytest.mark.parametrize(("severity", "likelihood"), list(itertools.product(SCORES, SCORES)))
def test_the_heat_map_cell_and_the_risk_show_the_same_band(severity, likelihood):
    """One function gives both: the colour of the cell a risk is drawn in is the band its tables print."""
    assert Cell(severity, likelihood).band == scoring.band(severity, likelihood)


def test_every_risk_shows_the_band_of_the_cell_it_is_placed_in(make_risk, assessment):
    from duediligence.risks.register import register_for

    for index, (scale, scope, irremediability, likelihood) in enumerate(ALL[::7]):
        make_risk(f"R{index}", scale=scale, scope=scope, irremediability=irremediability, likelihood=likelihood)
    register = register_for(assessment)
    for risk in register.risks:
        cell = next(cell for cell in register.gross_map.cells.values() if risk.label in cell.labels)
        assert cell.band == risk.salience_band, risk.title


def test_a_risk_that_ranks_higher_never_shows_a_lower_band():
    """One order (issue 34): over every pair of the 625 combinations, a higher band means a higher salience, so
    a list sorted most salient first never shows a band above one before it."""
    scored = [(salience_of(*c), scoring.band_rank(band_of(*c)), c) for c in ALL]
    for (salience_a, band_a, a), (salience_b, band_b, b) in itertools.product(scored, repeat=2):
        if band_a > band_b:
            assert salience_a > salience_b, (a, b)


def test_salient_is_one_threshold_on_the_order():
    cells = list(itertools.product(SCORES, SCORES))
    salient = [scoring.salience(*cell) for cell in cells if scoring.is_salient(*cell)]
    not_salient = [scoring.salience(*cell) for cell in cells if not scoring.is_salient(*cell)]
    assert min(salient) > max(not_salient)
    # The cases the expert review named: a severe but unlikely harm is salient, as is a serious possible one.
    assert scoring.is_salient(4, 1) and scoring.is_salient(3, 3)
    assert scoring.band(5, 1) == "critical" and scoring.band(4, 4) == "critical"


def test_the_band_table_is_drawn_from_the_order():
    for severity, row in scoring.BAND_TABLE.items():
        for likelihood, band in zip(SCORES, row, strict=True):
            assert band == scoring.band(severity, likelihood)
