"""Where a period's cases are in the ``cases`` table: the id ranges of its batches.

The importer is the only writer and appends a batch's cases in one transaction,
so they have one unbroken run of ids, which the batch records
(``first_case_pk`` .. ``last_case_pk``; an empty batch records an empty range).
Reading a period by those ranges is a range of the table itself: no index to
build at import, no random lookups at read. A batch that does not record its
range (cases put in by other means) makes the period fall back to testing
every row's period. Queries always test the period too, so a range only
narrows what is read; it can never add a case.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (not imported at run time: it imports pandas, slow to start the read helper)
    from sqlite_utils import Database

Range = tuple[int, int]


def period_ranges(db: Database, period: str) -> list[Range] | None:
    """The id ranges holding ``period``'s cases, adjacent ones merged, in order; None when not known."""
    rows = db.execute("SELECT first_case_pk, last_case_pk FROM batches WHERE period = ?"
                      " ORDER BY first_case_pk", [period]).fetchall()
    if any(first is None or last is None for first, last in rows):
        return None
    merged: list[list[int]] = []
    for first, last in rows:
        if last < first:
            continue  # a batch that imported no case
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(first, last) for first, last in merged]


def periods_with_cases(db: Database) -> list[str]:
    """Every period that has (or, for a batch without a recorded range, may have) cases, in order."""
    return [row[0] for row in db.execute(
        "SELECT DISTINCT period FROM batches WHERE first_case_pk IS NULL OR last_case_pk IS NULL"
        " OR last_case_pk >= first_case_pk ORDER BY period")]


# The lowest or highest case id of a period's batches; unknown (any id) when a batch of the
# period does not record its range; NULL (no case) when none of them holds a case.
_SPAN = ("(SELECT CASE WHEN COUNT(*) > COUNT(first_case_pk + last_case_pk) THEN {unknown}"
         " ELSE {agg}(CASE WHEN last_case_pk >= first_case_pk THEN {column} END) END"
         " FROM batches WHERE period = ?)")
_LOW = _SPAN.format(unknown=0, agg="MIN", column="first_case_pk")
_HIGH = _SPAN.format(unknown=2**63 - 1, agg="MAX", column="last_case_pk")


def period_term(period: str, alias: str = "") -> tuple[str, list]:
    """An SQL condition keeping the case_results rows of ``period``, and its parameters. Besides
    the period itself it bounds case_pk (the rowid) by the span of the period's batches - the SQL
    form of ``period_ranges`` - so SQLite reads that range of the table (a period of a big store,
    without an index on the period) instead of testing every row."""
    prefix = f"{alias}." if alias else ""
    return (f"{prefix}case_pk BETWEEN {_LOW} AND {_HIGH} AND {prefix}period = ?",
            [period, period, period])
