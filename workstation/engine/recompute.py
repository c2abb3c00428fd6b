"""Recompute derived results (benchmarks, flags, points) for whole periods.

Called after every import and every load of groups, hospitals or rules, so
results are never stale and never edited by hand. The periods' rows in
``case_results`` are brought up to date in ONE transaction (see
``store_results``): a failure or a cancel leaves the previous results as
they were.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np
import pandas as pd
from sqlite_utils import Database

from workstation.domain.jobs import NO_CONTROL, JobControl
from workstation.domain.messages import Text
from workstation.domain.outliers import sex_codes
from workstation.domain.periods import normalise_period
from workstation.domain.points import point_value_yuan
from workstation.domain.rules import Rules
from workstation.engine import read_helper
from workstation.engine.audit_flags import readmission_pairs
from workstation.engine.benchmarks import GroupRow, exact_decimal, group_table, overall_avg_cost_fen, splits_by
from workstation.engine.detect import Detection, Hospital, classify_drg, detect
from workstation.engine.freshness import case_generations
from workstation.engine.read_cases import fingerprint, join_parts, plan_parts, read_parts, read_stays, split_parts
from workstation.engine.ruleset import current_ruleset
from workstation.engine.store_results import write_results
from workstation.store.case_ranges import periods_with_cases


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
    rows_written: int  # results that changed (or were removed)
    seconds: float
    parameters: dict[str, PeriodParameters] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step, for the benchmark


def _coefficient(text: object) -> Fraction:
    """The hospital's coefficient; default 1.0 when absent or not a positive number."""
    value = exact_decimal(text)
    return value if value is not None and value > 0 else Fraction(1)


def _hospitals(db: Database) -> dict[str, Hospital]:
    return {str(r["hospital_code"]): Hospital(_coefficient(r["coefficient"]),
                                              int(r["hospital_level"]) if r["hospital_level"] else None)
            for r in db.query("SELECT hospital_code, coefficient, hospital_level FROM current_hospitals")}


def _group_table(db: Database) -> dict[str, GroupRow] | None:
    """The current group table, or None when none was ever loaded (then nothing is 'not in the table')."""
    loaded = db.execute("SELECT 1 FROM reference_versions WHERE kind = 'groups' AND is_current = 1").fetchone()
    if not loaded:
        return None
    return group_table(list(db.query(
        "SELECT drg_code, weight, base_points, avg_cost_fen, payable_by_drg, level_standards, level_coefficients,"
        " base_group, stability, tcm_advantage, single_review FROM current_drg_groups")))


def _with_case_columns(rules: Rules, table: dict[str, GroupRow] | None) -> Rules:
    """``rules`` naming the per-case columns the group table needs read (level, insurance type)."""
    by_level, by_insurance = splits_by(table)
    columns = (("hospital_level",) if by_level else ()) + (("insurance_type",) if by_insurance else ())
    return replace(rules, case_columns=columns) if columns else rules


def _readmissions(db: Database, periods: list[str] | None, rules: Rules, table):
    """(readmission pks, earlier-stay pks, extra periods whose results they change)."""
    stays = read_stays(db, periods)
    drg = classify_drg(stays["drg_code"], rules, table)
    stays["drg"] = np.where(drg.ungrouped_per_case, "", drg.per_case)
    later, prior = readmission_pairs(stays, rules.readmit_window_days)
    extra: set[str] = set()
    if periods is not None and len(later):
        period_of = pd.Series(stays["period"].to_numpy(), index=stays["pk"].to_numpy())
        extra = (set(period_of.loc[later]) | set(period_of.loc[prior])) - set(periods)
    return later, prior, extra


def _pairs(period_index: np.ndarray, codes: np.ndarray, width: int, extra: np.ndarray | None = None,
           extra_width: int = 1) -> tuple[np.ndarray, ...]:
    """The distinct (period, code[, extra]) index combinations present and how many cases each has;
    a code of -1 (none) is left out."""
    present = codes >= 0
    key = period_index[present].astype(np.int64) * width + codes[present]
    if extra is not None:
        key = key * extra_width + extra[present]
    keys, n = np.unique(key, return_counts=True)
    if extra is not None:
        keys, extra_index = np.divmod(keys, extra_width)
        return (*np.divmod(keys, width), extra_index, n)
    return (*np.divmod(keys, width), n)


def _summaries(cases: dict[str, np.ndarray], found: Detection
               ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, int, int]]]:
    """What the recompute keeps beside the results: (period, kind, code) for each hospital and DRG
    code present in each period (the filter lists), and (period, hospital code, flags, cases) for
    each combination present (result_counts_detail; every case counts: a case's hospital code is
    never NULL). On integer codes (detect's for the hospitals): a DataFrame's drop_duplicates over
    a million text pairs took 0.6 s."""
    period_index, periods = pd.factorize(cases["period"])
    periods = np.asarray(periods, dtype=object)
    hospitals = np.asarray(found.hospital_codes, dtype=object)
    drg_index, drgs = pd.factorize(cases["drg_code"])
    drgs = np.asarray(drgs, dtype=object)
    codes: list[tuple[str, str, str]] = []
    for kind, index, values in (("hospital", found.hospital, hospitals), ("drg", drg_index, drgs)):
        p, v, _ = _pairs(period_index, np.asarray(index), max(len(values), 1))
        codes += [(period, kind, value) for period, value in zip(periods[p].tolist(), values[v].tolist())
                  if value > ""]
    flag_index, flag_values = pd.factorize(np.asarray(found.flags, dtype=np.int64))
    p, h, f, n = _pairs(period_index, np.asarray(found.hospital), max(len(hospitals), 1), flag_index,
                        max(len(flag_values), 1))
    detail = list(zip(periods[p].tolist(), [v or "" for v in hospitals[h].tolist()],
                      np.asarray(flag_values)[f].tolist(), n.tolist()))
    return codes, detail


def _file_of(db: Database) -> str:
    """The database's file ('' in memory): the read helper opens it on its own."""
    return next((r[2] or "" for r in db.execute("PRAGMA database_list").fetchall() if r[1] == "main"), "")


def _start_helper(db: Database, periods: list[str] | None) -> read_helper.ReadHelper | None:
    """A read helper when the read is big enough to share (it starts while the caller works)."""
    scope = "" if periods is None else f" WHERE period IN ({', '.join('?' * len(periods))})"
    cases = db.execute(f"SELECT COALESCE(SUM(rows_imported), 0) FROM batches{scope}", periods or []).fetchone()[0]
    path = _file_of(db)
    if not path or not read_helper.wanted(cases):
        return None
    try:
        return read_helper.ReadHelper(path)
    except OSError:  # no process can be started: read alone
        return None


def _share(db: Database, rules: Rules, read: list[str], helper: read_helper.ReadHelper | None):
    """Plan the read of ``read`` and give the helper its share at once, so that it reads while
    this process finds the readmissions. Returns (parts, this process's share, the helper's
    share); the two shares are None when the helper does not take part."""
    parts = plan_parts(db, read)
    halves = split_parts(parts, read_helper.share()) if helper is not None else None
    if helper is None or halves is None or not helper.send(rules, halves[1]):
        return parts, None, None
    return parts, halves[0], halves[1]


def _read(db: Database, rules: Rules, read: list[str], shared, helper: read_helper.ReadHelper | None,
          timings: dict[str, float]):
    """The cases of ``read``: this process's share and the helper's (see read_helper), or all
    of them here when the helper does not take part or fails. Periods added since the share
    was planned (linked by a readmission) are read here."""
    sex_table = sex_codes()
    planned, mine, theirs = shared
    planned_periods = {period for period, _ in planned}
    added = plan_parts(db, [p for p in read if p not in planned_periods])
    if mine is None:
        return join_parts(read_parts(db, rules, planned + added, sex_table))
    clock = time.perf_counter()
    own = read_parts(db, rules, mine + added, sex_table)
    timings["read.own"], clock = time.perf_counter() - clock, time.perf_counter()
    assert helper is not None, "_share gives this process a share only when the helper takes part"
    got = helper.result()
    timings["read.helper_wait"] = time.perf_counter() - clock
    if got is None or got[0] != fingerprint(db.conn):
        return join_parts(own + read_parts(db, rules, theirs, sex_table))
    return join_parts(own + got[1])


def recompute(db: Database, periods: list[str] | None = None, *, actor: str,
              control: JobControl = NO_CONTROL) -> RecomputeResult:
    """Recompute every case of ``periods`` (None = all) under the current rules."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    if periods is not None:
        periods = sorted({normalise_period(p) for p in periods})
    helper = _start_helper(db, periods)
    try:
        return _recompute(db, periods, actor, control, helper, started, timings)
    finally:
        if helper is not None:
            helper.close()


def _recompute(db: Database, periods: list[str] | None, actor: str, control: JobControl,
               helper: read_helper.ReadHelper | None, started: float, timings: dict[str, float]) -> RecomputeResult:

    def lap(step: str) -> None:
        timings[step] = time.perf_counter() - started - sum(timings.values())

    # Before any case is read: an import committing meanwhile leaves its period stale, never fresh.
    generations = case_generations(db)
    ruleset_id, rules = current_ruleset(db, actor=actor)
    control.progress(0.05, str(Text("读取病例", "reading cases")))
    table = _group_table(db)
    rules = _with_case_columns(rules, table)
    shared = _share(db, rules, periods if periods is not None else periods_with_cases(db), helper)
    later, prior, extra = _readmissions(db, periods, rules, table)
    if extra:  # a readmission links stays across periods: both sides change, with all their pairs
        assert periods is not None, "_readmissions finds extra periods only for given periods"
        periods = sorted(set(periods) | extra)
        later, prior, _ = _readmissions(db, None, rules, table)
    lap("readmissions")
    read = periods if periods is not None else periods_with_cases(db)
    read_steps: dict[str, float] = {}
    cases = _read(db, rules, read, shared, helper, read_steps)
    cases["readmit"] = np.isin(cases["pk"], later)
    cases["readmit_prior"] = np.isin(cases["pk"], prior)
    lap("read")
    control.check()

    control.progress(0.4, str(Text("计算基准、标记与点数", "computing benchmarks, flags and points")))
    parameters: dict[str, PeriodParameters] = {}
    for period in read:
        in_period = cases["period"] == period
        count, total = int(in_period.sum()), int(cases["total_cost_fen"][in_period].sum())
        overall, overall_source = overall_avg_cost_fen(rules, total, count)
        value, value_source = point_value_yuan(rules, period, overall)
        parameters[period] = PeriodParameters(period, count, overall, overall_source, value, value_source)
    found = detect(cases, rules, table, _hospitals(db),
                   {p: v.overall_avg_cost_fen for p, v in parameters.items()},
                   {p: v.point_value_yuan for p, v in parameters.items()}, sex_codes())  # (tested when read)
    lap("detect")
    control.check()

    control.progress(0.7, str(Text("写入结果", "writing results")))
    write_steps: dict[str, float] = {}
    codes, counts = _summaries(cases, found)
    changed = write_results(db, cases["pk"], found, periods, ruleset_id, 10 ** rules.points_decimals,
                            codes=codes, counts=counts, timings=write_steps,
                            generations={p: generations[p] for p in read if p in generations})
    lap("write")
    timings.update(read_steps)
    timings.update(write_steps)
    control.progress(1.0, str(Text("完成", "done")))
    return RecomputeResult(ruleset_id, read, len(cases["pk"]), changed, time.perf_counter() - started,
                           parameters, timings)
