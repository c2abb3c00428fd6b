"""What the queue's filter bar offers: the hospitals and DRGs present in a period, and the
review statuses in use."""
from __future__ import annotations

from typing import TypedDict

from sqlite_utils import Database


class FilterChoices(TypedDict):
    hospitals: list[tuple[str, str]]  # (code, name)
    drgs: list[tuple[str, str]]  # (code, name)
    statuses: list[str]


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


def filter_choices(db: Database, period: str = "") -> FilterChoices:
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
