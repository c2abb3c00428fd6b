"""Points (点数法) and the estimated payment of ONE case, exact: the reference.

Formulas (domain.md, Zhejiang 2019 / 金华), with b = base points, c = the
hospital coefficient, a = the group's average cost, k = the HIGH multiple:

- NORMAL:            b × c
- LOW / INCOMPLETE:  min(b × c × cost / a, b)
- HIGH:              b × c + factor × (cost / a − k) × b
- BY_ITEM:           (cost − deductions) / overall_avg_cost × 100
  (ungrouped cases, and groups the table marks as paid by item)

An earlier stay followed by a readmission is multiplied by the rules'
readmission factor. Points are rounded half-up to ``rules.points_decimals``
(4) places; the estimated payment is round_half_up(rounded points × point
value in fen). The vectorised engine reproduces these numbers exactly.
"""
from __future__ import annotations

from fractions import Fraction

from workstation.domain.flags import Flag
from workstation.domain.money import round_fen
from workstation.domain.outliers import Benchmark
from workstation.domain.rules import Rules

NORMAL, HIGH, LOW, INCOMPLETE, BY_ITEM = "NORMAL", "HIGH", "LOW", "INCOMPLETE", "BY_ITEM"


def payment_basis(flags: Flag, bench: Benchmark, rules: Rules) -> str:
    """Which formula pays the case, by the rules' precedence; normal comes last."""
    if not bench.payable_by_drg:
        return BY_ITEM
    for code in rules.precedence:
        if code == "UNGROUPED" and flags & Flag.UNGROUPED:
            return BY_ITEM
        if code == "HIGH" and flags & Flag.HIGH:
            return HIGH
        if code == "LOW" and flags & Flag.LOW:
            return LOW
        # An incomplete stay is pro-rated by its cost, which needs an average to divide by.
        if code == "INCOMPLETE" and flags & Flag.INCOMPLETE and bench.avg_cost_fen:
            return INCOMPLETE
    return NORMAL


def exact_points(basis: str, cost_fen: int, bench: Benchmark, coefficient: Fraction,
                 rules: Rules, overall_avg_cost_fen: int, high_multiple: Fraction | None = None,
                 deductions_fen: int = 0, readmit_prior: bool = False) -> Fraction:
    """The points of a case before rounding."""
    if basis == BY_ITEM:
        # with no cases there is no overall average to convert by: nothing to pay by item yet
        points = (Fraction(cost_fen - deductions_fen, overall_avg_cost_fen) * 100 if overall_avg_cost_fen
                  else Fraction(0))
    else:
        base = bench.base_points or Fraction(0)
        if basis == NORMAL:
            points = base * coefficient
        elif basis in (LOW, INCOMPLETE):
            points = min(base * coefficient * Fraction(cost_fen, bench.avg_cost_fen), base)
        elif basis == HIGH:
            assert high_multiple is not None
            ratio = Fraction(cost_fen, bench.avg_cost_fen)
            points = base * coefficient + rules.high_extra_factor * (ratio - high_multiple) * base
        else:
            raise ValueError(basis)
    if readmit_prior:
        points *= rules.readmit_points_factor
    return points


def round_half_up(value: Fraction, decimals: int) -> Fraction:
    """Round half away from zero to ``decimals`` places (四舍五入)."""
    scale = 10 ** decimals
    return Fraction(round_fen(value * scale), scale)


def point_value_yuan(rules: Rules, period: str, overall_avg_cost_fen: int) -> tuple[Fraction, str]:
    """The point value (yuan per point) for the period and where it came from."""
    configured = rules.point_value_yuan(period)
    if configured is not None:
        source = "rules.period" if period in rules.point_value_by_period else "rules.default"
        return configured, source
    return Fraction(overall_avg_cost_fen, 100 * 100), "overall_avg_cost/100"


def estimated_payment_fen(rounded_points: Fraction, point_value: Fraction) -> int:
    """round_half_up(points × point value), in fen."""
    return round_fen(rounded_points * point_value * 100)
