"""Reading what the engine needs from ``cases``, fast enough for a million rows.

The flags that depend on one field each (LONG_STAY, INCOMPLETE, NEW_TECH,
FEE_MISMATCH) are decided in SQL: SQLite evaluates them in C while it reads
the row, where passing 16 fee columns, the stay, the discharge mode and the
new-technique mark through Python costs seconds. Their scalar twins are in
``domain.outliers`` (``case_flags``); the tests hold the two together.
"""
from __future__ import annotations

import sqlite3
import threading
from typing import TYPE_CHECKING

import numpy as np

from workstation.domain.fields import FEE_KEYS
from workstation.domain.flags import Flag
from workstation.domain.outliers import SexCodes
from workstation.domain.rules import Rules
from workstation.engine.audit_flags import sex_conflicts
from workstation.store import arrow_read
from workstation.store.case_ranges import Range, period_ranges

if TYPE_CHECKING:  # imported where used: the read helper process starts faster without them
    import pandas as pd
    from sqlite_utils import Database

SEX_SHIFT = 20  # sex travels in the bits above the flags: one integer column instead of two

_FEE_COLUMNS = [f"{key}_fen" for key in FEE_KEYS]
# FEE_MISMATCH: some category is given and the given ones (absent = 0) differ from the total by more
# than the tolerance. Written so that SQLite evaluates the sum once per row, not twice.
_FEE_MISMATCH = (f"COALESCE({', '.join(_FEE_COLUMNS)}) IS NOT NULL"
                 f" AND ABS({' + '.join(f'IFNULL({c}, 0)' for c in _FEE_COLUMNS)} - total_cost_fen) > :tolerance")

# Only patients with more than one stay can be readmitted: a scan of the index on patient_id
# alone finds them (0.5 s for 1M cases; asking there too whether one of the stays lies in the
# periods read every case's row, 0.8-2 s); that is asked of their stays afterwards.
_STAYS_SQL = """
SELECT id AS pk, period, patient_id, hospital_code, drg_code,
       CAST(julianday(admit_date) AS INTEGER) AS admit_day,
       CAST(julianday(discharge_date) AS INTEGER) AS discharge_day
FROM cases WHERE patient_id IN (SELECT patient_id FROM cases GROUP BY patient_id HAVING COUNT(*) > 1)"""

_INT_COLUMNS = {"pk", "total_cost_fen", "sex_flags"}
_TEXT_COLUMNS = ("hospital_code", "drg_code", "codes_text", "hospital_level", "insurance_type")


def _cases_sql(rules: Rules, scope: str) -> str:
    """The query for one period's cases in ``scope`` (a condition on the id, or "1")."""
    modes = ", ".join(str(int(m)) for m in sorted(rules.incomplete_modes)) or "NULL"
    level = (", hospital_level" if rules.high_basis == "hospital_level" or "hospital_level" in rules.case_columns
             else "")
    level += ", insurance_type" if "insurance_type" in rules.case_columns else ""
    return f"""
SELECT id AS pk, hospital_code, drg_code, total_cost_fen{level},
       main_dx || ';' || IFNULL(other_dx, '') || char(1) || IFNULL(main_proc, '') || ';' || IFNULL(other_proc, '')
           AS codes_text,
       (sex << {SEX_SHIFT})
       | (CASE WHEN los >= :long_stay THEN {int(Flag.LONG_STAY)} ELSE 0 END)
       | (CASE WHEN discharge_mode IN ({modes}) THEN {int(Flag.INCOMPLETE)} ELSE 0 END)
       | (CASE WHEN new_tech = 1 THEN {int(Flag.NEW_TECH)} ELSE 0 END)
       | (CASE WHEN {_FEE_MISMATCH} THEN {int(Flag.FEE_MISMATCH)} ELSE 0 END) AS sex_flags
FROM cases WHERE {scope} AND period = :period"""


def fetch_columns(db: Database | sqlite3.Connection, sql: str, params: dict | list) -> dict[str, np.ndarray]:
    """A query's rows as plain numpy columns (object arrays for text).

    pandas' read_sql turns every text column into its string dtype, which for
    a million rows costs more than the query; the engine only factorises them.
    """
    cursor = getattr(db, "conn", db).execute(sql, params)
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        return {name: np.array([], dtype=np.int64 if name in _INT_COLUMNS else object) for name in names}
    # One 2-D object array, then its columns: several times faster than zip(*rows) for a million rows.
    table = np.empty((len(rows), len(names)), dtype=object)
    table[:] = rows
    return {name: table[:, i].astype(np.int64) if name in _INT_COLUMNS else np.ascontiguousarray(table[:, i])
            for i, name in enumerate(names)}


def _read(db: Database | sqlite3.Connection, rules: Rules, period: str, ids: Range | None,
          sex_table: SexCodes | None = None) -> dict[str, np.ndarray]:
    """The period's cases with ids in ``ids``; all of them (each row's period tested) for None.
    With ``sex_table``, the codes are tested here (``sex_conflict``) and not kept."""
    part = fetch_columns(db, *_part_query(rules, period, ids))
    return _sex_tested(part, sex_table) if sex_table is not None else part


def _part_query(rules: Rules, period: str, ids: Range | None) -> tuple[str, dict]:
    """The query for the period's cases with ids in ``ids`` (None: all), and its parameters."""
    first, last = ids if ids is not None else (None, None)
    return (_cases_sql(rules, "1" if ids is None else "id BETWEEN :first AND :last"),
            {"period": period, "long_stay": rules.long_stay_days, "tolerance": rules.fee_mismatch_tolerance_fen,
             "first": first, "last": last})


def _sex_tested(part: dict, sex_table: SexCodes) -> dict:
    """``part`` with its codes tested against the sex-specific table (``sex_conflict``) in their place."""
    codes = part.pop("codes_text")
    part["sex_conflict"] = sex_conflicts(part["sex_flags"] >> SEX_SHIFT, codes, sex_table)
    return part


Part = tuple[str, Range | None]  # (period, id range or None for "test every row's period")


def plan_parts(db: Database, periods: list[str]) -> list[Part]:
    """What to read for ``periods``, in case id order within each period."""
    parts: list[Part] = []
    for period in periods:
        ranges = period_ranges(db, period)
        parts += [(period, r) for r in (ranges if ranges is not None else [None])]
    return parts


def split_parts(parts: list[Part], second_share: float = 0.5) -> tuple[list[Part], list[Part]] | None:
    """``parts`` cut into two runs, the second holding about ``second_share`` of the ids (a
    range may be cut in two); None when some part has no range (its size is unknown) or there
    is nothing to split."""
    ranged = [(period, r) for period, r in parts if r is not None]
    if not parts or len(ranged) < len(parts):
        return None
    total = sum(last - first + 1 for _, (first, last) in ranged)
    if total < 2:
        return None
    half, seen = total - round(total * second_share), 0
    for i, (period, (first, last)) in enumerate(ranged):
        size = last - first + 1
        if seen + size >= half:
            cut = first + (half - seen)  # the first id of the second run
            before = parts[:i] + ([(period, (first, cut - 1))] if cut > first else [])
            after = ([(period, (cut, last))] if cut <= last else []) + parts[i + 1:]
            return before, after
        seen += size
    return None


def read_parts(db: Database | sqlite3.Connection, rules: Rules, parts: list[Part],
               sex_table: SexCodes | None = None) -> list[tuple[str, dict]]:
    return [(period, _read(db, rules, period, ids, sex_table)) for period, ids in parts]


def join_parts(parts: list[tuple[str, dict]]) -> dict[str, np.ndarray]:
    """Columns read part by part, as one set: pk, period, hospital_code, hospital_level,
    drg_code, total_cost_fen, sex, simple_flags and codes_text or sex_conflict."""
    names = list(parts[0][1]) if parts else ["pk", "total_cost_fen", "sex_flags"]
    cases = {name: np.concatenate([part[name] for _, part in parts]) if parts else
             np.array([], dtype=np.int64 if name in _INT_COLUMNS else object) for name in names}
    n = len(cases["pk"])
    for name in _TEXT_COLUMNS:
        if name != "codes_text" or "sex_conflict" not in cases:
            cases.setdefault(name, np.full(n, None, dtype=object))
    cases["period"] = (np.concatenate([np.full(len(part["pk"]), period, dtype=object) for period, part in parts])
                       if parts else np.array([], dtype=object))
    cases["sex"] = cases["sex_flags"] >> SEX_SHIFT
    cases["simple_flags"] = cases["sex_flags"] & ((1 << SEX_SHIFT) - 1)
    return cases


# What says which cases a connection sees: cases are only appended, batch by batch.
_FINGERPRINT_SQL = ("SELECT COALESCE((SELECT MAX(id) FROM cases), 0) AS last_case,"
                    " (SELECT COUNT(*) FROM batches) AS batches,"
                    " COALESCE((SELECT SUM(rows_imported) FROM batches), 0) AS imported")


def fingerprint(conn) -> tuple:
    return tuple(getattr(conn, "conn", conn).execute(_FINGERPRINT_SQL).fetchone())


def _read_arrow(conn, rules: Rules, period: str, ids: Range | None, sex_table: SexCodes) -> dict[str, np.ndarray]:
    """``_read`` through an ADBC connection (store.arrow_read): its text columns stay Arrow
    arrays (no Python string per case); the codes go to the sex test and are not kept."""
    part = arrow_read.query(conn, *_part_query(rules, period, ids), int_columns=_INT_COLUMNS,
                            arrow_columns=set(_TEXT_COLUMNS))
    return _sex_tested(part, sex_table)


def read_parts_in_threads(path: str, rules: Rules, parts: list[Part], sex_table: SexCodes
                          ) -> tuple[tuple, list[tuple[str, dict]]]:
    """(the cases seen, ``read_parts`` with Arrow text columns) on two ADBC connections to the
    file at ``path``, half the ids each, side by side: the driver lets go of the GIL while it
    reads (1M cases: 1.4 s, where sqlite3 takes 6 s and a second thread on it is no faster).
    Raises ArrowReadError when the driver cannot read this, or the two connections saw different
    cases (one committed between).

    Only in a process with no sqlite3 connection to the file (engine.read_helper): the driver
    brings its own SQLite library, and two libraries in one process undo each other's POSIX
    locks on the file when one closes it (sqlite.org, "How To Corrupt", 2.2.1)."""
    halves = split_parts(parts, 0.5) or (parts, [])
    results: list = [None, None]
    failures: list[BaseException] = []

    def work(i: int, mine: list[Part]) -> None:
        try:
            with arrow_read.reader(path) as conn:
                seen = arrow_read.query(conn, _FINGERPRINT_SQL, int_columns={"last_case", "batches", "imported"})
                results[i] = (tuple(int(seen[k][0]) for k in ("last_case", "batches", "imported")),
                              [(period, _read_arrow(conn, rules, period, ids, sex_table)) for period, ids in mine])
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread below
            failures.append(exc)

    other = threading.Thread(target=work, args=(1, halves[1]), name="read-cases")
    other.start()
    work(0, halves[0])
    other.join()
    if failures:
        raise failures[0]
    if results[0][0] != results[1][0]:
        raise arrow_read.ArrowReadError("cases were added while reading")
    return results[0][0], results[0][1] + results[1][1]


def read_cases(db: Database, rules: Rules, periods: list[str],
               sex_table: SexCodes | None = None) -> dict[str, np.ndarray]:
    """The cases of ``periods`` as columns (see ``join_parts``). Each period is read by the id
    ranges of its batches (``store.case_ranges``), so the period itself need not travel with
    every row. With ``sex_table`` the codes are tested as they are read."""
    return join_parts(read_parts(db, rules, plan_parts(db, periods), sex_table))


def read_stays(db: Database, periods: list[str] | None) -> pd.DataFrame:
    """Stays of every patient with more than one (of those with a stay in ``periods``; None = all)."""
    import pandas as pd  # here: the read helper process imports this module and starts faster without it

    stays = pd.DataFrame(fetch_columns(db, _STAYS_SQL, {}))
    if periods is not None:  # patients with a stay in the periods
        stays = stays[stays["patient_id"].isin(stays.loc[stays["period"].isin(periods), "patient_id"])]
    return stays.dropna(subset=["admit_day", "discharge_day"])
