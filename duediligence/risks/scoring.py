"""Severity and salience of a human rights risk: the one place the rules live (see docs/risk-scoring.md).

Severity follows UNGP 14 and its commentary: an impact is severe by its scale (how grave), its scope (how many
people) or its irremediable character (how hard to put right), and any one of them can make it so. So
severity is never an average that dilutes the worst criterion: it is at least the scale, at least the
irremediability, and at least what the scope adds to the graver of the two (a minor harm to a whole
population is serious; it is not grave). A grave harm to one person is grave.

Salience puts severity first, as UNGP 24 asks: risks are ranked by severity, and likelihood orders risks of
the same severity. The band a risk shows (low, medium, high, critical) is cut from that same order at three
floors, so a risk that ranks higher never shows a lower band, and "salient" is one more floor on it (the high
band and above). The heat map colours each cell by the band, so a risk's band, its place in every list and the
colour of the cell it is drawn in cannot disagree.
"""

from __future__ import annotations

SCORE_RANGE = range(1, 6)
# Salience runs from 1 (severity 1, likelihood 1) to 25 (severity 5, likelihood 5).
SALIENCE_MAX = 25

BANDS = ("low", "medium", "high", "critical")

# The lowest salience of each band above "low". On the severity-first order (salience, below) these cut:
#   critical: severity 5 at any likelihood, severity 4 at likelihood 4 or 5 (salience 19 to 25)
#   high:     severity 4 at likelihood 1 to 3, severity 3 at likelihood 3 to 5 (13 to 18)
#   medium:   severity 3 at likelihood 1 or 2, severity 2 at likelihood 2 to 5 (7 to 12)
#   low:      severity 2 at likelihood 1, severity 1 at any likelihood (1 to 6)
# A grave harm is critical however unlikely, and a severe one is at least high: UNGP 24 asks for the most
# severe impacts first, and an unlikely grave harm is where prevention matters most.
BAND_FLOORS = {"critical": 19, "high": 13, "medium": 7}
# A risk is salient from this band up: one threshold on the same order.
SALIENT_FROM = "high"


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def severity(scale: int, scope: int, irremediability: int) -> int:
    """Severity 1-5: the worst of scale and irremediability, raised by a wide scope, never averaged down."""
    gravest = max(scale, irremediability)
    # Scope weighs with the graver criterion: a few people (1) lowers nothing, a whole population (5) lifts a
    # minimal harm to serious and a serious one to severe.
    widened = _half_up(gravest + scope, 2)
    return max(gravest, widened)


def salience(severity_value: int, likelihood: int) -> int:
    """1-25, severity first: any risk of higher severity outranks every risk of lower severity."""
    return (severity_value - 1) * 5 + likelihood


def band(severity_value: int, likelihood: int) -> str:
    """The band of a risk placed at this severity and likelihood: its words, its colour, its heat-map cell."""
    value = salience(severity_value, likelihood)
    for name in reversed(BANDS[1:]):
        if value >= BAND_FLOORS[name]:
            return name
    return BANDS[0]


def band_rank(value: str) -> int:
    return BANDS.index(value)


def lowers_band(severity_value: int, likelihood: int, residual_severity: int, residual_likelihood: int) -> bool:
    """Whether the residual scores put a risk in a lower band than its gross ones: that has to be earned, with a
    reason and an action done (the risk form refuses it otherwise, and the check page lists what slipped past)."""
    return band_rank(band(residual_severity, residual_likelihood)) < band_rank(band(severity_value, likelihood))


def is_salient(severity_value: int, likelihood: int) -> bool:
    """Whether a risk at this severity and likelihood is one of the salient issues the reports set out."""
    return band_rank(band(severity_value, likelihood)) >= band_rank(SALIENT_FROM)


# Rows: severity 1 to 5; columns: likelihood 1 to 5 (the heat map and docs/risk-scoring.md draw it).
BAND_TABLE = {sev: tuple(band(sev, lik) for lik in SCORE_RANGE) for sev in SCORE_RANGE}
