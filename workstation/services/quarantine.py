"""A batch's quarantine: its rows a page at a time, its reasons counted, and written to CSV.

The CSV file is UTF-8 with a BOM so Excel and WPS open it in Chinese. Each row
carries its spreadsheet row number, the reason in both languages and the raw
values exactly as read, so the hospital can correct and resend them — except
the personal columns (name, ID number), masked unless asked for: the row number
and case id already identify the row to the hospital.
"""
from __future__ import annotations

import csv
import json
import os

from sqlite_utils import Database

from workstation.domain.export_cells import csv_row
from workstation.domain.fields import PERSONAL_KEYS, canonical_key
from workstation.domain.masking import mask_id, mask_name
from workstation.store.output_paths import atomic_output

FIXED_HEADERS = ["行号 row", "原因代码 reason_code", "列 column", "原因", "reason"]


def masked(key: str | None, value: object) -> object:
    """A value of canonical field ``key``, masked when the field is personal data."""
    if key not in PERSONAL_KEYS or not value:
        return value
    return mask_name(str(value)) if key == "patient_name" else mask_id(str(value))


def raw_values(text: str | None, *, show_personal: bool = False) -> dict:
    """The quarantined row's values by source header, personal ones masked unless shown."""
    try:
        values = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {"raw": text}
    if not isinstance(values, dict):
        return {"raw": values}
    if not show_personal:
        values = {header: masked(canonical_key(header), value) for header, value in values.items()}
    return values


def export_quarantine_csv(db: Database, batch_id: int, path: str | os.PathLike, *,
                          show_personal: bool = False) -> int:
    """Write the batch's quarantine to ``path``; returns the number of rows written."""
    sql = ("SELECT source_row, reason_code, column, reason, reason_en, raw FROM quarantine"
           " WHERE batch_id = ? ORDER BY source_row, id")
    raw_headers: dict[str, None] = {}  # ordered set: the source file's column order
    for (raw,) in db.execute("SELECT raw FROM quarantine WHERE batch_id = ? ORDER BY source_row, id", [batch_id]):
        raw_headers.update(dict.fromkeys(raw_values(raw)))
    count = 0
    with atomic_output(path, db) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(csv_row(FIXED_HEADERS + list(raw_headers)))
        for row in db.query(sql, [batch_id]):
            raw = raw_values(row["raw"], show_personal=show_personal)
            # The raw cells come from the hospital's file: one that looks like a formula goes as text.
            writer.writerow(csv_row([row["source_row"], row["reason_code"], row["column"] or "", row["reason"],
                                     row["reason_en"] or ""] + ["" if raw.get(h) is None else raw.get(h)
                                                                for h in raw_headers]))
            count += 1
    return count


def quarantine_count(db: Database, batch_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM quarantine WHERE batch_id = ?", [batch_id]).fetchone()[0]


def quarantine_page(db: Database, batch_id: int, offset: int, limit: int) -> list[dict]:
    """Rows ``offset`` .. ``offset + limit`` of the batch's quarantine, in the file's row order."""
    return list(db.query("SELECT source_row, reason_code, column, reason, reason_en, raw FROM quarantine"
                         " WHERE batch_id = ? ORDER BY source_row, id LIMIT ? OFFSET ?",
                         [batch_id, int(limit), int(offset)]))


def reason_counts(db: Database, batch_id: int) -> list[tuple[str, int]]:
    """(reason code, rows) of the batch's quarantine, the commonest first."""
    return [tuple(r) for r in db.execute(
        "SELECT reason_code, COUNT(*) FROM quarantine WHERE batch_id = ? GROUP BY reason_code"
        " ORDER BY COUNT(*) DESC", [batch_id]).fetchall()]
