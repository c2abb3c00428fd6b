"""How many cases a queue filter keeps: from the stored counts when the filter allows, else
counted over ``case_results``; "not reviewed" counted from the few reviews' side."""
from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from workstation.services.queue.filter import UNREVIEWED, CaseFilter, where_clause
from workstation.services.queue.flags import flag_mask


def count_cases(db: Database | sqlite3.Connection, f: CaseFilter) -> int:
    if few_reviewed(db, f) is not None:
        rest = f.with_changes(statuses=())
        return _count(db, rest) - count_reviewed(db, rest)
    return _count(db, f)


def _count(db: Database | sqlite3.Connection, f: CaseFilter) -> int:
    stored = stored_count(db, f)
    if stored is not None:
        return stored
    where, params = where_clause(f)
    return db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where}", params).fetchone()[0]


def stored_count(db: Database | sqlite3.Connection, f: CaseFilter) -> int | None:
    """The count of a filter that names at most the period, hospitals and flags, from the counts
    per (period, hospital, flag set) the recompute keeps in the transaction that writes the
    results (``result_counts_detail``); None for any other filter. Counting a million rows took
    0.1-0.25 s of the moves that need it most (opening the desk, clearing the filters, choosing
    all periods, a hospital or flag over all periods)."""
    if f.with_changes(period="", hospital_codes=(), flag_codes=()) != CaseFilter():
        return None
    terms: list[str] = ["1"]
    params: list[object] = []
    if f.period:
        terms.append("period = ?")
        params.append(f.period)
    if f.hospital_codes:
        terms.append(f"hospital_code IN ({','.join('?' * len(f.hospital_codes))})")
        params.extend(f.hospital_codes)
    if f.flag_codes:
        terms.append("(flags & ?) != 0")  # as where_clause tests them
        params.append(flag_mask(f.flag_codes))
    return db.execute(f"SELECT COALESCE(SUM(cases), 0) FROM result_counts_detail WHERE {' AND '.join(terms)}",
                      params).fetchone()[0]


# "Not reviewed" alone, while reviewed cases are few: the cases matching the rest of the filter
# minus the reviewed ones among them, counted from case_reviews' side, and the top rows of the
# rest with the reviewed ones dropped (at most that many more rows read). Testing every one of a
# million rows against the reviews took 0.3 s over all periods where the rest takes 0.1-0.2 s.
FEW_REVIEWED = 5_000


def few_reviewed(db: Database | sqlite3.Connection, f: CaseFilter) -> set[int] | None:
    """The reviewed cases' ids when ``f`` asks for unreviewed cases only and they are few."""
    if f.statuses != (UNREVIEWED,):
        return None
    pks = db.execute("SELECT case_pk FROM case_reviews LIMIT ?", [FEW_REVIEWED + 1]).fetchall()
    return {pk for (pk,) in pks} if len(pks) <= FEW_REVIEWED else None


def count_reviewed(db: Database | sqlite3.Connection, f: CaseFilter) -> int:
    where, params = where_clause(f)
    # CROSS JOIN: from the few reviews into the results, never a probe per result.
    return db.execute(f"SELECT COUNT(*) FROM case_reviews v CROSS JOIN case_results r ON r.case_pk = v.case_pk"
                      f" WHERE {where}", params).fetchone()[0]
