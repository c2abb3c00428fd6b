"""The queue in review-status order, without sorting the whole queue.

Reviewed cases are few (case_reviews is small) and an unreviewed case has no status
(NULL sorts first ascending): the queue is the unreviewed cases in id order followed by
the reviewed ones by status, or the reverse descending. Pages and positions both follow
that shape, so neither sorts a million rows.
"""
from __future__ import annotations

from sqlite_utils import Database

from workstation.services.queue.filter import CaseFilter, QueueSort, where_clause

_REVIEWED_FROM = "FROM case_results r JOIN case_reviews v ON v.case_pk = r.case_pk"
_UNREVIEWED = "r.case_pk NOT IN (SELECT case_pk FROM case_reviews)"


def _count_reviewed(db: Database, where: str, params: list, extra: str = "1", extra_params=()) -> int:
    return db.execute(f"SELECT COUNT(*) {_REVIEWED_FROM} WHERE {where} AND {extra}",
                      [*params, *extra_params]).fetchone()[0]


def _count_unreviewed(db: Database, where: str, params: list, extra: str = "1", extra_params=()) -> int:
    return db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where} AND {_UNREVIEWED} AND {extra}",
                      [*params, *extra_params]).fetchone()[0]


def page_by_status(db: Database, f: CaseFilter, sort: QueueSort, offset: int, limit: int) -> list[int]:
    """Case ids ``offset`` .. ``offset + limit`` of the queue in review-status order."""
    where, params = where_clause(f)
    direction = "DESC" if sort.descending else "ASC"
    reviewed_sql = (f"SELECT r.case_pk {_REVIEWED_FROM}"
                    f" WHERE {where} ORDER BY v.status {direction}, r.case_pk {direction} LIMIT ? OFFSET ?")
    unreviewed_sql = (f"SELECT r.case_pk FROM case_results r WHERE {where} AND {_UNREVIEWED}"
                      f" ORDER BY r.case_pk {direction} LIMIT ? OFFSET ?")
    if sort.descending:
        first, second = reviewed_sql, unreviewed_sql
        first_count = _count_reviewed(db, where, params)
    else:
        first, second = unreviewed_sql, reviewed_sql
        first_count = _count_unreviewed(db, where, params)
    pks: list[int] = []
    if offset < first_count:
        pks = [r[0] for r in db.execute(first, [*params, int(limit), int(offset)])]
    if len(pks) < limit:
        pks += [r[0] for r in db.execute(second, [*params, int(limit - len(pks)),
                                                  int(max(0, offset - first_count))])]
    return pks


def position_by_status(db: Database, f: CaseFilter, sort: QueueSort, case_pk: int) -> int | None:
    """The row of a case in the queue in review-status order, or None when it is filtered out."""
    where, params = where_clause(f)
    if db.execute(f"SELECT 1 FROM case_results r WHERE r.case_pk = ? AND {where}",
                  [case_pk, *params]).fetchone() is None:
        return None
    review = db.execute("SELECT status FROM case_reviews WHERE case_pk = ?", [case_pk]).fetchone()
    before = ">" if sort.descending else "<"
    if review is None:
        unreviewed_before = _count_unreviewed(db, where, params, f"r.case_pk {before} ?", [case_pk])
        return unreviewed_before + (_count_reviewed(db, where, params) if sort.descending else 0)
    status = review[0]
    reviewed_before = _count_reviewed(db, where, params,
                                      f"(v.status {before} ? OR (v.status = ? AND r.case_pk {before} ?))",
                                      [status, status, case_pk])
    return reviewed_before + (0 if sort.descending else _count_unreviewed(db, where, params))
