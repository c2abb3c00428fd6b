"""Chart data for the review desk, as plain objects (the charts and reports draw from these)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlite_utils import Database

from workstation.services.queue.filter import CaseFilter
from workstation.services.queue.flags import flag_mask
from workstation.services.queue.halves import in_halves, split_point
from workstation.store.case_ranges import period_term

# Point categories of the cost-vs-stay chart, in drawing order (normal first, outliers on top).
NORMAL, OTHER_FLAG, LOW, HIGH = 0, 1, 2, 3


@dataclass
class GroupCostDistribution:
    period: str
    drg_code: str
    drg_name: str
    costs_fen: np.ndarray  # every case of the group in the period
    avg_cost_fen: int | None
    benchmark_source: str  # table | computed | none
    low_threshold_fen: int | None
    high_threshold_fen: int | None
    case_pk: int | None = None  # the case to mark
    case_cost_fen: int | None = None


@dataclass
class CostVsStay:
    case_pk: np.ndarray
    los: np.ndarray
    cost_fen: np.ndarray
    category: np.ndarray  # NORMAL | OTHER_FLAG | LOW | HIGH
    total: int  # cases in scope; more than len(case_pk) when sampled
    scope: str  # "" (the period), a DRG code or a hospital code

    @property
    def sampled(self) -> bool:
        return len(self.case_pk) < self.total


@dataclass
class HospitalStats:
    hospital_code: str
    hospital_name: str
    cases: int
    outlier_rate: float  # share of cases flagged HIGH or LOW (高低倍率病例占比)
    cmi: float | None  # Σ weight / grouped cases
    settlement_ratio: float | None  # DRG payment / actual cost of its DRG-paid cases


def group_cost_distribution(db: Database, period: str, drg_code: str,
                            case_pk: int | None = None) -> GroupCostDistribution:
    where, params = "drg_code = ?", [drg_code]
    if period:
        term, params = period_term(period)
        where, params = f"{term} AND drg_code = ?", [*params, drg_code]
    costs = np.fromiter((r[0] for r in db.execute(f"SELECT total_cost_fen FROM case_results WHERE {where}",
                                                   params)), dtype=np.int64)
    bench = db.execute(f"SELECT avg_cost_fen, benchmark_source, low_threshold_fen, high_threshold_fen"
                       f" FROM case_results_full WHERE {where} AND avg_cost_fen IS NOT NULL"
                       f" GROUP BY 1, 2, 3, 4 ORDER BY COUNT(*) DESC LIMIT 1", params).fetchone()
    name = db.execute("SELECT drg_name FROM current_drg_groups WHERE drg_code = ?", [drg_code]).fetchone()
    case_cost = None
    if case_pk is not None:
        found = db.execute("SELECT total_cost_fen FROM case_results WHERE case_pk = ?", [case_pk]).fetchone()
        case_cost = found[0] if found else None
    return GroupCostDistribution(
        period=period, drg_code=drg_code, drg_name=name[0] if name else "", costs_fen=costs,
        avg_cost_fen=bench[0] if bench else None, benchmark_source=bench[1] if bench else "none",
        low_threshold_fen=bench[2] if bench else None, high_threshold_fen=bench[3] if bench else None,
        case_pk=case_pk, case_cost_fen=case_cost)


def cost_vs_stay(db: Database, period: str, *, drg_code: str = "", hospital_code: str = "",
                 max_points: int = 40_000) -> CostVsStay:
    """Cost against stay; above ``max_points`` cases are thinned evenly within each category.

    High/low outliers, other flagged cases and plain cases each get up to a third
    of the points, so the outliers a reviewer clicks on stay visible however many
    plain cases there are. Thinning takes every n-th case id, which is stable
    between redraws, and is decided on the stored flags in the same pass, so a
    million-case period costs one scan of its range of the table.
    """
    terms, params = [], []
    if period:
        term, term_params = period_term(period)
        terms.append(term)
        params.extend(term_params)
    if drg_code:
        terms.append("drg_code = ?")
        params.append(drg_code)
    if hospital_code:
        terms.append("hospital_code = ?")
        params.append(hospital_code)
    where = " AND ".join(terms) or "1"
    outlier = int(flag_mask(["HIGH", "LOW"]))
    total, outliers, flagged = db.execute(
        f"SELECT COUNT(*), SUM((flags & {outlier}) != 0), SUM(flags != 0) FROM case_results WHERE {where}",
        params).fetchone()
    total, outliers, flagged = int(total or 0), int(outliers or 0), int(flagged or 0)
    share = max(1, max_points // 3)
    strides = [max(1, -(-n // share)) for n in (outliers, flagged - outliers, total - flagged)]
    sql = f"SELECT case_pk, los, total_cost_fen, flags FROM case_results WHERE {where}"
    if total > max_points:
        sql = (f"SELECT case_pk, los, total_cost_fen, flags FROM case_results WHERE case_pk IN ("
               f"SELECT case_pk FROM case_results WHERE {where} AND ("
               f"((flags & {outlier}) != 0 AND case_pk % ? = 0) OR "
               f"((flags & {outlier}) = 0 AND flags != 0 AND case_pk % ? = 0) OR "
               f"(flags = 0 AND case_pk % ? = 0)))")
        params = [*params, *strides]
    frame = pd.read_sql_query(sql, db.conn, params=params)
    flags = frame["flags"].fillna(0).to_numpy(dtype=np.int64)
    category = np.full(len(frame), NORMAL, dtype=np.int8)
    category[flags != 0] = OTHER_FLAG
    category[(flags & flag_mask(["LOW"])) != 0] = LOW
    category[(flags & flag_mask(["HIGH"])) != 0] = HIGH
    return CostVsStay(frame["case_pk"].to_numpy(np.int64), frame["los"].to_numpy(np.int64),
                      frame["total_cost_fen"].to_numpy(np.int64), category, total,
                      drg_code or hospital_code)


def _hospital_sums(conn, where: str, params: list, source: str) -> pd.DataFrame:
    outlier = flag_mask(["HIGH", "LOW"])
    # The weight is the variant's: one lookup a case in a table of some thousands of rows.
    return pd.read_sql_query(
        f"""SELECT r.hospital_code, COUNT(*) AS cases,
                   SUM((r.flags & {int(outlier)}) != 0) AS outliers,
                   SUM(v.weight) AS weight_sum, SUM(v.weight IS NOT NULL) AS grouped,
                   SUM(CASE WHEN r.estimated_payment_fen IS NOT NULL THEN r.estimated_payment_fen END) AS paid_fen,
                   SUM(CASE WHEN r.estimated_payment_fen IS NOT NULL THEN r.total_cost_fen END) AS cost_fen
            FROM {source} LEFT JOIN result_variants v ON v.id = r.variant_id
            WHERE {where} GROUP BY r.hospital_code ORDER BY r.hospital_code""",
        conn, params=params)


def hospital_comparison(db: Database, period: str) -> list[HospitalStats]:
    if period:
        frame = _hospital_sums(db.conn, *period_term(period, "r"), "case_results r")
    else:
        # All periods: one sequential scan; on a big store the cases below and from a split case
        # id are summed side by side on two connections (services.queue's halves) and the sums
        # added up.
        split = split_point(db, CaseFilter(), 0)
        if split is None:
            frame = _hospital_sums(db.conn, "1", [], "case_results r NOT INDEXED")
        else:
            halves = in_halves(db, lambda conn, half: _hospital_sums(conn, half, [split],
                                                                      "case_results r NOT INDEXED"))
            frame = (pd.concat(halves).groupby("hospital_code", as_index=False, sort=True)
                     .sum(min_count=1))
    names = {r[0]: r[1] for r in db.execute("SELECT hospital_code, hospital_name FROM current_hospitals")}
    stats = []
    for row in frame.itertuples(index=False):
        stats.append(HospitalStats(
            hospital_code=row.hospital_code, hospital_name=names.get(row.hospital_code) or "",
            cases=int(row.cases), outlier_rate=float(row.outliers) / row.cases if row.cases else 0.0,
            cmi=float(row.weight_sum) / row.grouped if row.grouped else None,
            # a ratio of two exact integer sums; float only for drawing
            settlement_ratio=float(row.paid_fen) / row.cost_fen if row.cost_fen else None))
    return stats


def largest_group(db: Database, period: str) -> str | None:
    """The period's DRG group with the most cases, ungrouped codes skipped (an empty or
    ungrouped code says little), counted over the period's range of the table."""
    scope, params = period_term(period) if period else ("1", [])
    row = db.execute(
        f"SELECT drg_code FROM case_results WHERE {scope} AND drg_code > '' AND drg_code != '0000'"
        f" AND drg_code NOT LIKE '%QY' GROUP BY drg_code ORDER BY COUNT(*) DESC LIMIT 1", params).fetchone()
    return row[0] if row else None
