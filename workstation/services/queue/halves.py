"""Sorting or summing all periods in two halves side by side, one on a connection of its own.

SQLite lets go of the GIL while it scans, so on two cores two scans of half the table take
about as long as one of them; the two ordered halves are merged (``merged``).
"""
from __future__ import annotations

import heapq
import itertools
from concurrent.futures import Future, ThreadPoolExecutor

from sqlite_utils import Database

from workstation.services.queue.filter import CaseFilter
from workstation.store.db import database_file, open_reader


def on_own_connection(path: str, work, *args):
    """``work(conn, *args)`` on a reading connection of its own, for a caller that reads in another
    thread while it reads on its usual connection: SQLite lets go of the GIL while it scans, so on
    two cores two scans take about as long as the longer one."""
    conn = open_reader(path)
    try:
        return work(conn, *args)
    finally:
        conn.close()


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


def half_query(column: str, descending: bool, where: str) -> str:
    direction = "DESC" if descending else "ASC"
    return (f"SELECT {column}, r.case_pk FROM case_results r WHERE {{half}} AND {where}"
            f" ORDER BY +{column} {direction}, r.case_pk {direction} LIMIT ?")


_HALVES = ("r.case_pk < ?", "r.case_pk >= ?")


def beside(path: str, work, *args) -> Future:
    """``work(conn, *args)`` started on its own connection in the splitter thread."""
    return _SPLITTER.submit(on_own_connection, path, work, *args)


def in_halves(db: Database, work) -> tuple:
    """``work(conn, half)`` for the first half here and the second on its own connection in the
    splitter thread, side by side; returns both results."""
    path = database_file(db)
    assert path is not None, "halves are read side by side only from a committed file"
    other = beside(path, work, _HALVES[1])
    try:
        first = work(db.conn, _HALVES[0])
    finally:
        second = other.result()
    return first, second


def merged(first: list[tuple], second: list[tuple], descending: bool, offset: int, limit: int) -> list[int]:
    both = heapq.merge(first, second, key=_sort_key, reverse=descending)
    return [pk for _, pk in itertools.islice(both, offset, offset + limit)]


def page_in_halves(db: Database, split: int, where: str, params: list, column: str, descending: bool,
                   offset: int, limit: int) -> list[int]:
    sql = half_query(column, descending, where)
    first, second = in_halves(db, lambda conn, half: conn.execute(
        sql.format(half=half), [split, *params, int(offset + limit)]).fetchall())
    return merged(first, second, descending, offset, limit)
