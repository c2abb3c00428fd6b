"""docs/scale.md's roll-up, read from the page, runs with DuckDB on three desks' packages."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import duckdb

DOC = Path(__file__).resolve().parents[2] / "docs" / "scale.md"


def rollup_sql() -> str:
    return re.search(r"```sql\n(WITH latest.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)[1]


def test_the_rollup_runs_on_three_packages(desk, cli, tmp_path):
    parts = tmp_path / "parts"
    conn = sqlite3.connect(desk)
    ids = [r[0] for r in conn.execute("SELECT id FROM applications ORDER BY id")]
    signed = conn.execute("SELECT COUNT(DISTINCT application_id) FROM decisions WHERE signed_at IS NOT NULL").fetchone()[0]
    conn.close()
    # Three packages: two halves of the desk's applications, and one overlapping both (an exchange).
    thirds = [ids[: len(ids) // 2], ids[len(ids) // 2:], ids[::3]]
    for n, chosen in enumerate(thirds):
        package = tmp_path / f"desk{n}.drgpkg"
        status, _, err = cli("--db", str(desk), "--user", "li", "package", "export", "--applications",
                             ",".join(map(str, chosen)), "--out", str(package))
        assert status == 0, err
        assert cli("package", "unpack", str(package), "--to", str(parts / f"desk{n}"))[0] == 0
    db = duckdb.connect()
    for table in ("applications", "decisions", "cases"):
        db.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{parts.as_posix()}/*/{table}.parquet',"
                   " union_by_name = true)")
    rows = db.execute(rollup_sql()).fetchall()
    columns = [d[0] for d in db.description]
    totals = {c: sum(r[columns.index(c)] for r in rows) for c in ("applications", "decided", "refused")}
    assert totals["applications"] == len(ids)  # each application once, though exported twice
    assert totals["decided"] == signed
    assert totals["refused"] == 1
    assert all(isinstance(r[columns.index("decided_payment_fen")], int) for r in rows)
