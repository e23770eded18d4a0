"""Severity and salience of a human rights risk: the one place the rules live (see docs/risk-scoring.md).

Severity follows UNGP 14 and its commentary: an impact is severe by its scale (how grave), its scope (how many
people) or its irremediable character (how hard to put right), and any one of them can make it so. So
severity is never an average that dilutes the worst criterion: it is at least the scale, at least the
irremediability, and at least what the scope adds to the graver of the two (a minor harm to a whole
population is serious; it is not grave). A grave harm to one person is grave.

Salience puts severity first, as UNGP 24 asks: risks are ranked by severity, and likelihood orders risks of
the same severity. The band a risk shows (low, medium, high, critical) comes from one table of severity by
likelihood, which is also the heat map's colouring, so a risk's band and the colour of the cell it is drawn
in cannot disagree.
"""

from __future__ import annotations

SCORE_RANGE = range(1, 6)
# Salience runs from 1 (severity 1, likelihood 1) to 25 (severity 5, likelihood 5).
SALIENCE_MAX = 25

BANDS = ("low", "medium", "high", "critical")

# Rows: severity 1 to 5; columns: likelihood 1 to 5. Read row by row, it never falls to the right or upwards.
_L, _M, _H, _C = BANDS
BAND_TABLE = {
    5: (_H, _H, _C, _C, _C),  # grave: at least high, whatever the likelihood
    4: (_M, _H, _H, _C, _C),
    3: (_M, _M, _H, _H, _H),
    2: (_L, _L, _M, _M, _M),
    1: (_L, _L, _L, _L, _M),
}


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
    return BAND_TABLE[severity_value][likelihood - 1]


def band_rank(value: str) -> int:
    return BANDS.index(value)
