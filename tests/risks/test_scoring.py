from decimal import Decimal

import pytest

from duediligence.risks import scoring


def test_severity_is_the_mean_of_scale_scope_and_irremediability():
    assert scoring.severity(5, 4, 3) == Decimal("4.0")
    assert scoring.severity(5, 5, 4) == Decimal("4.7")
    assert scoring.severity(1, 1, 2) == Decimal("1.3")


def test_severity_comes_before_likelihood():
    grave_unlikely = scoring.salience(Decimal(5), 1)
    minor_likely = scoring.salience(Decimal(2), 5)
    assert grave_unlikely > minor_likely


@pytest.mark.parametrize(
    ("severity", "likelihood", "band"),
    [(5, 5, "critical"), (5, 2, "critical"), (4, 1, "high"), (3, 3, "high"), (2, 2, "medium"), (1, 2, "low")],
)
def test_salience_bands(severity, likelihood, band):
    assert scoring.salience_band(scoring.salience(Decimal(severity), likelihood)) == band


def test_severity_band_rounds_half_up():
    assert scoring.severity_band(Decimal("3.5")) == 4
    assert scoring.severity_band(Decimal("3.4")) == 3
