"""The effect of weight and coefficient proposals on each hospital's points and payment.

A case's points move with its group's base points and its coefficient (domain.points):
NORMAL b×c; LOW / INCOMPLETE min(b×c×cost÷a, b); HIGH b×c + f×(cost÷a − k)×b; an earlier stay
of a readmission scaled by the rules' factor; BY_ITEM not at all. The effect of a proposal is the
exact change of that formula when b becomes b × published ÷ current (a group proposal) or c
becomes c × published ÷ current (a level proposal), added to the stored points and rounded as
the engine rounds them; the payment after is those points × the period's point value, rounded
to the fen. Flags and the HIGH multiple are held as they are (a new weight that moved a group
across a tier of base points would change k: the recompute after adoption says the last word).
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import pandas as pd
from sqlite_utils import Database

from workstation.domain.flags import Flag
from workstation.domain.money import round_fen
from workstation.domain.points import BY_ITEM, HIGH, INCOMPLETE, LOW, NORMAL, round_half_up
from workstation.domain.rules import Rules
from workstation.engine.summary import period_point_values

if TYPE_CHECKING:
    from workstation.engine.recalibration import HospitalEffect, Recalibration


def _exact(value: object) -> Fraction:
    """A stored REAL (base points, coefficient) as the decimal it was written as."""
    if value is None or pd.isna(value):  # a stored REAL or NULL
        return Fraction(0)
    return Fraction(Decimal(repr(float(value))))  # type: ignore[arg-type]


def case_points(basis: str, b: Fraction, c: Fraction, cost: int, avg: int | None, k: Fraction | None,
                rules: Rules, readmit_prior: bool) -> Fraction:
    if basis == NORMAL:
        points = b * c
    elif basis in (LOW, INCOMPLETE) and avg:
        points = min(b * c * Fraction(cost, avg), b)
    elif basis == HIGH and avg and k is not None:
        points = b * c + rules.high_extra_factor * (Fraction(cost, avg) - k) * b
    else:
        return Fraction(0)
    return points * rules.readmit_points_factor if readmit_prior else points


def hospital_effects(db: Database, cases: pd.DataFrame, result: Recalibration, hospitals: dict,
                     rules: Rules) -> list[HospitalEffect]:
    from workstation.engine.recalibration import HospitalEffect, level_key

    scale = 10 ** rules.points_decimals
    values = {v.period: v.point_value_yuan for v in period_point_values(db) if v.period in set(result.periods)}
    group_ratio = {g.code: Fraction(g.published) / g.current for g in result.groups if g.proposal}
    level_ratio = {lv.level: Fraction(lv.published) / lv.current for lv in result.levels if lv.proposal}
    effects: dict[str, HospitalEffect] = {}
    # Summed from the rounded per-case points, as the hospital summary sums them.
    units = (cases["points"].fillna(0) * scale).round().astype("int64")
    totals = cases.assign(units=units).groupby("hospital_code").agg(units=("units", "sum"), payment=("payment", "sum"))
    for code, row in totals.iterrows():
        name, level, _ = hospitals.get(code, ("", None, Fraction(1)))
        points = Decimal(int(row["units"])) / scale
        effects[str(code)] = HospitalEffect(str(code), name, level, points, points, int(row["payment"]),
                                            int(row["payment"]))
    levels = cases["hospital_code"].map(lambda h: hospitals.get(h, ("", None, Fraction(1)))[1])
    touched = cases["grouped"] & (cases["drg"].isin(list(group_ratio)) | levels.isin(list(level_ratio)))
    touched &= cases["basis"] != BY_ITEM
    for index in cases.index[touched.to_numpy()]:
        case = cases.loc[index]
        level = levels.loc[index]
        changes = []
        if case["drg"] in group_ratio:
            changes.append((case["drg"], group_ratio[case["drg"]], Fraction(1)))
        if level in level_ratio:
            changes.append((level_key(int(level)), Fraction(1), level_ratio[level]))
        if not changes:
            continue
        effect = effects[case["hospital_code"]]
        moved = _Moved(case, rules, values[case["period"]], scale)
        for key, b_ratio, c_ratio in changes:
            points, payment = moved.after(b_ratio, c_ratio)
            delta_points, delta_payment = effect.by_proposal.get(key, (Decimal(0), 0))
            effect.by_proposal[key] = (delta_points + _decimal(points - moved.stored),
                                       delta_payment + payment - int(case["payment"]))
        b_all = next((r for _, r, _ in changes if r != 1), Fraction(1))
        c_all = next((r for _, _, r in changes if r != 1), Fraction(1))
        points, payment = moved.after(b_all, c_all)
        effect.points_after += _decimal(points - moved.stored)
        effect.payment_after_fen += payment - int(case["payment"])
    return [effects[code] for code in sorted(effects)]


class _Moved:
    """One case's points and payment when its base points and coefficient are scaled."""

    def __init__(self, case: pd.Series, rules: Rules, point_value: Fraction, scale: int):
        self.basis, self.rules, self.point_value = case["basis"], rules, point_value
        self.args = _case_args(case, rules)
        self.before_exact = case_points(self.basis, *self.args)
        self.stored = Fraction(Decimal(repr(float(case["points"])))).limit_denominator(scale)

    def after(self, b_ratio: Fraction, c_ratio: Fraction) -> tuple[Fraction, int]:
        b, c, *rest = self.args
        moved = case_points(self.basis, b * b_ratio, c * c_ratio, *rest)
        points = round_half_up(self.stored + moved - self.before_exact, self.rules.points_decimals)
        return points, round_fen(points * self.point_value * 100)


def _case_args(case: pd.Series, rules: Rules) -> tuple:
    k = case["high_multiple"]
    return (_exact(case["base_points"]), _exact(case["coefficient"]), int(case["cost"]),
            None if pd.isna(case["avg_cost"]) else int(case["avg_cost"]),
            Fraction(Decimal(str(k))) if k is not None and not pd.isna(k) else None, rules,
            bool(int(case["flags"]) & int(Flag.READMIT_PRIOR)))


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)
