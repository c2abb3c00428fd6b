"""Results follow their cases even when the recompute after an import did not run: a period's
generations say it is stale, and the next command brings it up to date (issue 18, point 1)."""
from __future__ import annotations

import sqlite3
import threading
import time

from tests.conftest import run_cli
from tests.importer.helpers import case, write_batch
from workstation.domain.jobs import JobControl
from workstation.engine.freshness import stale_periods
from workstation.importer.service import import_batch
from workstation.services import operations
from workstation.store.db import open_database


def results(db) -> int:
    return db.execute("SELECT COUNT(*) FROM case_results").fetchone()[0]


def test_an_import_whose_recompute_never_ran_is_brought_up_to_date_by_the_next_command(db_path, tmp_path):
    db = open_database(db_path)
    path = write_batch(tmp_path / "b.csv", [case(i) for i in range(1, 6)])
    import_batch(db, path, actor="t")  # committed; then "killed" before the recompute
    assert stale_periods(db) == ["2024-03"] and results(db) == 0
    db.close()
    again = run_cli("--db", str(db_path), "import", str(path))
    assert "已作为批次 #1 导入过" in again.stdout
    assert "结算期 2024-03 的结果不是最新的" in again.stderr and "Traceback" not in again.stderr
    db = open_database(db_path)
    assert stale_periods(db) == [] and results(db) == 5
    db.close()


def test_a_recompute_refused_by_another_writer_is_no_traceback_and_is_made_up_later(db_path, tmp_path,
                                                                                    monkeypatch):
    db = open_database(db_path)
    path = write_batch(tmp_path / "b.csv", [case(i) for i in range(1, 4)])

    def busy(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr(operations, "_recompute", busy)
        outcome = operations.import_file(db, path, actor="t")
    assert outcome.result.rows_imported == 3 and outcome.recomputed is None
    assert "本期结果稍后计算" in outcome.result.summary("zh")
    assert stale_periods(db) == ["2024-03"]
    refreshed = operations.refresh_stale_results(db, actor="t")
    assert refreshed.result == ["2024-03"] and stale_periods(db) == [] and results(db) == 3
    db.close()


def test_a_second_import_waits_its_turn_and_says_so(db_path, tmp_path):
    open_database(db_path).close()
    holder = sqlite3.connect(db_path, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Timer(1.5, holder.commit)
    released.start()
    said: list[str] = []
    db = open_database(db_path)
    try:
        outcome = operations.import_file(db, write_batch(tmp_path / "b.csv", [case(1)]), actor="t",
                                         control=JobControl(on_progress=lambda _f, message: said.append(message)))
    finally:
        released.join()
        holder.close()
    assert outcome.result.rows_imported == 1 and results(db) == 1
    assert any("等待其完成" in m or "waiting" in m for m in said)
    db.close()


def test_a_later_import_into_a_fresh_period_keeps_it_fresh(db_path, tmp_path):
    db = open_database(db_path)
    operations.import_file(db, write_batch(tmp_path / "a.csv", [case(1)]), actor="t")
    operations.import_file(db, write_batch(tmp_path / "b.csv", [case(2)]), actor="t")
    assert stale_periods(db) == [] and results(db) == 2
    started = time.perf_counter()
    assert operations.refresh_stale_results(db, actor="t") is None
    assert time.perf_counter() - started < 1
    db.close()
