"""Which plan reads a page in a walkable order, remembered per database, filter and sort.

Only case_id has an index of its own on case_results; when many rows match, walking it
and stopping after the page beats sorting them all, unless the filter is correlated with
the order (LOW cases sit at the bottom of a ratio-descending walk) and the walk runs long.
The first page decides, within a time budget, and later pages follow that decision.
"""
from __future__ import annotations

import sqlite3
import time

from sqlite_utils import Database

from workstation.services.queue.counts import count_cases
from workstation.services.queue.filter import SORT_COLUMNS, CaseFilter, QueueSort, where_clause
from workstation.store.db import database_file

WALKABLE_SORTS = {"case_id"}
# Below this many matching rows, sorting them is cheaper than walking the sort index.
SORT_IN_MEMORY_BELOW = 20_000
# How long walking the sort index may take before the filter-first plan is used instead.
WALK_BUDGET_SECONDS = 0.06
WALK_CHECK_EVERY = 2_000  # SQLite VM steps between looks at the clock


class PlanCache:
    """(database, filter, sort) -> "walk" | "sort", bounded. The database is part of the key:
    a plan found on one file (a filter that walks fast there) says nothing about another."""

    LIMIT = 256

    def __init__(self) -> None:
        self._plans: dict[tuple, str] = {}

    @staticmethod
    def key(db: Database, f: CaseFilter, sort: QueueSort) -> tuple:
        # An in-memory database has no file: its connection stands for it while it is open.
        return (database_file(db) or f"memory:{id(db.conn)}", f, sort)

    def get(self, key: tuple) -> str | None:
        return self._plans.get(key)

    def remember(self, key: tuple, plan: str) -> None:
        if len(self._plans) > self.LIMIT:
            self._plans.clear()
        self._plans[key] = plan

    def plans(self) -> set[str]:
        return set(self._plans.values())

    def clear(self) -> None:
        self._plans.clear()


PLANS = PlanCache()


def needs_count(sort: QueueSort) -> bool:
    """Whether a page in this order is planned on the filter's count (only a walkable sort is)."""
    return sort.key in WALKABLE_SORTS


def walked_page(db: Database, f: CaseFilter, sort: QueueSort, offset: int, limit: int,
                matching: int | None) -> list[int] | None:
    """The page's case ids by walking the sort column's index, or None when the filter-first
    plan (find the rows, then sort them) is the one to use for this filter and order."""
    if not needs_count(sort) or (count_cases(db, f) if matching is None else matching) < SORT_IN_MEMORY_BELOW:
        return None
    column = SORT_COLUMNS[sort.key]
    direction = "DESC" if sort.descending else "ASC"
    # Filter terms written +r.col so SQLite cannot prefer their indexes over the sort column's.
    where, params = where_clause(f, use_indexes=False)
    sql = (f"SELECT r.case_pk FROM case_results r WHERE {where}"
           f" ORDER BY {column} {direction}, r.case_pk {direction} LIMIT ? OFFSET ?")
    key = PlanCache.key(db, f, sort)
    if PLANS.get(key) is None:
        first_page = _probe_walk(db, sql, params, limit)
        PLANS.remember(key, "sort" if first_page is None else "walk")
        if first_page is not None and offset == 0:
            return first_page
    if PLANS.get(key) == "walk":
        return [r[0] for r in db.conn.execute(sql, [*params, int(limit), int(offset)])]
    return None


def _probe_walk(db: Database, sql: str, params: list, limit: int) -> list[int] | None:
    """The first page by walking the index, or None when that takes longer than the budget."""
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
