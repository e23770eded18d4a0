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
    assert band_of(5, 2, 3, 2) == "high"  # forced labour at one supplier
    assert band_of(5, 1, 5, 1) == "high"  # a few deaths
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
