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
from workstation.domain.messages import Text
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


def _number(value: object) -> str:
    """A stored float shown as the decimal it stands for (4 places at most, no trailing zeros)."""
    if value is None:
        return "—"
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")  # type: ignore[arg-type]  # a stored REAL or int
    return text or "0"


def explain_points(result: dict, lang: str = "zh", rules: Rules | None = None) -> str:
    """How a case's points were reached, from its ``case_results`` row, for the case-detail screen."""
    from workstation.domain.flags import Flag
    from workstation.domain.money import fen_to_yuan_text

    if rules is None:
        from workstation.domain.rules import default_rules

        rules = default_rules()
    basis = result.get("payment_basis")
    b, c, k = _number(result.get("base_points")), _number(result.get("coefficient")), result.get("high_multiple")
    cost = fen_to_yuan_text(result.get("total_cost_fen"), thousands=True)
    avg = fen_to_yuan_text(result.get("avg_cost_fen"), thousands=True)
    points = _number(result.get("points"))
    factor = _number(rules.high_extra_factor)
    if basis == NORMAL:
        label, formula = Text("正常病例", "Normal"), Text(f"基准点数 {b} × 差异系数 {c}", f"base {b} × coefficient {c}")
    elif basis in (LOW, INCOMPLETE):
        label = Text("低倍率", "Low-cost") if basis == LOW else Text("住院过程不完整", "Incomplete stay")
        formula = Text(f"min(基准点数 {b} × 差异系数 {c} × 费用 {cost} ÷ 均次费用 {avg}, {b})",
                       f"min(base {b} × coefficient {c} × cost {cost} ÷ average {avg}, {b})")
    elif basis == HIGH:
        label = Text("高倍率", "High-cost")
        formula = Text(f"基准点数 {b} × 差异系数 {c} + {factor} × (费用 {cost} ÷ 均次费用 {avg} − {k}) × {b}",
                       f"base {b} × coefficient {c} + {factor} × (cost {cost} ÷ average {avg} − {k}) × {b}")
    else:
        label, formula = Text("按项目折算", "Paid by item"), Text(f"费用 {cost} ÷ 全部病例次均费用 × 100",
                                                             f"cost {cost} ÷ overall average cost × 100")
    if int(result.get("flags") or 0) & Flag.READMIT_PRIOR and rules.readmit_points_factor != 1:
        # the earlier stay of a readmission: the whole formula is scaled
        formula = Text("(", "(") + formula + f") × {rules.readmit_points_factor_text}"
    text = Text("{label}：{formula} = {points} 点", "{label}: {formula} = {points} points")
    return text.format(label=label, formula=formula, points=points).pick(lang)
