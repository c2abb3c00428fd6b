"""The review queue's queries: a CaseFilter becomes SQL over ``case_results``.

Qt-free, so the GUI's table model, the CLI and tests share it. The queue reads
the narrow, denormalised ``case_results`` table (one row per case, the fields
it filters and sorts on copied from ``cases``) and joins ``cases`` only for the
rows of the page being shown, which is what keeps a 1,000,000-case period fast.
"""
from __future__ import annotations

import heapq
import itertools
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from fractions import Fraction

from sqlite_utils import Database

from workstation.domain.masking import mask_id, mask_name
from workstation.services.queue_flags import flag_mask
from workstation.store.case_ranges import period_term
from workstation.store.db import database_file, open_reader

UNREVIEWED = ""  # the review status of a case nobody has looked at yet (no case_reviews row)

# Sort key -> SQL expression. Only case_id has an index of its own on case_results (each one
# is rebuilt by every full recompute); ORDER BY ... LIMIT walks it and stops after the page.
# Any other key is a top-N sort of the filtered rows, 0.05-0.3 s for a million, read from the
# table: a period is a range of it (store.case_ranges.period_term), all periods are read in
# two halves side by side (split_point).
SORT_COLUMNS: dict[str, str] = {
    "case_id": "r.case_id",
    "hospital_code": "r.hospital_code",
    "drg_code": "r.drg_code",
    "patient_id": "r.patient_id",
    "discharge_date": "r.discharge_date",
    "los": "r.los",
    "total_cost": "r.total_cost_fen",
    "avg_cost": "r.avg_cost_fen",
    "cost_ratio": "r.cost_ratio",
    "flags": "r.flags",
    "points": "r.points",
    "estimated_payment": "r.estimated_payment_fen",
    "status": "v.status",
}


WALKABLE_SORTS = {"case_id"}


@dataclass(frozen=True)
class CaseFilter:
    """What the reviewer asked the queue to show. Empty fields do not filter."""

    period: str = ""
    hospital_codes: tuple[str, ...] = ()
    drg_codes: tuple[str, ...] = ()
    flag_codes: tuple[str, ...] = ()  # cases carrying ANY of these flags
    statuses: tuple[str, ...] = ()  # review statuses; UNREVIEWED for cases without a review
    cost_ratio_min: Fraction | None = None  # inclusive; exact (compared in integer fen)
    cost_ratio_max: Fraction | None = None
    los_min: int | None = None  # inclusive, days
    los_max: int | None = None
    search: str = ""  # a case id or patient id, or the start of one

    def with_changes(self, **changes) -> "CaseFilter":
        return replace(self, **changes)


@dataclass(frozen=True)
class QueueSort:
    key: str = "cost_ratio"
    descending: bool = True


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


def _ratio_bound(value) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(str(value))


def where_clause(f: CaseFilter, *, use_indexes: bool = True) -> tuple[str, list]:
    """The SQL condition (over alias r = case_results) and its parameters.

    With ``use_indexes=False`` every column is written ``+r.col``, which tells
    SQLite not to use an index for that term; fetch_page does this when the
    filter keeps many rows, so the planner walks the sort column's index and
    stops after one page instead of sorting every matching row.
    """
    plus = "" if use_indexes else "+"

    def col(name: str) -> str:
        return f"{plus}r.{name}"

    terms: list[str] = []
    params: list = []
    if f.period:
        # Either way a range of the table: the span of the period's batches (migration 9).
        term, term_params = period_term(f.period, "r")
        terms.append(term)
        params.extend(term_params)

    if f.hospital_codes:
        terms.append(f"{col('hospital_code')} IN ({','.join('?' * len(f.hospital_codes))})")
        params.extend(f.hospital_codes)
    if f.drg_codes:
        terms.append(f"{col('drg_code')} IN ({','.join('?' * len(f.drg_codes))})")
        params.extend(f.drg_codes)
    if f.flag_codes:
        # A bit test on the stored flags (each row holds its flags, also in its variant).
        terms.append(f"({col('flags')} & ?) != 0")
        params.append(flag_mask(f.flag_codes))
    if f.statuses:
        named = [s for s in f.statuses if s != UNREVIEWED]
        parts = []
        if named:
            parts.append(f"{col('case_pk')} IN (SELECT case_pk FROM case_reviews WHERE status IN "
                         f"({','.join('?' * len(named))}))")
            params.extend(named)
        if UNREVIEWED in f.statuses:
            parts.append(f"{col('case_pk')} NOT IN (SELECT case_pk FROM case_reviews)")
        terms.append("(" + " OR ".join(parts) + ")")
    # Exact at the boundary without reading every row: the stored ratio is cost / avg rounded
    # (monotonically) to a float, so a stored value above the bound's float means above the bound
    # and below means below; only a stored value EQUAL to it is decided on the integer fen
    # (total × den ≥ num × avg), the one case that reads the table row.
    if f.cost_ratio_min is not None:
        bound = _ratio_bound(f.cost_ratio_min)
        terms.append(f"{col('cost_ratio')} >= ? AND (r.cost_ratio > ? OR r.total_cost_fen * ? >= ? * r.avg_cost_fen)")
        params.extend([float(bound), float(bound), bound.denominator, bound.numerator])
    if f.cost_ratio_max is not None:
        bound = _ratio_bound(f.cost_ratio_max)
        terms.append(f"{col('cost_ratio')} <= ? AND (r.cost_ratio < ? OR r.total_cost_fen * ? <= ? * r.avg_cost_fen)")
        params.extend([float(bound), float(bound), bound.denominator, bound.numerator])
    if f.los_min is not None:
        terms.append(f"{col('los')} >= ?")
        params.append(int(f.los_min))
    if f.los_max is not None:
        terms.append(f"{col('los')} <= ?")
        params.append(int(f.los_max))
    text = f.search.strip()
    if text:
        # A prefix range (not LIKE) so the indexes are used: case_results' own on case_id, and the
        # one on cases.patient_id (which the importer keeps; case_results has none, as every full
        # recompute would rebuild it: migration 7).
        terms.append(f"(({col('case_id')} >= ? AND {col('case_id')} < ?) OR "
                     f"{col('case_pk')} IN (SELECT id FROM cases WHERE patient_id >= ? AND patient_id < ?))")
        params.extend([text, text + "\U0010ffff", text, text + "\U0010ffff"])
    return (" AND ".join(terms) if terms else "1"), params


def count_cases(db: Database | sqlite3.Connection, f: CaseFilter) -> int:
    if _few_reviewed(db, f) is not None:
        rest = f.with_changes(statuses=())
        return _count(db, rest) - _count_reviewed(db, rest)
    return _count(db, f)


def _count(db: Database | sqlite3.Connection, f: CaseFilter) -> int:
    stored = _stored_count(db, f)
    if stored is not None:
        return stored
    where, params = where_clause(f)
    return db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where}", params).fetchone()[0]


def _stored_count(db: Database | sqlite3.Connection, f: CaseFilter) -> int | None:
    """The count of a filter that names at most the period, hospitals and flags, from the counts
    per (period, hospital, flag set) the recompute keeps in the transaction that writes the
    results (``result_counts_detail``); None for any other filter. Counting a million rows took
    0.1-0.25 s of the moves that need it most (opening the desk, clearing the filters, choosing
    all periods, a hospital or flag over all periods)."""
    if f.with_changes(period="", hospital_codes=(), flag_codes=()) != CaseFilter():
        return None
    terms, params = ["1"], []
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


def _few_reviewed(db: Database | sqlite3.Connection, f: CaseFilter) -> set[int] | None:
    """The reviewed cases' ids when ``f`` asks for unreviewed cases only and they are few."""
    if f.statuses != (UNREVIEWED,):
        return None
    pks = db.execute("SELECT case_pk FROM case_reviews LIMIT ?", [FEW_REVIEWED + 1]).fetchall()
    return {pk for (pk,) in pks} if len(pks) <= FEW_REVIEWED else None


def _count_reviewed(db: Database | sqlite3.Connection, f: CaseFilter) -> int:
    where, params = where_clause(f)
    # CROSS JOIN: from the few reviews into the results, never a probe per result.
    return db.execute(f"SELECT COUNT(*) FROM case_reviews v CROSS JOIN case_results r ON r.case_pk = v.case_pk"
                      f" WHERE {where}", params).fetchone()[0]


def on_own_connection(path: str, work, *args):
    """``work(conn, *args)`` on a reading connection of its own, for a caller that reads in another
    thread while it reads on its usual connection: SQLite lets go of the GIL while it scans, so on
    two cores two scans take about as long as the longer one."""
    conn = open_reader(path)
    try:
        return work(conn, *args)
    finally:
        conn.close()


_ROW_SELECT = """
SELECT r.case_pk, r.case_id, r.hospital_code, r.drg_code, r.patient_id, r.discharge_date, r.los,
       r.total_cost_fen, r.avg_cost_fen, r.cost_ratio, r.flags, rv.flag_codes, r.points,
       r.estimated_payment_fen, v.status, c.patient_name, c.id_number, c.hospital_name
FROM case_results r
JOIN cases c ON c.id = r.case_pk
LEFT JOIN result_variants rv ON rv.id = r.variant_id
LEFT JOIN case_reviews v ON v.case_pk = r.case_pk
"""

# Below this many matching rows, sorting them is cheaper than walking the sort index.
SORT_IN_MEMORY_BELOW = 20_000
# How long walking the sort index may take before the filter-first plan is used instead.
WALK_BUDGET_SECONDS = 0.06
WALK_CHECK_EVERY = 2_000  # SQLite VM steps between looks at the clock
_plans: dict[tuple, str] = {}  # (filter, sort) -> "walk" | "sort": remembered so later pages skip a failed walk


def fetch_page(db: Database, f: CaseFilter, sort: QueueSort, offset: int, limit: int,
               *, show_personal: bool = False, matching: int | None = None) -> list[QueueRow]:
    """Rows ``offset`` .. ``offset + limit`` of the filtered queue in the given order.

    The page's case ids are chosen on ``case_results`` alone; ``cases`` (names,
    ID numbers) and ``case_reviews`` are joined for those ids only. ``matching``
    is the filter's count when the caller has it; it decides the plan of a
    walkable sort (``needs_count``), and is counted here when that needs it.
    """
    reviewed = _few_reviewed(db, f) if sort.key != "status" else None
    if sort.key == "status":
        pks = _page_by_status(db, f, sort, offset, limit)
    elif reviewed is not None:
        rest = _page(db, f.with_changes(statuses=()), sort, 0, offset + limit + len(reviewed), None)
        pks = [pk for pk in rest if pk not in reviewed][offset:offset + limit]
    else:
        pks = _page(db, f, sort, offset, limit, matching)
    return rows_for(db, pks, show_personal=show_personal)


def needs_count(sort: QueueSort) -> bool:
    """Whether a page in this order is planned on the filter's count (only a walkable sort is)."""
    return sort.key in WALKABLE_SORTS


def _page(db: Database, f: CaseFilter, sort: QueueSort, offset: int, limit: int,
          matching: int | None) -> list[int]:
    column = SORT_COLUMNS.get(sort.key, "r.cost_ratio")
    direction = "DESC" if sort.descending else "ASC"
    order = f"{column} {direction}, r.case_pk {direction}"  # the primary key breaks ties: no overlaps or gaps
    if needs_count(sort) and (count_cases(db, f) if matching is None else matching) >= SORT_IN_MEMORY_BELOW:
        # Many rows match: walk the sort column's index (filter terms written +r.col so SQLite
        # cannot prefer their indexes) and stop after the page.
        where, params = where_clause(f, use_indexes=False)
        sql = f"SELECT r.case_pk FROM case_results r WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        key = (f, sort)
        if key not in _plans:
            first_page = _probe_walk(db, sql, params, limit)
            _remember(key, "sort" if first_page is None else "walk")
            if first_page is not None and offset == 0:
                return first_page
        if _plans[key] == "walk":
            return [r[0] for r in db.conn.execute(sql, [*params, int(limit), int(offset)])]
    # Few rows match (or the walk is slow for this filter): find them by index, then sort them.
    where, params = where_clause(f)
    split = split_point(db, f, offset + limit)
    if split is not None:
        return _page_in_halves(db, split, where, params, column, sort.descending, offset, limit)
    sql = f"SELECT r.case_pk FROM case_results r WHERE {where} ORDER BY +{order} LIMIT ? OFFSET ?"
    return [r[0] for r in db.conn.execute(sql, [*params, int(limit), int(offset)])]


# A sort over all periods reads every row of the table (a million cases: 0.25 s). From
# SPLIT_FROM cases on, the cases below and from a split case id are sorted side by side, one
# half on a connection of its own in a second thread (SQLite lets go of the GIL while it scans,
# so two cores do it in about half the time), and the two ordered halves are merged. Each half
# returns offset + limit rows, so this is for the pages near the top, where a reviewer looks;
# a deeper page is sorted in one piece.
SPLIT_FROM = 200_000
SPLIT_DEPTH = 5_000
_SPLITTER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="queue-sort")


def split_point(db: Database, f: CaseFilter, depth: int) -> int | None:
    """The case id that starts the second half, or None when the page is better sorted in one
    piece: one period chosen (a range of the table), a search (read by the id indexes), a deep
    page, a small store, or a database another connection cannot see."""
    if f.period or f.search.strip() or depth > SPLIT_DEPTH or database_file(db) is None:
        return None
    # The ids' middle only balances the halves (results are nearly one per id); `case_pk < split`
    # and `case_pk >= split` cover every row whatever it is.
    # Two subqueries: SQLite answers a lone MIN or MAX of the rowid from the b-tree's ends, but
    # scans the table for both in one SELECT.
    low, high = db.execute("SELECT (SELECT MIN(case_pk) FROM case_results),"
                           " (SELECT MAX(case_pk) FROM case_results)").fetchone()
    if low is None or high - low + 1 < SPLIT_FROM:
        return None
    return (low + high + 1) // 2


def _sort_key(row: tuple):
    """(value, case_pk) in SQLite's order: NULL before any value."""
    return (row[0] is not None, row[0], row[1])


def _half_query(column: str, descending: bool, where: str) -> str:
    direction = "DESC" if descending else "ASC"
    return (f"SELECT {column}, r.case_pk FROM case_results r WHERE {{half}} AND {where}"
            f" ORDER BY +{column} {direction}, r.case_pk {direction} LIMIT ?")


_HALVES = ("r.case_pk < ?", "r.case_pk >= ?")


def in_halves(db: Database, work) -> tuple:
    """``work(conn, half)`` for the first half here and the second on its own connection in the
    splitter thread, side by side; returns both results."""
    other = _SPLITTER.submit(on_own_connection, database_file(db), work, _HALVES[1])
    try:
        first = work(db.conn, _HALVES[0])
    finally:
        second = other.result()
    return first, second


def _merged(first: list[tuple], second: list[tuple], descending: bool, offset: int, limit: int) -> list[int]:
    merged = heapq.merge(first, second, key=_sort_key, reverse=descending)
    return [pk for _, pk in itertools.islice(merged, offset, offset + limit)]


def _page_in_halves(db: Database, split: int, where: str, params: list, column: str, descending: bool,
                    offset: int, limit: int) -> list[int]:
    sql = _half_query(column, descending, where)
    first, second = in_halves(db, lambda conn, half: conn.execute(
        sql.format(half=half), [split, *params, int(offset + limit)]).fetchall())
    return _merged(first, second, descending, offset, limit)


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
        counting = _SPLITTER.submit(on_own_connection, path, count_cases, f)
        try:
            first = fetch_page(db, f, sort, 0, limit, show_personal=show_personal)
        finally:
            count = counting.result()
        return count, first
    reviewed = _few_reviewed(db, f)
    rest = f.with_changes(statuses=()) if reviewed is not None else f
    where, params = where_clause(rest)
    column = SORT_COLUMNS.get(sort.key, "r.cost_ratio")
    sql = _half_query(column, sort.descending, where)
    top = limit + len(reviewed or ())

    stored = _stored_count(db, rest)

    def work(conn: sqlite3.Connection, half: str) -> tuple[int, list[tuple]]:
        n = 0 if stored is not None else conn.execute(
            f"SELECT COUNT(*) FROM case_results r WHERE {half} AND {where}", [split, *params]).fetchone()[0]
        rows = conn.execute(sql.format(half=half), [split, *params, int(top)]).fetchall() if n or stored else []
        return n, rows

    (n1, rows1), (n2, rows2) = in_halves(db, work)
    total = stored if stored is not None else n1 + n2
    if reviewed is None:
        return total, rows_for(db, _merged(rows1, rows2, sort.descending, 0, limit), show_personal=show_personal)
    pks = [pk for pk in _merged(rows1, rows2, sort.descending, 0, top) if pk not in reviewed][:limit]
    return total - _count_reviewed(db, rest), rows_for(db, pks, show_personal=show_personal)


def _probe_walk(db: Database, sql: str, params: list, limit: int) -> list[int] | None:
    """The first page by walking the index, or None when that takes longer than the budget.

    A filter correlated with the order (LOW cases sit at the bottom of a ratio-
    descending walk) makes the walk long even for one page; the first page decides
    the plan for the filter and order, so a deep page never changes it.
    """
    deadline = time.perf_counter() + WALK_BUDGET_SECONDS
    db.conn.set_progress_handler(lambda: int(time.perf_counter() > deadline), WALK_CHECK_EVERY)
    try:
        return [r[0] for r in db.conn.execute(sql, [*params, int(limit), 0])]
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        return None
    finally:
        db.conn.set_progress_handler(None, 0)


def _remember(key: tuple, plan: str) -> None:
    if len(_plans) > 256:
        _plans.clear()
    _plans[key] = plan


def _page_by_status(db: Database, f: CaseFilter, sort: QueueSort, offset: int, limit: int) -> list[int]:
    """Sorting by review status without sorting the whole queue.

    Reviewed cases are few (case_reviews is small) and unreviewed ones have no
    status (NULL sorts first ascending): the queue is the unreviewed cases in id
    order followed by the reviewed ones by status, or the reverse descending.
    """
    where, params = where_clause(f)
    direction = "DESC" if sort.descending else "ASC"
    reviewed_sql = (f"SELECT r.case_pk FROM case_results r JOIN case_reviews v ON v.case_pk = r.case_pk"
                    f" WHERE {where} ORDER BY v.status {direction}, r.case_pk {direction} LIMIT ? OFFSET ?")
    unreviewed_sql = (f"SELECT r.case_pk FROM case_results r WHERE {where}"
                      f" AND r.case_pk NOT IN (SELECT case_pk FROM case_reviews)"
                      f" ORDER BY r.case_pk {direction} LIMIT ? OFFSET ?")
    first, second = (reviewed_sql, unreviewed_sql) if sort.descending else (unreviewed_sql, reviewed_sql)
    if sort.descending:
        first_count = db.execute(f"SELECT COUNT(*) FROM case_results r JOIN case_reviews v"
                                 f" ON v.case_pk = r.case_pk WHERE {where}", params).fetchone()[0]
    else:
        first_count = db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where}"
                                 f" AND r.case_pk NOT IN (SELECT case_pk FROM case_reviews)", params).fetchone()[0]
    pks: list[int] = []
    if offset < first_count:
        pks = [r[0] for r in db.execute(first, [*params, int(limit), int(offset)])]
    if len(pks) < limit:
        pks += [r[0] for r in db.execute(second, [*params, int(limit - len(pks)),
                                                  int(max(0, offset - first_count))])]
    return pks


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


def position_of(db: Database, f: CaseFilter, sort: QueueSort, case_pk: int) -> int | None:
    """The row index of a case in the filtered, sorted queue, or None when it is filtered out."""
    where, params = where_clause(f)
    row = db.execute(f"SELECT r.{SORT_COLUMNS.get(sort.key, 'r.cost_ratio').split('.')[1]} "
                     f"FROM case_results r WHERE r.case_pk = ? AND {where}", [case_pk, *params]).fetchone()
    if row is None:
        return None
    column = SORT_COLUMNS.get(sort.key, "r.cost_ratio")
    if sort.key == "status":
        return None  # status lives in another table; callers fall back to scanning pages
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
    n = db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where} AND {cond}",
                   [*params, *cond_params]).fetchone()[0]
    return n


def _present(db: Database, kind: str, period: str) -> list[str]:
    """Hospital or DRG codes present in the period's cases (all periods when empty), in order.
    The recompute keeps them in ``period_codes`` (a DISTINCT over a million-case period takes
    0.5 s; this, a few hundred rows)."""
    scope, params = ("period = ? AND", [period]) if period else ("", [])
    return [v for (v,) in db.execute(f"SELECT DISTINCT code FROM period_codes WHERE {scope} kind = ?"
                                     " ORDER BY code", [*params, kind])]


def _names_in_cases(db: Database, codes: list[str]) -> dict[str, str]:
    """A name the settlement lists gave each hospital code: one pass over the cases (no index leads
    with the hospital code, see migration 11), stopping early once every code has one."""
    wanted, found = set(codes), {}
    for code, name in db.execute("SELECT hospital_code, hospital_name FROM cases WHERE hospital_name > ''"):
        if code in wanted and code not in found:
            found[code] = name
            if len(found) == len(wanted):
                break
    return found


def filter_choices(db: Database, period: str = "") -> dict[str, list[tuple[str, str]]]:
    """Values the filter bar offers: hospitals and DRGs (code, name) present, review statuses."""
    names = {row[0]: row[1] for row in db.execute("SELECT hospital_code, hospital_name FROM current_hospitals")}
    codes = _present(db, "hospital", period)
    missing = [code for code in codes if not names.get(code)]
    if missing:  # no hospital table loaded (or codes it lacks): the names the settlement lists carried
        names.update(_names_in_cases(db, missing))
    hospitals = [(code, names.get(code) or "") for code in codes]
    drg_names = {row[0]: row[1] for row in db.execute("SELECT drg_code, drg_name FROM current_drg_groups")}
    statuses = [row[0] for row in db.execute("SELECT DISTINCT status FROM case_reviews ORDER BY 1")]
    return {
        "hospitals": hospitals,
        "drgs": [(code, drg_names.get(code) or "") for code in _present(db, "drg", period)],
        "statuses": statuses,
    }
