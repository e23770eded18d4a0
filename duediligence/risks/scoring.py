"""Severity and salience of a human rights risk: the one place the formula lives (see docs/risk-scoring.md).

Severity follows the three criteria of UNGP 14 and 24 (commentary): scale (how grave), scope (how many people)
and irremediable character (how hard to put right), each scored 1-5 and averaged. Salience puts severity first,
as UNGP 24 asks: severity counts twice as much as likelihood, so a grave but less likely harm outranks a minor,
likely one (severity 5 at likelihood 1 scores 11; severity 2 at likelihood 5 scores 9).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SCORE_RANGE = range(1, 6)
SALIENCE_MAX = 15


def severity(scale: int, scope: int, irremediability: int) -> Decimal:
    """Mean of the three severity criteria, to one decimal place (1.0 to 5.0)."""
    total = Decimal(scale + scope + irremediability) / 3
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def severity_band(value: Decimal) -> int:
    """The heat-map row of a severity: rounded half up to a whole score 1-5."""
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def salience(severity_value: Decimal, likelihood: int) -> Decimal:
    """2 × severity + likelihood, from 3 to 15."""
    return (2 * severity_value + likelihood).quantize(Decimal("0.1"))


def salience_band(value: Decimal) -> str:
    """Words for a salience score, used for colours, dashboards and report headings."""
    if value >= 12:
        return "critical"
    if value >= 9:
        return "high"
    if value >= 6:
        return "medium"
    return "low"
