"""Reading imported batches: the list, their periods and how many cases they hold."""
from __future__ import annotations

from sqlite_utils import Database


def list_batches(db: Database) -> list[dict]:
    return list(db.query(
        "SELECT id, file_name, period, imported_at, imported_by, encoding, rows_read, rows_imported,"
        " rows_quarantined, rows_already_imported, file_sha256 FROM batches ORDER BY id"))


def quarantined_rows(db: Database, batch_id: int, limit: int | None = None) -> list[dict]:
    sql = ("SELECT source_row, reason_code, column, reason, reason_en, raw FROM quarantine"
           " WHERE batch_id = ? ORDER BY source_row")
    params: list = [batch_id]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return list(db.query(sql, params))


def periods(db: Database) -> list[str]:
    """The settlement periods imported, latest first."""
    return [r[0] for r in db.execute("SELECT DISTINCT period FROM batches ORDER BY period DESC")]


def imported_case_count(db: Database, period: str = "") -> int:
    """Cases of a period (all periods when empty). Summed from the batches (a batch records how
    many cases it wrote, in the same transaction): instant, where COUNT(*) over a million is not."""
    sql = "SELECT COALESCE(SUM(rows_imported), 0) FROM batches"
    if period:
        return db.execute(sql + " WHERE period = ?", [period]).fetchone()[0]
    return db.execute(sql).fetchone()[0]


def import_profile_names(db: Database) -> list[str]:
    """The saved column mappings' names, for the import dialog's choice."""
    return [name for (name,) in db.execute("SELECT name FROM import_profiles ORDER BY name")]
