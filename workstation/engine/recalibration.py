"""Weight and level-coefficient proposals from a span of periods' results (domain.recalibration).

Reads the stored results (cost, flags, group, hospital, points, payment) of the span, the current
group table (exact weights) and the hospital table (levels, coefficients); the per-group means,
medians and CVs come from pandas, every figure that is compared or must stay budget-neutral from
the exact Fractions of ``domain.recalibration``. Cases are "grouped" when they are not UNGROUPED
and their group has a weight in today's table and is paid by DRG; a group the table gives no
weight (its benchmark computed from the cases) has nothing to recalibrate and is counted apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import pandas as pd
from sqlite_utils import Database

from workstation.domain import recalibration as R
from workstation.domain.flags import Flag, mask_of
from workstation.domain.jobs import NO_CONTROL, JobControl
from workstation.domain.messages import Text, UserError
from workstation.domain.rules import Rules
from workstation.engine.benchmarks import exact_decimal
from workstation.engine.ruleset import current_rules


def level_key(level: int) -> str:
    """A level proposal's key beside the groups' DRG codes (which have four characters)."""
    return f"LEVEL-{level}"


@dataclass(frozen=True)
class GroupLine:
    code: str
    name: str
    cases: int
    outliers: int  # cases carrying a trim flag
    trimmed_mean_fen: Fraction | None
    trimmed_median_fen: Decimal | None
    cv: float | None  # of the trimmed costs
    current: Fraction
    implied: Fraction  # exact, budget-neutral
    published: Decimal  # implied, rounded as the table prints it
    proposal: bool
    confidence: str

    @property
    def key(self) -> str:
        return self.code

    @property
    def change(self) -> Fraction:
        return R.relative_change(self.current, self.implied)

    @property
    def outlier_share(self) -> Fraction:
        return Fraction(self.outliers, self.cases) if self.cases else Fraction(0)


@dataclass(frozen=True)
class LevelLine:
    level: int
    hospitals: int
    cases: int
    outliers: int
    current: Fraction  # mean of the level's hospitals' coefficients, weighted by their cases' weights
    uniform: bool  # every hospital of the level has this coefficient
    implied: Fraction
    published: Decimal
    proposal: bool
    confidence: str
    cv: float | None

    @property
    def key(self) -> str:
        return level_key(self.level)

    @property
    def change(self) -> Fraction:
        return R.relative_change(self.current, self.implied)


@dataclass
class HospitalEffect:
    """A hospital's points and payment over the span, before and after the whole set of proposals;
    ``by_proposal`` holds each proposal's own change (Δ points, Δ payment in fen)."""

    hospital_code: str
    hospital_name: str
    level: int | None
    points_before: Decimal = Decimal(0)
    points_after: Decimal = Decimal(0)
    payment_before_fen: int = 0
    payment_after_fen: int = 0
    by_proposal: dict[str, tuple[Decimal, int]] = field(default_factory=dict)


@dataclass
class Recalibration:
    periods: list[str]
    threshold: Fraction
    min_cases: int
    trim_flags: tuple[str, ...]
    decimals: int
    overall_trimmed_mean_fen: Fraction
    factor: Fraction
    level_factor: Fraction
    groups: list[GroupLine]  # every group with a weight and cases in the span
    levels: list[LevelLine]
    effects: list[HospitalEffect]
    without_weight: list[str]  # groups with cases but no weight in today's table
    grouped_cases: int = 0

    @property
    def proposals(self) -> list[GroupLine | LevelLine]:
        return [g for g in self.groups if g.proposal] + [lv for lv in self.levels if lv.proposal]

    def listed_groups(self) -> list[GroupLine]:
        """The groups the workbook lists: those with at least the minimum cases."""
        return [g for g in self.groups if g.cases >= self.min_cases]

    def neutrality(self) -> tuple[Fraction, Fraction, Fraction]:
        """(Σ current, Σ implied exact, Σ published) weight over the span's grouped cases."""
        return (sum((g.cases * g.current for g in self.groups), Fraction(0)),
                sum((g.cases * g.implied for g in self.groups), Fraction(0)),
                sum((g.cases * Fraction(g.published) for g in self.groups), Fraction(0)))


def _periods(db: Database, first: str, last: str) -> list[str]:
    periods = [r[0] for r in db.execute(
        "SELECT DISTINCT period FROM case_results WHERE period >= ? AND period <= ? ORDER BY period", [first, last])]
    if not periods:
        raise UserError(f"{first} 至 {last} 之间没有已计算结果的结算期。",
                        f"No period with results between {first} and {last}.")
    return periods


def read_span(db: Database, periods: list[str]) -> pd.DataFrame:
    marks = ", ".join("?" * len(periods))
    return pd.read_sql_query(
        "SELECT r.period, r.hospital_code, UPPER(TRIM(COALESCE(r.drg_code, ''))) AS drg, r.total_cost_fen AS cost,"
        " r.flags, r.points, r.estimated_payment_fen AS payment, r.avg_cost_fen AS avg_cost, v.payment_basis AS basis,"
        " v.base_points, v.coefficient, v.high_multiple"
        f" FROM case_results r JOIN result_variants v ON v.id = r.variant_id WHERE r.period IN ({marks})",
        db.conn, params=periods)


def _table(db: Database) -> dict[str, tuple[str, Fraction]]:
    """Today's groups with a weight and paid by DRG: code -> (name, weight)."""
    table = {}
    for row in db.query("SELECT drg_code, drg_name, weight, base_points, payable_by_drg FROM current_drg_groups"):
        weight = exact_decimal(row["weight"])
        if weight is None:
            points = exact_decimal(row["base_points"])
            weight = points / 100 if points is not None else None
        if weight is not None and weight > 0 and row["payable_by_drg"]:
            table[str(row["drg_code"]).strip().upper()] = (row["drg_name"] or "", weight)
    return table


def _hospitals(db: Database) -> dict[str, tuple[str, int | None, Fraction]]:
    found = {}
    for row in db.query("SELECT hospital_code, hospital_name, hospital_level, coefficient FROM current_hospitals"):
        coefficient = exact_decimal(row["coefficient"])
        found[row["hospital_code"]] = (row["hospital_name"] or "", int(row["hospital_level"]) if row["hospital_level"]
                                       else None, coefficient if coefficient and coefficient > 0 else Fraction(1))
    return found


def propose(db: Database, first: str, last: str, *, threshold: Fraction | None = None,
            min_cases: int | None = None, rules: Rules | None = None,
            control: JobControl = NO_CONTROL) -> Recalibration:
    """The recalibration of the periods from ``first`` to ``last`` (inclusive) with its effects."""
    rules = rules or current_rules(db)
    threshold = rules.recalibration_threshold if threshold is None else threshold
    min_cases = rules.recalibration_min_cases if min_cases is None else min_cases
    periods = _periods(db, first, last)
    control.progress(0.1, str(Text("读取结果", "reading results")))
    cases = read_span(db, periods)
    table, hospitals = _table(db), _hospitals(db)
    control.check()
    control.progress(0.4, str(Text("测算权重", "computing weights")))
    grouped = ((cases["flags"].to_numpy() & int(Flag.UNGROUPED)) == 0) & cases["drg"].isin(list(table)).to_numpy()
    trimmed = grouped & ((cases["flags"].to_numpy() & mask_of(rules.recalibration_trim_flags)) == 0)
    cases["grouped"], cases["trimmed"] = grouped, trimmed
    weights = {code: w for code, (_, w) in table.items()}
    without = sorted(set(cases.loc[(cases["flags"] & int(Flag.UNGROUPED)) == 0, "drg"]) - set(table) - {""})
    groups = _groups(cases, table, threshold, min_cases, rules)
    levels, level_factor = _levels(cases, hospitals, weights, groups, threshold, min_cases, rules)
    control.check()
    control.progress(0.7, str(Text("测算对各医院的影响", "computing the effect on each hospital")))
    from workstation.engine.recalibration_effects import hospital_effects

    result = Recalibration(periods, threshold, min_cases, rules.recalibration_trim_flags, rules.recalibration_decimals,
                           groups[1].overall_trimmed_mean_fen, groups[1].factor, level_factor, groups[0], levels,
                           [], without, int(grouped.sum()))
    result.effects = hospital_effects(db, cases, result, hospitals, rules)
    control.progress(1.0, str(Text("完成", "done")))
    return result


def _cv(costs: pd.Series) -> float | None:
    if len(costs) < 2 or costs.mean() == 0:
        return None
    return float(costs.std(ddof=1) / costs.mean())


def _groups(cases: pd.DataFrame, table: dict[str, tuple[str, Fraction]], threshold: Fraction, min_cases: int,
            rules: Rules) -> tuple[list[GroupLine], R.Implied]:
    grouped = cases[cases["grouped"]]
    inputs, stats = [], {}
    for code, part in grouped.groupby("drg", sort=True):
        kept = part.loc[part["trimmed"], "cost"]
        inputs.append(R.GroupInput(str(code), table[str(code)][1], len(part), len(kept), int(kept.sum())))
        stats[code] = (len(part) - len(kept), kept)
    implied = R.implied_weights(inputs)
    lines = []
    for g in inputs:
        outliers, kept = stats[g.code]
        value = implied.values[g.code]
        cv = _cv(kept)
        lines.append(GroupLine(
            g.code, table[g.code][0], g.cases, outliers,
            Fraction(g.trimmed_cost_fen, g.trimmed_cases) if g.trimmed_cases else None,
            Decimal(str(kept.median())).quantize(Decimal("0.5")) if len(kept) else None, cv, g.current, value,
            R.published(value, rules.recalibration_decimals),
            R.is_proposal(g.current, value, g.cases, threshold, min_cases),
            R.confidence(g.current, value, g.trimmed_cases, cv, threshold)))
    return lines, implied


def _levels(cases: pd.DataFrame, hospitals: dict, weights: dict[str, Fraction], groups, threshold: Fraction,
            min_cases: int, rules: Rules) -> tuple[list[LevelLine], Fraction]:
    grouped = cases[cases["grouped"]].copy()
    grouped["level"] = grouped["hospital_code"].map(lambda h: hospitals.get(h, ("", None, Fraction(1)))[1])
    inputs, stats = [], {}
    for level, part in grouped[grouped["level"].notna()].groupby("level", sort=True):
        level = int(level)
        w = [weights[c] for c in part["drg"]]
        c = [hospitals.get(h, ("", None, Fraction(1)))[2] for h in part["hospital_code"]]
        mask = part["trimmed"].to_numpy()
        trimmed_weight = sum((wi for wi, m in zip(w, mask) if m), Fraction(0))
        grouped_weight = sum(w, Fraction(0))
        weighted_current = sum((wi * ci for wi, ci in zip(w, c)), Fraction(0))
        current = weighted_current / grouped_weight if grouped_weight else Fraction(1)
        inputs.append(R.LevelInput(level, current, len(part), int(part.loc[mask, "cost"].sum()), trimmed_weight,
                                   grouped_weight, weighted_current))
        # The cost per unit of weight, whose spread the confidence mark reads.
        per_weight = part.loc[mask, "cost"] / pd.Series([float(wi) for wi, m in zip(w, mask) if m], index=part.index[mask])
        members = {h for h in part["hospital_code"]}
        stats[level] = (int((~mask).sum()), int(mask.sum()), _cv(per_weight), len(members),
                        len({hospitals[h][2] for h in members if h in hospitals}) <= 1)
    implied = R.implied_level_coefficients(inputs, groups[1].overall_trimmed_mean_fen)
    lines = []
    for lv in inputs:
        outliers, kept, cv, hospital_count, uniform = stats[lv.level]
        value = implied.values[lv.level]
        lines.append(LevelLine(lv.level, hospital_count, lv.cases, outliers, lv.current, uniform, value,
                               R.published(value, rules.recalibration_decimals),
                               R.is_proposal(lv.current, value, lv.cases, threshold, min_cases),
                               R.confidence(lv.current, value, kept, cv, threshold), cv))
    return lines, implied.factor


__all__ = ["GroupLine", "HospitalEffect", "LevelLine", "Recalibration", "level_key", "propose"]
