"""The reference data in force, as the GUI shows it: the DRG group table, the hospitals and
the version of each that is current."""
from __future__ import annotations

from sqlite_utils import Database


def current_groups(db: Database) -> list[dict]:
    return list(db.query("SELECT * FROM current_drg_groups ORDER BY drg_code"))


def current_hospitals(db: Database) -> list[dict]:
    return list(db.query("SELECT * FROM current_hospitals ORDER BY hospital_code"))


def hospital_names(db: Database) -> dict[str, str]:
    """Each hospital code's name in the hospital table in force (lists show it beside the code)."""
    return {code: name or "" for code, name in db.execute("SELECT hospital_code, hospital_name FROM current_hospitals")}


def current_version(db: Database, kind: str) -> dict | None:
    """The loaded version of a reference table ("groups" or "hospitals"), or None before any."""
    return next(db.query(
        "SELECT id, source, label, loaded_at, loaded_by, rows, rows_rejected FROM reference_versions"
        " WHERE kind = ? AND is_current = 1 ORDER BY id DESC LIMIT 1", [kind]), None)
