"""Flags, payment basis, points and estimated payment for a whole frame of cases.

The vectorised twin of ``workstation.domain.outliers`` / ``points``: it must give
IDENTICAL results (a hypothesis test holds them side by side). Thresholds are
computed once per benchmark in exact integers; points are numerator/denominator
pairs in numpy object arrays of Python ints, so nothing is ever rounded by a
float and a million cases still take about a second.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from workstation.domain.flags import Flag, codes_text
from workstation.domain.outliers import SexCodes, high_threshold_fen, low_threshold_fen
from workstation.domain.points import BY_ITEM, HIGH, INCOMPLETE, LOW, NORMAL
from workstation.domain.rules import Rules
from workstation.engine.audit_flags import fee_mismatches, sex_conflicts
from workstation.engine.benchmarks import GroupRow, period_benchmarks

LEVELS = (None, 1, 2, 3)  # index 0 = unknown level


@dataclass(frozen=True)
class Hospital:
    coefficient: Fraction
    level: int | None


def normalise_drg(codes: pd.Series) -> pd.Series:
    return codes.fillna("").astype(str).str.strip().str.upper()


def ungrouped_mask(drg: pd.Series, rules: Rules, table: dict[str, GroupRow] | None) -> np.ndarray:
    mask = drg.isin(rules.ungrouped_codes | {""})
    if rules.ungrouped_suffixes:
        mask |= drg.str.endswith(rules.ungrouped_suffixes)
    if rules.ungrouped_not_in_table and table is not None:
        mask |= ~drg.isin(list(table))
    return mask.to_numpy(dtype=bool)


def _obj(values) -> np.ndarray:
    return np.asarray(values, dtype=np.int64).astype(object)


def detect(cases: pd.DataFrame, rules: Rules, table: dict[str, GroupRow] | None,
           hospitals: dict[str, Hospital], overall_by_period: dict[str, int],
           point_value_by_period: dict[str, Fraction], sex_table: SexCodes) -> pd.DataFrame:
    """Results for ``cases`` (columns: pk, period, hospital_code, hospital_level, drg_code,
    total_cost_fen, los, discharge_mode, sex, dx_text, proc_text, fee_sum_fen, new_tech,
    readmit, readmit_prior). ``table`` is None when no group table is loaded."""
    n = len(cases)
    cost = cases["total_cost_fen"].to_numpy(dtype=np.int64)
    drg = normalise_drg(cases["drg_code"])
    ungrouped = ungrouped_mask(drg, rules, table)
    frame = pd.DataFrame({"period": cases["period"].to_numpy(), "drg": drg.to_numpy(), "total_cost_fen": cost})
    stats = period_benchmarks(frame, pd.Series(~ungrouped), table or {}, overall_by_period)
    benches = list(stats["bench"]) + [None]  # the last index stands for "no benchmark"
    nb = len(stats)
    index = pd.MultiIndex.from_frame(stats[["period", "drg"]])
    bidx = index.get_indexer(pd.MultiIndex.from_arrays([frame["period"], frame["drg"]]))
    bidx = np.where(ungrouped | (bidx < 0), nb, bidx)

    avg_b = np.array([b.avg_cost_fen or 0 if b else 0 for b in benches], dtype=np.int64)
    payable_b = np.array([b.payable_by_drg if b else True for b in benches], dtype=bool)
    n_b = np.array([b.n if b else 0 for b in benches], dtype=np.int64)
    base_b = [b.base_points if b and b.base_points is not None else None for b in benches]
    avg = avg_b[bidx]
    has_bench = (~ungrouped) & (avg > 0) & payable_b[bidx]

    # Hospital coefficient and level: the hospital table first, then the batch's own level column.
    hosp_codes, hidx = np.unique(cases["hospital_code"].astype(str).to_numpy(), return_inverse=True)
    coef_h = [hospitals[c].coefficient if c in hospitals else Fraction(1) for c in hosp_codes]
    table_level = np.array([(hospitals[c].level or 0) if c in hospitals else 0 for c in hosp_codes])[hidx]
    case_level = pd.to_numeric(cases["hospital_level"], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    level = np.where(table_level > 0, table_level, case_level)
    level = np.where(np.isin(level, (1, 2, 3)), level, 0)

    # k, thresholds per benchmark (x level when HIGH goes by hospital level): few, so exact Python.
    n_levels = len(LEVELS) if rules.high_basis == "hospital_level" else 1
    combo = bidx * n_levels + (level if n_levels > 1 else 0)
    k_num, k_den, k_text, high_thr, low_thr = [], [], [], [], []
    for b, base in zip(benches, base_b):
        for lv in (LEVELS if n_levels > 1 else (None,)):
            k = rules.high_multiple_for(base, lv) if b and b.avg_cost_fen else None
            k_num.append(k[0].numerator if k else 0)
            k_den.append(k[0].denominator if k else 1)
            k_text.append(k[1] if k else None)
            high_thr.append(high_threshold_fen(b.avg_cost_fen, k[0]) if k else None)
            low_thr.append(low_threshold_fen(b.avg_cost_fen, rules.low_multiple) if b and b.avg_cost_fen else None)
    has_k = np.array([t is not None for t in k_text])[combo] & has_bench
    high_thr_row = pd.array(high_thr, dtype="Int64")[combo]
    low_thr_row = pd.array(low_thr, dtype="Int64")[combo]
    # float64 is exact here: thresholds are whole fen far below 2**53; ±inf only stands for "none".
    hi = has_k & (cost >= high_thr_row.to_numpy(dtype="float64", na_value=np.inf))
    lo = has_bench & (cost <= low_thr_row.to_numpy(dtype="float64", na_value=-np.inf))

    flags = np.zeros(n, dtype=np.int64)
    flags |= np.where(hi, int(Flag.HIGH), 0)
    flags |= np.where(lo, int(Flag.LOW), 0)
    flags |= np.where(cases["los"].to_numpy(dtype=np.int64) >= rules.long_stay_days, int(Flag.LONG_STAY), 0)
    incomplete = np.isin(cases["discharge_mode"].to_numpy(dtype=np.int64), list(rules.incomplete_modes))
    flags |= np.where(incomplete, int(Flag.INCOMPLETE), 0)
    flags |= np.where(ungrouped, int(Flag.UNGROUPED), 0)
    flags |= np.where(~ungrouped & (n_b[bidx] < rules.small_group_min_cases), int(Flag.SMALL_GROUP), 0)
    flags |= np.where(pd.to_numeric(cases["new_tech"], errors="coerce").fillna(0).to_numpy() == 1,
                      int(Flag.NEW_TECH), 0)
    flags |= np.where(cases["readmit"].to_numpy(dtype=bool), int(Flag.READMIT), 0)
    prior = cases["readmit_prior"].to_numpy(dtype=bool)
    flags |= np.where(prior, int(Flag.READMIT_PRIOR), 0)
    flags |= np.where(sex_conflicts(cases["sex"], cases["dx_text"], cases["proc_text"], sex_table),
                      int(Flag.SEX_CONFLICT), 0)
    flags |= np.where(fee_mismatches(cost, cases["fee_sum_fen"], rules.fee_mismatch_tolerance_fen),
                      int(Flag.FEE_MISMATCH), 0)

    # Payment basis by precedence: assign in reverse so the first in the list wins.
    basis = np.full(n, NORMAL, dtype=object)
    conditions = {"UNGROUPED": (ungrouped, BY_ITEM), "HIGH": (hi, HIGH), "LOW": (lo, LOW),
                  "INCOMPLETE": (incomplete & (avg > 0), INCOMPLETE)}
    for code in reversed(rules.precedence):
        mask, label = conditions[code]
        basis[mask] = label
    basis[(~ungrouped) & ~payable_b[bidx]] = BY_ITEM

    points_scaled = _points(basis, cost, avg, bidx, base_b, hidx, coef_h, combo, k_num, k_den, prior,
                            cases["period"], overall_by_period, rules)
    scale = 10 ** rules.points_decimals
    pay = _payment(points_scaled, cases["period"], point_value_by_period, scale)

    weight_b = np.array([float(b.weight) if b and b.weight is not None else np.nan for b in benches])
    base_f = np.array([float(x) if x is not None else np.nan for x in base_b])
    source_b = np.array([b.source if b else "none" for b in benches], dtype=object)
    avg_col = pd.array(avg, dtype="Int64")
    avg_col[np.array([b is None or b.avg_cost_fen is None for b in benches])[bidx]] = pd.NA
    masks = pd.Series(flags)
    code_text = masks.map({m: codes_text(m) for m in masks.unique()})
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(avg > 0, cost / np.where(avg > 0, avg, 1), np.nan)
    return pd.DataFrame({
        "case_pk": cases["pk"].to_numpy(),
        "avg_cost_fen": avg_col,
        "benchmark_source": source_b[bidx],
        "benchmark_n": n_b[bidx],
        "weight": weight_b[bidx],
        "base_points": base_f[bidx],
        "coefficient": np.array([float(c) for c in coef_h])[hidx],
        "high_multiple": np.array(k_text, dtype=object)[combo],
        "high_threshold_fen": high_thr_row,
        "low_threshold_fen": low_thr_row,
        "cost_ratio": ratio,
        "flags": flags,
        "flag_codes": code_text.to_numpy(),
        "payment_basis": basis,
        "points_scaled": points_scaled,
        "points": points_scaled.astype(np.float64) / scale,
        "estimated_payment_fen": pay,
    })


def _points(basis, cost, avg, bidx, base_b, hidx, coef_h, combo, k_num, k_den, prior, period,
            overall_by_period, rules: Rules) -> np.ndarray:
    """Rounded points × 10**decimals, exact: round_half_up(N / D) = (2·S·N + D) // (2·D), N >= 0."""
    n = len(cost)
    scale = 10 ** rules.points_decimals
    num = np.zeros(n, dtype=object)
    den = np.ones(n, dtype=object)
    cap = np.full(n, -1, dtype=object)  # -1 = no cap
    bp_num = np.array([b.numerator if b is not None else 0 for b in base_b], dtype=object)[bidx]
    bp_den = np.array([b.denominator if b is not None else 1 for b in base_b], dtype=object)[bidx]
    c_num = np.array([c.numerator for c in coef_h], dtype=object)[hidx]
    c_den = np.array([c.denominator for c in coef_h], dtype=object)[hidx]
    cost_o, avg_o = cost.astype(object), avg.astype(object)
    factor = rules.readmit_points_factor
    r_num = np.where(prior, factor.numerator, 1).astype(object)
    r_den = np.where(prior, factor.denominator, 1).astype(object)

    m = basis == NORMAL
    num[m], den[m] = bp_num[m] * c_num[m], bp_den[m] * c_den[m]
    m = (basis == LOW) | (basis == INCOMPLETE)
    num[m], den[m] = bp_num[m] * c_num[m] * cost_o[m], bp_den[m] * c_den[m] * avg_o[m]
    cap[m] = (2 * scale * bp_num[m] * r_num[m] + bp_den[m] * r_den[m]) // (2 * bp_den[m] * r_den[m])
    m = basis == HIGH
    if m.any():
        f = rules.high_extra_factor
        kn, kd = np.array(k_num, dtype=object)[combo][m], np.array(k_den, dtype=object)[combo][m]
        a, bn, bd, cn, cd = avg_o[m], bp_num[m], bp_den[m], c_num[m], c_den[m]
        num[m] = bn * cn * f.denominator * a * kd + f.numerator * bn * (cost_o[m] * kd - kn * a) * cd
        den[m] = bd * cd * f.denominator * a * kd
    m = basis == BY_ITEM
    overall = period.map(overall_by_period).to_numpy(dtype=np.int64)
    usable = m & (overall > 0)
    num[usable], den[usable] = cost_o[usable] * 100, overall.astype(object)[usable]
    num *= r_num
    den *= r_den
    scaled = (2 * scale * num + den) // (2 * den)
    capped = cap >= 0
    scaled[capped] = np.minimum(scaled[capped], cap[capped])
    return scaled


def _payment(points_scaled: np.ndarray, period: pd.Series, point_value_by_period: dict[str, Fraction],
             scale: int) -> np.ndarray:
    """round_half_up(points × point value in fen), exact."""
    pv_num = period.map({p: v.numerator for p, v in point_value_by_period.items()}).to_numpy(dtype=object)
    pv_den = period.map({p: v.denominator for p, v in point_value_by_period.items()}).to_numpy(dtype=object)
    pay = (2 * 100 * points_scaled * pv_num + scale * pv_den) // (2 * scale * pv_den)
    return pay.astype(np.int64)

