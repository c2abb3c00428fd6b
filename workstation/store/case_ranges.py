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
