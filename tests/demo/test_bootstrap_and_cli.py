"""First start with a demo database, and the `demo` command end to end."""
from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import run_cli
from workstation.demo.bootstrap import create_demo_database
from workstation.domain.jobs import Cancelled, JobControl


def test_demo_database_holds_a_loaded_month(tmp_path):
    seen = []
    path = create_demo_database(tmp_path / "demo.db", cases=1500, seed=2, with_workflow=False,
                                control=JobControl(on_progress=lambda f, m: seen.append(f)))
    # (operations.import_file reports the import and then the recomputation on one
    # control, so progress is not monotonic inside the import's share.)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and all(0.0 <= f <= 1.0 for f in seen)
    with sqlite3.connect(path) as conn:
        read, imported, quarantined = conn.execute(
            "SELECT rows_read, rows_imported, rows_quarantined FROM batches").fetchone()
        assert read == 1500 and imported + quarantined == read and 0.01 * read < quarantined < 0.06 * read
        assert conn.execute("SELECT count(*) FROM current_drg_groups").fetchone()[0] == 634
        assert conn.execute("SELECT count(*) FROM current_hospitals").fetchone()[0] >= 24
        assert conn.execute("SELECT count(*) FROM case_results").fetchone()[0] == imported
        flags = {row[0] for row in conn.execute("SELECT flag_codes FROM case_results_full")}
        found = {code for text in flags for code in (text or "").split(";")}
        assert {"HIGH", "LOW", "INCOMPLETE", "UNGROUPED"} <= found
        actions = [row[0] for row in conn.execute("SELECT action FROM audit_log ORDER BY id")]
        assert actions.index("groups.load") < actions.index("hospitals.load") < actions.index("batch.import")
        assert {row[0] for row in conn.execute("SELECT DISTINCT actor FROM audit_log")} == {"demo"}


def test_cancelled_demo_stops(tmp_path):
    with pytest.raises(Cancelled):
        create_demo_database(tmp_path / "demo.db", cases=200,
                             control=JobControl(is_cancelled=lambda: True))


def test_demo_command_writes_files_and_next_steps_work(tmp_path):
    out, db = tmp_path / "out", tmp_path / "w.db"
    done = run_cli("demo", str(out), "--cases", "400", "--seed", "5", "--encoding", "utf-8")
    assert done.returncode == 0, done.stderr
    batch = out / "demo-settlement-202403.csv"
    for path in (batch, out / "demo-drg-groups.csv", out / "demo-hospitals.csv"):
        assert str(path) in done.stdout and path.exists()
    assert "python main.py groups" in done.stdout and "python main.py import" in done.stdout
    assert batch.read_bytes()[:8] == "就诊ID".encode()
    for args in (("groups", str(out / "demo-drg-groups.csv")), ("hospitals", str(out / "demo-hospitals.csv")),
                 ("import", str(batch), "--period", "2024-03")):
        step = run_cli(*args, "--db", str(db))
        assert step.returncode == 0, step.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT rows_read FROM batches").fetchone() == (400,)
    applications = out / "demo-applications-202403.csv"
    assert str(applications) in done.stdout and "python main.py applications import" in done.stdout
    step = run_cli("applications", "import", str(applications), "--db", str(db))
    assert step.returncode == 0, step.stderr
    assert "+ 隔离 6 行" in step.stdout and "接收 0 件" not in step.stdout


def test_demo_command_refuses_bad_encoding_plainly(tmp_path):
    done = run_cli("demo", str(tmp_path), "--encoding", "latin-1")
    assert done.returncode == 2 and "Traceback" not in done.stderr and "gb18030" in done.stderr


def test_demo_help():
    done = run_cli("demo", "--help")
    assert done.returncode == 0 and "演示数据" in done.stdout and "--seed" in done.stdout
    english = run_cli("--lang", "en", "demo", "--help")
    assert english.returncode == 0 and "demo month" in english.stdout and "--seed" in english.stdout
    assert "演示数据" not in english.stdout
