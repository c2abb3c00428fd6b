"""The review queue's pages: rows of a filtered, sorted queue, its first page with its count,
and where a case stands in it.

Qt-free, so the GUI's table model, the CLI and tests share it. The jobs behind it live
beside it: the filter as SQL (queue_filter), counts (queue_counts), which plan reads a
walkable order (queue_plans), scans of all periods in two halves (queue_halves) and the
review-status order (queue_status). The names other layers use are imported here so
``workstation.services.queue`` stays the one door to the queue.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from sqlite_utils import Database

from workstation.domain.masking import mask_id, mask_name
from workstation.services.errors import reads_store
from workstation.services.queue.choices import filter_choices
from workstation.services.queue.counts import count_cases, count_reviewed, few_reviewed, stored_count
from workstation.services.queue.filter import SORT_COLUMNS, UNREVIEWED, CaseFilter, QueueSort, where_clause
from workstation.services.queue.halves import (
    beside,
    half_query,
    in_halves,
    merged,
    on_own_connection,
    page_in_halves,
    split_point,
)
from workstation.services.queue.plans import needs_count, walked_page
from workstation.services.queue.status import page_by_status, position_by_status
from workstation.store.db import database_file

__all__ = ["UNREVIEWED", "SORT_COLUMNS", "CaseFilter", "QueueSort", "QueueRow", "where_clause", "count_cases",
           "count_and_first_page", "fetch_page", "needs_count", "rows_for", "position_of", "filter_choices",
           "split_point", "in_halves", "on_own_connection"]


@dataclass
class QueueRow:
    """One line of the queue, as shown (personal data masked unless asked for)."""

    case_pk: int
    case_id: str
    hospital_code: str
    hospital_name: str
    drg_code: str
    patient_id: str
    patient_name: str
    id_number: str
    discharge_date: str
    los: int
    total_cost_fen: int
    avg_cost_fen: int | None
    cost_ratio: float | None
    flags: int
    flag_codes: tuple[str, ...]
    points: float | None
    estimated_payment_fen: int | None
    status: str = UNREVIEWED
    extra: dict = field(default_factory=dict)


_ROW_SELECT = """
SELECT r.case_pk, r.case_id, r.hospital_code, r.drg_code, r.patient_id, r.discharge_date, r.los,
       r.total_cost_fen, r.avg_cost_fen, r.cost_ratio, r.flags, rv.flag_codes, r.points,
       r.estimated_payment_fen, v.status, c.patient_name, c.id_number, c.hospital_name
FROM case_results r
JOIN cases c ON c.id = r.case_pk
LEFT JOIN result_variants rv ON rv.id = r.variant_id
LEFT JOIN case_reviews v ON v.case_pk = r.case_pk
"""


@reads_store  # the GUI catches ServiceError, never sqlite3.Error
def fetch_page(db: Database, f: CaseFilter, sort: QueueSort, offset: int, limit: int,
               *, show_personal: bool = False, matching: int | None = None) -> list[QueueRow]:
    """Rows ``offset`` .. ``offset + limit`` of the filtered queue in the given order.

    The page's case ids are chosen on ``case_results`` alone; ``cases`` (names,
    ID numbers) and ``case_reviews`` are joined for those ids only. ``matching``
    is the filter's count when the caller has it; it decides the plan of a
    walkable sort (``needs_count``), and is counted here when that needs it.
    """
    reviewed = few_reviewed(db, f) if sort.key != "status" else None
    if sort.key == "status":
        pks = page_by_status(db, f, sort, offset, limit)
    elif reviewed is not None:
        rest = _page(db, f.with_changes(statuses=()), sort, 0, offset + limit + len(reviewed), None)
        pks = [pk for pk in rest if pk not in reviewed][offset:offset + limit]
    else:
        pks = _page(db, f, sort, offset, limit, matching)
    return rows_for(db, pks, show_personal=show_personal)


def _page(db: Database, f: CaseFilter, sort: QueueSort, offset: int, limit: int,
          matching: int | None) -> list[int]:
    walked = walked_page(db, f, sort, offset, limit, matching)
    if walked is not None:
        return walked
    # Few rows match (or the walk is slow for this filter): find them by index, then sort them.
    column = SORT_COLUMNS.get(sort.key, "r.cost_ratio")
    direction = "DESC" if sort.descending else "ASC"
    where, params = where_clause(f)
    split = split_point(db, f, offset + limit)
    if split is not None:
        return page_in_halves(db, split, where, params, column, sort.descending, offset, limit)
    # The primary key breaks ties: no overlaps or gaps between pages.
    sql = (f"SELECT r.case_pk FROM case_results r WHERE {where}"
           f" ORDER BY +{column} {direction}, r.case_pk {direction} LIMIT ? OFFSET ?")
    return [r[0] for r in db.conn.execute(sql, [*params, int(limit), int(offset)])]


@reads_store  # the GUI catches ServiceError, never sqlite3.Error
def count_and_first_page(db: Database, f: CaseFilter, sort: QueueSort, limit: int, *,
                         show_personal: bool = False) -> tuple[int, list[QueueRow] | None]:
    """The filter's count and its first page (None: read it with ``fetch_page`` when shown).

    On a million cases the count and the page are each a scan of 0.05-0.25 s, done side by
    side on two connections (SQLite lets go of the GIL while it scans): over all periods each
    thread counts and sorts one half of the periods (see SPLIT_FROM), otherwise one counts while
    the other reads the page. A write committed between the two is shown by the refresh that
    every data change brings.
    """
    path = database_file(db)
    if path is None or needs_count(sort):
        return count_cases(db, f), None
    split = split_point(db, f, limit) if sort.key != "status" else None
    if split is None:
        counting = beside(path, count_cases, f)
        try:
            first = fetch_page(db, f, sort, 0, limit, show_personal=show_personal)
        finally:
            count = counting.result()
        return count, first
    reviewed = few_reviewed(db, f)
    rest = f.with_changes(statuses=()) if reviewed is not None else f
    where, params = where_clause(rest)
    column = SORT_COLUMNS.get(sort.key, "r.cost_ratio")
    sql = half_query(column, sort.descending, where)
    top = limit + len(reviewed or ())

    stored = stored_count(db, rest)

    def work(conn: sqlite3.Connection, half: str) -> tuple[int, list[tuple]]:
        n = 0 if stored is not None else conn.execute(
            f"SELECT COUNT(*) FROM case_results r WHERE {half} AND {where}", [split, *params]).fetchone()[0]
        rows = conn.execute(sql.format(half=half), [split, *params, int(top)]).fetchall() if n or stored else []
        return n, rows

    (n1, rows1), (n2, rows2) = in_halves(db, work)
    total = stored if stored is not None else n1 + n2
    if reviewed is None:
        return total, rows_for(db, merged(rows1, rows2, sort.descending, 0, limit), show_personal=show_personal)
    pks = [pk for pk in merged(rows1, rows2, sort.descending, 0, top) if pk not in reviewed][:limit]
    return total - count_reviewed(db, rest), rows_for(db, pks, show_personal=show_personal)


def rows_for(db: Database, case_pks: list[int], *, show_personal: bool = False) -> list[QueueRow]:
    """Queue rows for these cases, in the order given."""
    if not case_pks:
        return []
    found = {}
    for start in range(0, len(case_pks), 500):  # SQLite's bound-parameter limit
        chunk = case_pks[start:start + 500]
        for values in db.execute(f"{_ROW_SELECT} WHERE r.case_pk IN ({','.join('?' * len(chunk))})", chunk):
            found[values[0]] = _row(values, show_personal)
    return [found[pk] for pk in case_pks if pk in found]


def _row(v: tuple, show_personal: bool) -> QueueRow:
    name, id_number = v[15] or "", v[16] or ""
    return QueueRow(
        case_pk=v[0], case_id=v[1], hospital_code=v[2], hospital_name=v[17] or "", drg_code=v[3] or "",
        patient_id=v[4], patient_name=name if show_personal else mask_name(name),
        id_number=id_number if show_personal else mask_id(id_number),
        discharge_date=v[5], los=v[6], total_cost_fen=v[7], avg_cost_fen=v[8], cost_ratio=v[9],
        flags=v[10] or 0, flag_codes=tuple(c for c in (v[11] or "").split(";") if c),
        points=v[12], estimated_payment_fen=v[13], status=v[14] or UNREVIEWED)


@reads_store  # the GUI catches ServiceError, never sqlite3.Error
def position_of(db: Database, f: CaseFilter, sort: QueueSort, case_pk: int) -> int | None:
    """The row index of a case in the filtered, sorted queue, or None when it is filtered out."""
    if sort.key == "status":  # the status lives in case_reviews, not case_results
        return position_by_status(db, f, sort, case_pk)
    column = SORT_COLUMNS.get(sort.key, "r.cost_ratio")
    where, params = where_clause(f)
    row = db.execute(f"SELECT {column} FROM case_results r WHERE r.case_pk = ? AND {where}",
                     [case_pk, *params]).fetchone()
    if row is None:
        return None
    value = row[0]
    before = "<" if not sort.descending else ">"
    if value is None:
        # NULLs sort first ascending, last descending.
        cond = f"({column} IS NULL AND r.case_pk {before} ?)"
        cond_params = [case_pk]
        if sort.descending:
            cond = f"({column} IS NOT NULL OR {cond})"
    else:
        cond = f"({column} {before} ? OR ({column} = ? AND r.case_pk {before} ?))"
        cond_params = [value, value, case_pk]
        if not sort.descending:
            cond = f"({column} IS NULL OR {cond})"
    return db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where} AND {cond}",
                      [*params, *cond_params]).fetchone()[0]
