"""Recompute derived results (benchmarks, flags, points) for whole periods.

Called after every import and every load of groups, hospitals or rules, so
results are never stale and never edited by hand. A period's rows in
``case_results`` are replaced in ONE transaction: a failure or a cancel
leaves the previous results as they were.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import numpy as np
import pandas as pd
from sqlite_utils import Database

from workstation.domain.fields import FEE_KEYS
from workstation.domain.jobs import NO_CONTROL, JobControl
from workstation.domain.outliers import sex_codes
from workstation.domain.periods import normalise_period
from workstation.domain.points import point_value_yuan
from workstation.engine.audit_flags import readmission_pairs
from workstation.engine.benchmarks import GroupRow, group_table, overall_avg_cost_fen
from workstation.engine.detect import Hospital, detect, normalise_drg, ungrouped_mask
from workstation.engine.ruleset import current_ruleset
from workstation.store.audit import now_iso


@dataclass(frozen=True)
class PeriodParameters:
    period: str
    cases: int
    overall_avg_cost_fen: int
    overall_avg_source: str  # rules | computed
    point_value_yuan: Fraction
    point_value_source: str  # rules.period | rules.default | overall_avg_cost/100


@dataclass
class RecomputeResult:
    ruleset_id: int
    periods: list[str]
    cases: int
    seconds: float
    parameters: dict[str, PeriodParameters] = field(default_factory=dict)


_FEE_COLUMNS = [f"{key}_fen" for key in FEE_KEYS]
_FEE_SUM = (f"CASE WHEN COALESCE({', '.join(_FEE_COLUMNS)}) IS NULL THEN NULL ELSE "
            + " + ".join(f"IFNULL({c}, 0)" for c in _FEE_COLUMNS) + " END")
# Codes are joined and fees summed in SQL, which does it in C, instead of 16 columns through pandas.
_CASES_SQL = f"""
SELECT id AS pk, period, hospital_code, hospital_level, case_id, patient_id, admit_date,
       discharge_date, los, discharge_mode, sex, drg_code, total_cost_fen, new_tech,
       main_dx || ';' || IFNULL(other_dx, '') AS dx_text,
       IFNULL(main_proc, '') || ';' || IFNULL(other_proc, '') AS proc_text,
       {_FEE_SUM} AS fee_sum_fen
FROM cases"""
_STAYS_SQL = "SELECT id AS pk, period, patient_id, hospital_code, drg_code, admit_date, discharge_date FROM cases"

RESULT_COLUMNS = [
    "case_pk", "period", "hospital_code", "drg_code", "case_id", "patient_id", "discharge_date", "los",
    "total_cost_fen", "ruleset_id", "avg_cost_fen", "benchmark_source", "benchmark_n", "weight",
    "base_points", "coefficient", "high_multiple", "high_threshold_fen", "low_threshold_fen", "cost_ratio",
    "flags", "flag_codes", "payment_basis", "points", "estimated_payment_fen", "computed_at",
]


def _in_periods(sql: str, periods: list[str] | None) -> tuple[str, list]:
    if periods is None:
        return sql, []
    return sql + f" WHERE period IN ({', '.join('?' * len(periods))})", list(periods)


def _read(db: Database, sql: str, periods: list[str] | None) -> pd.DataFrame:
    query, params = _in_periods(sql, periods)
    return pd.read_sql_query(query, db.conn, params=params)


def _exact_coefficient(text: object) -> Fraction:
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        return Fraction(1)
    return Fraction(value) if value.is_finite() and value > 0 else Fraction(1)


def _hospitals(db: Database) -> dict[str, Hospital]:
    return {str(r["hospital_code"]): Hospital(_exact_coefficient(r["coefficient"]),
                                              int(r["hospital_level"]) if r["hospital_level"] else None)
            for r in db.query("SELECT hospital_code, coefficient, hospital_level FROM current_hospitals")}


def _group_table(db: Database) -> dict[str, GroupRow] | None:
    """The current group table, or None when none was ever loaded (then nothing is 'not in the table')."""
    loaded = db.execute("SELECT 1 FROM reference_versions WHERE kind = 'groups' AND is_current = 1").fetchone()
    if not loaded:
        return None
    return group_table(list(db.query(
        "SELECT drg_code, weight, base_points, avg_cost_fen, payable_by_drg FROM current_drg_groups")))


def _readmissions(db: Database, cases: pd.DataFrame, periods: list[str] | None, rules, table):
    """(readmission pks, earlier-stay pks, extra periods whose results they change)."""
    if periods is None:
        stays = cases[["pk", "period", "patient_id", "hospital_code", "drg_code", "admit_date", "discharge_date"]]
    else:
        stays = pd.read_sql_query(
            _STAYS_SQL + " WHERE patient_id IN (SELECT patient_id FROM cases WHERE period IN "
            f"({', '.join('?' * len(periods))}))", db.conn, params=list(periods))
    drg = normalise_drg(stays["drg_code"])
    stays = stays.assign(drg=drg.where(~ungrouped_mask(drg, rules, table), ""))
    later, prior = readmission_pairs(stays, rules.readmit_window_days)
    extra: set[str] = set()
    if periods is not None and len(later):
        period_of = pd.Series(stays["period"].to_numpy(), index=stays["pk"].to_numpy())
        pair_periods = set(period_of.loc[later]) | set(period_of.loc[prior])
        extra = pair_periods - set(periods)  # a readmission links stays across periods
    return later, prior, extra


def recompute(db: Database, periods: list[str] | None = None, *, actor: str,
              control: JobControl = NO_CONTROL) -> RecomputeResult:
    """Recompute every case of ``periods`` (None = all) under the current rules."""
    started = time.perf_counter()
    ruleset_id, rules = current_ruleset(db, actor=actor)
    if periods is not None:
        periods = sorted({normalise_period(p) for p in periods})
    control.progress(0.05, "读取病例 / reading cases")
    cases = _read(db, _CASES_SQL, periods)
    table = _group_table(db)
    later, prior, extra = _readmissions(db, cases, periods, rules, table)
    if extra:
        periods = sorted(set(periods) | extra)
        cases = pd.concat([cases, _read(db, _CASES_SQL, sorted(extra))], ignore_index=True)
    control.check()
    cases["readmit"] = cases["pk"].isin(later)
    cases["readmit_prior"] = cases["pk"].isin(prior)

    control.progress(0.4, "计算基准、标记与点数 / computing benchmarks, flags and points")
    totals = cases.groupby("period")["total_cost_fen"].agg(["size", "sum"])
    parameters: dict[str, PeriodParameters] = {}
    for period, (count, total) in totals.iterrows():
        overall, overall_source = overall_avg_cost_fen(rules, int(total), int(count))
        value, value_source = point_value_yuan(rules, period, overall)
        parameters[period] = PeriodParameters(period, int(count), overall, overall_source, value, value_source)
    results = detect(cases, rules, table, _hospitals(db),
                     {p: v.overall_avg_cost_fen for p, v in parameters.items()},
                     {p: v.point_value_yuan for p, v in parameters.items()}, sex_codes())
    control.check()

    control.progress(0.7, "写入结果 / writing results")
    _write(db, cases, results, periods, ruleset_id)
    control.progress(1.0, "完成 / done")
    return RecomputeResult(ruleset_id, periods if periods is not None else sorted(parameters), len(cases),
                           time.perf_counter() - started, parameters)


def _column(values) -> list:
    """A column as Python values with None for missing (sqlite3 takes no numpy scalars)."""
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, pd.api.extensions.ExtensionArray):
        return values.to_numpy(dtype=object, na_value=None).tolist()
    return np.asarray(values).tolist()


def _write(db: Database, cases: pd.DataFrame, results: pd.DataFrame, periods: list[str] | None,
           ruleset_id: int) -> None:
    computed_at = now_iso()
    n = len(cases)
    source = {
        **{c: cases[c] for c in ("period", "hospital_code", "drg_code", "case_id", "patient_id",
                                 "discharge_date", "los", "total_cost_fen")},
        **{c: results[c] for c in results.columns if c in RESULT_COLUMNS},
    }
    columns = [_column(source[c]) if c in source else [ruleset_id if c == "ruleset_id" else computed_at] * n
               for c in RESULT_COLUMNS]
    # raw executemany: sqlite-utils' insert_all builds a dict per row, several times slower for 1M rows.
    insert = (f"INSERT INTO case_results ({', '.join(RESULT_COLUMNS)})"
              f" VALUES ({', '.join('?' * len(RESULT_COLUMNS))})")
    with db.atomic():
        if periods is None:
            db.execute("DELETE FROM case_results")
        else:
            query, params = _in_periods("DELETE FROM case_results", periods)
            db.execute(query, params)
            db.execute("DELETE FROM case_results WHERE case_pk NOT IN (SELECT id FROM cases)")
        db.conn.executemany(insert, zip(*columns))
