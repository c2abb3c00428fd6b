"""Reading imported batches and their quarantine."""
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
