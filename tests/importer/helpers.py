"""Building settlement-batch files for the importer tests (in tmp_path, never committed)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from workstation.domain.fields import FIELDS_BY_KEY

# A valid case, by canonical key, as a hospital export would write it.
GOOD = {
    "case_id": "ZY001", "hospital_code": "H001", "hospital_name": "第一医院", "hospital_level": "三级",
    "patient_id": "P001", "patient_name": "张三", "sex": "1", "age": "45",
    "admit_date": "2024-03-01", "discharge_date": "2024-03-05", "discharge_mode": "1",
    "main_dx": "I21.000", "other_dx": "I10.x00;E11.900", "drg_code": "FM19",
    "total_cost": "12345.60", "fee_bed": "100.00",
}


def case(n: int = 1, **changes: str) -> dict[str, str]:
    row = dict(GOOD, case_id=f"ZY{n:05d}", patient_id=f"P{n:05d}")
    row.update(changes)
    return row


def table_text(rows: list[dict[str, str]], *, headers: list[str] | None = None, chinese: bool = True,
               delimiter: str = ",", title_rows: list[str] = ()) -> str:
    keys = headers or list(rows[0].keys())
    shown = [FIELDS_BY_KEY[k].zh if chinese and k in FIELDS_BY_KEY else k for k in keys]
    out = io.StringIO()
    for title in title_rows:
        out.write(title + "\n")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(shown)
    for row in rows:
        writer.writerow([row.get(k, "") for k in keys])
    return out.getvalue()


def write_batch(path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8", **options) -> Path:
    path.write_bytes(table_text(rows, **options).encode(encoding))
    return path
