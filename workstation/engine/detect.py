"""Flags, payment basis, points and estimated payment for a whole frame of cases.

The vectorised twin of ``workstation.domain.outliers`` / ``points``: it must give
IDENTICAL results (a hypothesis test holds them side by side). Everything that
depends only on the group (average, k, thresholds) is computed once per
benchmark in exact Python integers; per case, comparisons are integer, and
points are numerator/denominator pairs in int64 when the bound proves it safe,
else in numpy object arrays of Python ints, so nothing is rounded by a float.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from workstation.domain.flags import Flag
from workstation.domain.outliers import Benchmark, SexCodes, high_threshold_fen, is_ungrouped_code, low_threshold_fen
from workstation.domain.rules import Rules
from workstation.engine.audit_flags import sex_conflicts
from workstation.engine.benchmarks import GroupRow, case_benchmark, group_benchmark, insurance_kind, splits_by

LEVELS = (None, 1, 2, 3)  # level index 0 = unknown
INSURANCES = (None, "employee", "resident")  # insurance index 0 = unknown or not split
BASES = ("NORMAL", "HIGH", "LOW", "INCOMPLETE", "BY_ITEM")  # stored as these indexes while computing
NORMAL, HIGH, LOW, INCOMPLETE, BY_ITEM = range(5)
_INT64_SAFE = 2 ** 62


@dataclass(frozen=True)
class Hospital:
    coefficient: Fraction
    level: int | None


@dataclass(frozen=True)
class Combo:
    """A benchmark (period × group) with the HIGH multiple that applies, × hospital level when k or
    the group table goes by level, × insurance type when the group table splits by it."""

    period: str
    drg: str
    bench: Benchmark | None
    high_multiple: tuple[Fraction, str] | None
    high_threshold_fen: int | None
    low_threshold_fen: int | None
    coefficient: Fraction | None = None  # the group table's for this level; None: the hospital's


@dataclass
class Detection:
    """Per case: combo and hospital indexes, flags, basis, rounded points × 10**decimals, payment."""

    combo: np.ndarray
    combos: list[Combo]
    hospital: np.ndarray
    hospital_codes: np.ndarray
    coefficients: list[Fraction]  # per hospital (the hospital table's)
    coefficient: np.ndarray  # per case: index into coefficient_values (the hospital's, or the group table's)
    coefficient_values: list[Fraction]
    flags: np.ndarray
    basis: np.ndarray
    points_scaled: np.ndarray
    payment_fen: np.ndarray


@dataclass(frozen=True)
class DrgCodes:
    """DRG codes of many cases, normalised (trimmed, upper case) once per distinct value."""

    index: np.ndarray  # per case: position in ``values``
    values: np.ndarray  # distinct normalised codes ("" = none)
    ungrouped: np.ndarray  # per distinct code: not grouped (empty, 0000, …QY, not in the table)

    @property
    def per_case(self) -> np.ndarray:
        return self.values[self.index]

    @property
    def ungrouped_per_case(self) -> np.ndarray:
        return self.ungrouped[self.index]


def classify_drg(codes, rules: Rules, table: dict[str, GroupRow] | None) -> DrgCodes:
    raw_index, raw_values = pd.factorize(np.asarray(codes, dtype=object), use_na_sentinel=False)
    normalised = ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip().upper()
                  for v in raw_values]
    norm_of_raw, values = pd.factorize(np.array(normalised + [""], dtype=object))
    values = np.asarray(values, dtype=object)
    group_codes = None if table is None else frozenset(table)
    ungrouped = np.array([is_ungrouped_code(v, rules, group_codes) for v in values], dtype=bool)
    return DrgCodes(norm_of_raw[:-1][raw_index] if len(raw_values) else np.zeros(len(raw_index), np.int64),
                    values, ungrouped)


def _benchmarks(period_index: np.ndarray, periods: np.ndarray, drg: DrgCodes, cost: np.ndarray,
                ungrouped: np.ndarray, table: dict[str, GroupRow], overall: dict[str, int]) -> tuple[np.ndarray, list]:
    """Benchmark index per case (the last index = none) and the benchmarks, one per period × group."""
    width = max(len(drg.values), 1)
    key = period_index.astype(np.int64) * width + drg.index
    keys, inverse = np.unique(key[~ungrouped], return_inverse=True)
    counts = np.bincount(inverse, minlength=len(keys))
    sums = np.bincount(inverse, weights=cost[~ungrouped].astype(np.float64), minlength=len(keys))
    # float64 sums of fen are exact below 2**53 (90 trillion yuan); checked rather than assumed.
    if len(sums) and sums.max() >= 2 ** 53:
        raise OverflowError("period cost total too large for exact float64 sum")
    benches = []
    for k, n, total in zip(keys.tolist(), counts.tolist(), sums.tolist()):
        p, d = str(periods[k // width]), str(drg.values[k % width])
        benches.append((p, d, group_benchmark(d, n, int(total), table, overall[p])))
    bidx = np.full(len(key), len(keys), dtype=np.int64)
    bidx[~ungrouped] = inverse
    return bidx, benches


def detect(cases: Mapping[str, np.ndarray], rules: Rules, table: dict[str, GroupRow] | None,
           hospitals: dict[str, Hospital], overall_by_period: dict[str, int],
           point_value_by_period: dict[str, Fraction], sex_table: SexCodes) -> Detection:
    """Results for ``cases`` (columns as arrays: pk, period, hospital_code, hospital_level, drg_code,
    total_cost_fen, sex, codes_text or sex_conflict, simple_flags, readmit, readmit_prior). ``simple_flags``
    holds the flags decided by one field each (LONG_STAY, INCOMPLETE, NEW_TECH, FEE_MISMATCH; see
    read_cases).
    ``table`` is None when no group table is loaded."""
    n = len(cases["pk"])
    cost = np.asarray(cases["total_cost_fen"], dtype=np.int64)
    drg = classify_drg(cases["drg_code"], rules, table)
    ungrouped = drg.ungrouped_per_case
    period_index, periods = pd.factorize(np.asarray(cases["period"], dtype=object))
    periods = [str(p) for p in periods]
    bidx, benches = _benchmarks(period_index, np.asarray(periods, dtype=object), drg, cost, ungrouped,
                                table or {}, overall_by_period)

    # Hospital coefficient and level: the hospital table first, then the batch's own level column.
    hidx, hosp_codes = pd.factorize(np.asarray(cases["hospital_code"], dtype=object))
    hosp_codes = [str(c) for c in hosp_codes]
    coefficients = [hospitals[c].coefficient if c in hospitals else Fraction(1) for c in hosp_codes]
    by_level, by_insurance = splits_by(table)
    n_levels = len(LEVELS) if rules.high_basis == "hospital_level" or by_level else 1
    level = np.zeros(n, dtype=np.int64)
    if n_levels > 1:
        table_level = np.array([(hospitals[c].level or 0) if c in hospitals else 0 for c in hosp_codes],
                               dtype=np.int64)[hidx]
        case_level = pd.to_numeric(pd.Series(cases["hospital_level"]), errors="coerce").fillna(0).to_numpy(np.int64)
        level = np.where(table_level > 0, table_level, case_level)
        level = np.where(np.isin(level, (1, 2, 3)), level, 0)
    n_insurances = len(INSURANCES) if by_insurance else 1
    insurance = np.zeros(n, dtype=np.int64)
    if n_insurances > 1:  # once per distinct value of the column, then by index
        iidx, kinds = pd.factorize(np.asarray(cases["insurance_type"], dtype=object), use_na_sentinel=False)
        insurance = np.array([INSURANCES.index(insurance_kind(v)) for v in kinds] or [0], dtype=np.int64)[iidx]
    # Only the benchmark × level × insurance combinations some case has (hash-factorised: the
    # order is immaterial), so a split table costs per combination present, not per possible one.
    combo, present = pd.factorize((bidx * n_levels + level) * n_insurances + insurance)
    benches_or_none = benches + [("", "", None)]
    levels = LEVELS if n_levels > 1 else (None,)
    insurances = INSURANCES if n_insurances > 1 else (None,)
    combos: list[Combo] = []
    for key in present.tolist():
        rest, ins = divmod(key, n_insurances)
        b, lv = divmod(rest, n_levels)
        period, code, bench = benches_or_none[b]
        own, coefficient = (case_benchmark(bench, (table or {}).get(code), levels[lv], insurances[ins], rules)
                            if bench else (None, None))
        avg = own.avg_cost_fen if own else None
        k = rules.high_multiple_for(own.base_points, levels[lv]) if own and avg else None
        combos.append(Combo(period, code, own, k, high_threshold_fen(avg, k[0]) if k and avg else None,
                            low_threshold_fen(avg, rules.low_multiple) if avg else None, coefficient))
    # The coefficient per case: the group table's for the case's level where it sets one.
    values = list(coefficients)
    override = np.full(len(combos), -1, dtype=np.int64)
    for i, c in enumerate(combos):
        if c.coefficient is not None:
            override[i] = len(values)
            values.append(c.coefficient)
    case_override = override[combo]
    coefficient = np.where(case_override >= 0, case_override, hidx)
    c_payable = np.array([c.bench.payable_by_drg if c.bench else True for c in combos], dtype=bool)[combo]
    c_avg = np.array([(c.bench.avg_cost_fen or 0) if c.bench else 0 for c in combos], dtype=np.int64)[combo]
    c_n = np.array([c.bench.n if c.bench else 0 for c in combos], dtype=np.int64)[combo]
    never = np.iinfo(np.int64).max
    c_high = np.array([never if c.high_threshold_fen is None else c.high_threshold_fen for c in combos],
                      dtype=np.int64)[combo]
    c_low = np.array([-1 if c.low_threshold_fen is None else c.low_threshold_fen for c in combos],
                     dtype=np.int64)[combo]
    has_bench = (~ungrouped) & (c_avg > 0) & c_payable
    hi = has_bench & (cost >= c_high)
    lo = has_bench & (cost <= c_low)

    flags = np.array(cases["simple_flags"], dtype=np.int64)
    flags |= np.where(hi, int(Flag.HIGH), 0) | np.where(lo, int(Flag.LOW), 0)
    flags |= np.where(ungrouped, int(Flag.UNGROUPED), 0)
    flags |= np.where(~ungrouped & (c_n < rules.small_group_min_cases), int(Flag.SMALL_GROUP), 0)
    prior = np.asarray(cases["readmit_prior"], dtype=bool)
    flags |= np.where(np.asarray(cases["readmit"], dtype=bool), int(Flag.READMIT), 0)
    flags |= np.where(prior, int(Flag.READMIT_PRIOR), 0)
    conflict = (np.asarray(cases["sex_conflict"], dtype=bool) if "sex_conflict" in cases  # tested when read
                else sex_conflicts(np.asarray(cases["sex"]), cases["codes_text"], sex_table))
    flags |= np.where(conflict, int(Flag.SEX_CONFLICT), 0)
    c_review = np.array([bool(c.bench and c.bench.review_group) for c in combos], dtype=bool)[combo]
    flags |= np.where(~ungrouped & c_review, int(Flag.GROUP_REVIEW), 0)

    # Payment basis by precedence: assign in reverse so the first in the list wins.
    incomplete = (flags & int(Flag.INCOMPLETE)) != 0
    basis = np.full(n, NORMAL, dtype=np.int8)
    conditions = {"UNGROUPED": (ungrouped, BY_ITEM), "HIGH": (hi, HIGH), "LOW": (lo, LOW),
                  "INCOMPLETE": (incomplete & (c_avg > 0), INCOMPLETE)}
    for code in reversed(rules.precedence):
        mask, label = conditions[code]
        basis[mask] = label
    basis[(~ungrouped) & ~c_payable] = BY_ITEM

    overall = np.array([overall_by_period[p] for p in periods], dtype=np.int64)[period_index]
    scaled = _points(basis, cost, c_avg, combo, combos, coefficient, values, prior, overall, rules)
    payment = _payment(scaled, period_index, [point_value_by_period[p] for p in periods],
                       10 ** rules.points_decimals)
    return Detection(combo, combos, hidx, np.asarray(hosp_codes), coefficients, coefficient, values, flags, basis,
                     scaled, payment)


def _fractions(values: list[Fraction | None], index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Numerators and denominators per case: int64 when every one fits (then the arithmetic
    stays in numpy), Python ints otherwise."""
    nums = [v.numerator if v is not None else 0 for v in values]
    dens = [v.denominator if v is not None else 1 for v in values]
    kind = np.int64 if max(map(abs, nums + dens), default=0) < _INT64_SAFE else object
    return np.array(nums, dtype=kind)[index], np.array(dens, dtype=kind)[index]


def _exact(bound: int, *arrays: np.ndarray) -> list[np.ndarray]:
    """The arrays as int64 when ``bound`` (the largest intermediate) is safe, else Python ints."""
    return [a.astype(np.int64 if bound < _INT64_SAFE else object) for a in arrays]


def _top(*arrays: np.ndarray) -> int:
    return max((int(np.max(np.abs(a))) if len(a) else 0) for a in arrays) or 1


def _round_half_up(num: np.ndarray, den: np.ndarray, scale: int) -> np.ndarray:
    """round_half_up(num / den × scale) for num >= 0, den > 0: (2·scale·num + den) // (2·den)."""
    return (2 * scale * num + den) // (2 * den)


def _points(basis, cost, avg, combo, combos, hidx, coefficients, prior, overall, rules: Rules) -> np.ndarray:
    """Rounded points × 10**decimals, exactly as ``domain.points`` computes them."""
    scale = 10 ** rules.points_decimals
    out = np.zeros(len(cost), dtype=np.int64)
    bn, bd = _fractions([c.bench.base_points if c.bench else None for c in combos], combo)
    cn, cd = _fractions(coefficients, hidx)
    factor = rules.readmit_points_factor
    rn, rd = _fractions([Fraction(1), factor], prior.astype(np.int64))
    f = rules.high_extra_factor
    kn, kd = _fractions([c.high_multiple[0] if c.high_multiple else None for c in combos], combo)

    for label in (NORMAL, LOW, INCOMPLETE, HIGH, BY_ITEM):
        m = basis == label
        if not m.any():
            continue
        if label == BY_ITEM:
            usable = m & (overall > 0)  # no cases, no average: nothing to convert by
            m = usable
            top = _top(cost[m]) * 100 * _top(rn[m]) * 2 * scale + _top(overall[m]) * _top(rd[m]) * 2
            c, o, r_n, r_d = _exact(top, cost[m], overall[m], rn[m], rd[m])
            out[m] = _round_half_up(c * 100 * r_n, o * r_d, scale)
            continue
        b_n, b_d, c_n, c_d, r_n, r_d = bn[m], bd[m], cn[m], cd[m], rn[m], rd[m]
        if label == NORMAL:
            top = 2 * scale * _top(b_n, b_d) * _top(c_n, c_d) * _top(r_n, r_d) * 2
            b_n, b_d, c_n, c_d, r_n, r_d = _exact(top, b_n, b_d, c_n, c_d, r_n, r_d)
            out[m] = _round_half_up(b_n * c_n * r_n, b_d * c_d * r_d, scale)
        elif label in (LOW, INCOMPLETE):
            a, c = avg[m], cost[m]
            top = 2 * scale * _top(b_n, b_d) * _top(c_n, c_d) * _top(r_n, r_d) * _top(a, c) * 2
            b_n, b_d, c_n, c_d, r_n, r_d, a, c = _exact(top, b_n, b_d, c_n, c_d, r_n, r_d, a, c)
            points = _round_half_up(b_n * c_n * c * r_n, b_d * c_d * a * r_d, scale)
            cap = _round_half_up(b_n * r_n, b_d * r_d, scale)  # never more than the base points
            out[m] = np.minimum(points, cap)
        else:  # HIGH: b·c + f·(cost/avg − k)·b over one denominator
            a, c, k_n, k_d = avg[m], cost[m], kn[m], kd[m]
            top = (2 * scale * _top(b_n, b_d) * _top(c_n, c_d) * _top(r_n, r_d) * _top(a, c)
                   * _top(k_n, k_d) * max(f.numerator, f.denominator) * 4)
            b_n, b_d, c_n, c_d, r_n, r_d, a, c, k_n, k_d = _exact(top, b_n, b_d, c_n, c_d, r_n, r_d, a, c, k_n, k_d)
            num = (b_n * c_n * f.denominator * a * k_d + f.numerator * b_n * (c * k_d - k_n * a) * c_d) * r_n
            den = b_d * c_d * f.denominator * a * k_d * r_d
            out[m] = _round_half_up(num, den, scale)
    return out


def _payment(points_scaled: np.ndarray, period_index: np.ndarray, values: list[Fraction], scale: int) -> np.ndarray:
    """round_half_up(points × point value in fen) = (200·p·v_num + scale·v_den) // D, D = 2·scale·v_den.

    Per period, with 200·v_num = q·D + r (0 <= r < D) that is p·q + (p·r + scale·v_den) // D:
    the same integer, in int64 whenever p·q and p·r fit (a point value's numerator can be
    large, e.g. one computed from the period's average cost), in Python ints otherwise."""
    out = np.zeros(len(points_scaled), dtype=np.int64)
    for i, value in enumerate(values):
        m = period_index == i
        if not m.any():
            continue
        p = points_scaled[m]
        d = 2 * scale * value.denominator
        q, r = divmod(200 * value.numerator, d)
        half = scale * value.denominator
        if _top(p) * max(q, r, 1) + half < _INT64_SAFE:
            out[m] = p * q + (p * r + half) // d
        else:
            out[m] = ((200 * p.astype(object) * value.numerator + half) // d).astype(np.int64)
    return out
