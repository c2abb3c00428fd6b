"""Benchmarks per settlement period and DRG group, with where each came from.

- average cost (均次费用): the group table's when it has one ("table"),
  otherwise the mean total cost of the period's cases in the group, rounded
  half-up to whole fen ("computed", from n cases);
- base points: the table's, else weight × 100; a group with no weight in the
  table (or no table at all) gets weight = group average / overall average;
- the overall average cost of a period: the rules' value, else the mean total
  cost of all the period's cases, rounded half-up to whole fen;
- per case (``case_benchmark``): the group table's standard for the case's hospital level
  and insurance type where the table gives one, the group table's coefficient for that
  level in place of the hospital's, and the review mark of the group's attributes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
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
    # (level or None, insurance or None, fen): the per-level / per-insurance standards.
    level_standards: tuple[tuple[int | None, str | None, int], ...] = ()
    level_coefficients: tuple[tuple[int, Fraction], ...] = ()
    attributes: frozenset[str] = frozenset()  # single_review, unstable, tcm_advantage, base_group

    def standard_for(self, level: int | None, insurance: str | None) -> int | None:
        """The per-level standard that fits: level and insurance, the level alone, the insurance
        alone; None when none does (the group's own standard applies)."""
        found = {(lv, ins): fen for lv, ins, fen in self.level_standards}
        keys = ([(level, insurance)] if level is not None and insurance is not None else []) \
            + ([(level, None)] if level is not None else []) + ([(None, insurance)] if insurance is not None else [])
        return next((found[key] for key in keys if key in found), None)

    def coefficient_for(self, level: int | None) -> Fraction | None:
        return dict(self.level_coefficients).get(level) if level is not None else None


def exact_decimal(text: object) -> Fraction | None:
    """Decimal text stored by the reference loaders (e.g. "5.8") as an exact Fraction; None when absent."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        return None  # a note such as 按项目据实支付 where a number was expected
    return Fraction(value) if value.is_finite() else None


ATTRIBUTE_COLUMNS = ("single_review", "tcm_advantage", "base_group")


def _attributes(row: dict) -> frozenset[str]:
    found = {name for name in ATTRIBUTE_COLUMNS if row.get(name)}
    if row.get("stability") == "unstable":
        found.add("unstable")
    return frozenset(found)


def _json_list(text: object) -> list[dict]:
    return json.loads(text) if isinstance(text, str) and text else []


def group_table(rows: list[dict]) -> dict[str, GroupRow]:
    """The current group table, keyed by upper-case DRG code."""
    table = {}
    for row in rows:
        code = str(row["drg_code"]).strip().upper()
        avg = row.get("avg_cost_fen")
        coefficients = []
        for item in _json_list(row.get("level_coefficients")):
            value = exact_decimal(item["value"])
            if value is not None and value > 0:
                coefficients.append((int(item["level"]), value))
        table[code] = GroupRow(
            code, exact_decimal(row.get("weight")), exact_decimal(row.get("base_points")),
            None if avg is None or pd.isna(avg) else int(avg), bool(row.get("payable_by_drg", 1)),
            tuple((item.get("level"), item.get("insurance"), int(item["fen"]))
                  for item in _json_list(row.get("level_standards"))),
            tuple(coefficients), _attributes(row))
    return table


def splits_by(table: dict[str, GroupRow] | None) -> tuple[bool, bool]:
    """(the table has anything per hospital level, anything per insurance type)."""
    rows = (table or {}).values()
    by_level = any(r.level_coefficients or any(lv is not None for lv, _, _ in r.level_standards)
                   or "base_group" in r.attributes for r in rows)
    by_insurance = any(ins is not None for r in rows for _, ins, _ in r.level_standards)
    return by_level, by_insurance


def insurance_kind(value: object) -> str | None:
    """A case's 险种类型 as the group table splits it: 310/职工 -> employee, 390/居民 -> resident."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    if "职工" in text or text.startswith("31"):
        return "employee"
    if "居民" in text or text.startswith("39"):
        return "resident"
    return None


def case_benchmark(bench: Benchmark, row: GroupRow | None, level: int | None, insurance: str | None,
                   rules: Rules) -> tuple[Benchmark, Fraction | None]:
    """The benchmark of a case at a hospital of ``level`` insured as ``insurance``, and the
    coefficient the group table sets for that level (None: the hospital's own applies).

    A base group (基础病组) under ``base_group_same_payment`` is paid alike at every level: its
    own standard, coefficient 1."""
    if row is None:
        return bench, None
    review = bool(row.attributes & rules.review_attributes)
    if "base_group" in row.attributes and rules.base_group_same_payment:
        return replace(bench, review_group=review), Fraction(1)
    fen = row.standard_for(level, insurance) if row.payable_by_drg else None
    if fen is not None:
        bench = replace(bench, avg_cost_fen=fen, source="table")
    return replace(bench, review_group=review), row.coefficient_for(level)


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
