"""Benchmarks per settlement period and DRG group, with where each came from.

- average cost (均次费用): the group table's when it has one ("table"),
  otherwise the mean total cost of the period's cases in the group, rounded
  half-up to whole fen ("computed", from n cases);
- base points: the table's, else weight × 100; a group with no weight in the
  table (or no table at all) gets weight = group average / overall average;
- the overall average cost of a period: the rules' value, else the mean total
  cost of all the period's cases, rounded half-up to whole fen.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import pandas as pd

from workstation.domain.money import round_fen
from workstation.domain.outliers import Benchmark
from workstation.domain.rules import Rules


@dataclass(frozen=True)
class GroupRow:
    drg_code: str
    weight: Fraction | None
    base_points: Fraction | None
    avg_cost_fen: int | None
    payable_by_drg: bool


def exact_decimal(text: object) -> Fraction | None:
    """Decimal text stored by the reference loaders (e.g. "5.8") as an exact Fraction; None when absent."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        return None  # a note such as 按项目据实支付 where a number was expected
    return Fraction(value) if value.is_finite() else None


def group_table(rows: list[dict]) -> dict[str, GroupRow]:
    """The current group table, keyed by upper-case DRG code."""
    table = {}
    for row in rows:
        code = str(row["drg_code"]).strip().upper()
        avg = row.get("avg_cost_fen")
        table[code] = GroupRow(code, exact_decimal(row.get("weight")), exact_decimal(row.get("base_points")),
                               None if avg is None or pd.isna(avg) else int(avg),
                               bool(row.get("payable_by_drg", 1)))
    return table


def overall_avg_cost_fen(rules: Rules, cost_sum_fen: int, n_cases: int) -> tuple[int, str]:
    if rules.overall_avg_cost_fen is not None:
        return rules.overall_avg_cost_fen, "rules"
    if n_cases == 0:
        return 0, "computed"
    return round_fen(Fraction(cost_sum_fen, n_cases)), "computed"


def group_benchmark(code: str, n: int, cost_sum_fen: int, table: dict[str, GroupRow],
                    overall_fen: int) -> Benchmark:
    """The benchmark of one grouped DRG code in a period with ``n`` cases costing ``cost_sum_fen``."""
    row = table.get(code)
    if row is not None and row.avg_cost_fen is not None:
        avg, source = row.avg_cost_fen, "table"
    elif n:
        avg, source = round_fen(Fraction(cost_sum_fen, n)), "computed"
    else:
        avg, source = None, "none"
    payable = row.payable_by_drg if row is not None else True
    weight = row.weight if row is not None else None
    base = row.base_points if row is not None else None
    if base is None and weight is not None:
        base = weight * 100
    if base is None and payable and avg is not None and overall_fen:
        weight = Fraction(avg, overall_fen)
        base = weight * 100
    if weight is None and base is not None:
        weight = base / 100
    return Benchmark(avg, source, n, weight, base, payable)
