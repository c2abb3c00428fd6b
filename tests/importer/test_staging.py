"""A big file's good rows reach the store through staging files written by the worker
(importer.staging): the store holds exactly what the row-by-row path writes."""
from __future__ import annotations

import os

import pytest

from tests.importer.helpers import case, write_batch
from tests.importer.test_worker import children_of_this_process, mixed_rows, small_chunks  # noqa: F401
from workstation.domain.jobs import Cancelled, JobControl
from workstation.importer import staging, worker
from workstation.importer.service import import_batch
from workstation.store.db import open_database, open_memory

pytestmark = pytest.mark.skipif(not staging.available() or not worker.CAN_PIPE_TO_CHILD,
                                reason="staging needs the ADBC driver and a worker process")


def everything(db) -> dict:
    """Every stored value with its Python type (1 and 1.0 compare equal; INTEGER and REAL differ)."""
    def typed(sql: str) -> list:
        return [tuple((type(v).__name__, v) for v in row) for row in db.execute(sql).fetchall()]
    return {"cases": typed("SELECT * FROM cases ORDER BY id"),
            "quarantine": typed("SELECT batch_id, source_row, reason_code, column, reason, reason_en, raw"
                                " FROM quarantine ORDER BY id"),
            "batches": typed("SELECT id, period, rows_read, rows_imported, rows_quarantined, rows_already_imported,"
                             " first_case_pk, last_case_pk FROM batches ORDER BY id")}


def varied_rows() -> list[dict[str, str]]:
    rows = mixed_rows()
    for i in range(100, 3000, 7):  # blanks where a value is optional: NULL in the store
        rows[i].update(fee_bed="", hospital_level="", hospital_name="", other_dx="")
    rows[60]["total_cost"] = "¥1,234.50"
    rows[2800]["discharge_date"] = "2024-04-02"  # a later month near the end: the period is corrected
    rows[2800]["admit_date"] = "2024-03-30"
    return rows


@pytest.fixture
def staged(monkeypatch):
    """Force the worker (and so staging) on small files; record the staging files copied."""
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 0)
    copied: list[int] = []
    real_copy = staging.Copier.copy
    monkeypatch.setattr(staging.Copier, "copy", lambda self, index: copied.append(index) or real_copy(self, index))
    return copied


def test_a_staged_batch_is_stored_exactly_as_row_by_row(tmp_path, small_chunks, staged):  # noqa: F811
    path = write_batch(tmp_path / "batch.csv", varied_rows(), headers=None)
    alone = open_memory()
    expected = import_batch(alone, path, actor="tester")
    db = open_database(tmp_path / "ws.db")
    result = import_batch(db, path, actor="tester")
    assert len(staged) > 1 and staged == sorted(set(staged)), "the rows did not come through several staging files"
    assert result.summary("en") == expected.summary("en")
    assert result.period == "2024-04"
    assert everything(db) == everything(alone)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # checked again after the import
    assert not list(tmp_path.glob("ws.db-staging-*")), "the staging folder was left behind"


def test_staged_cases_imported_before_are_quarantined_and_the_rest_stored(tmp_path, small_chunks, staged):  # noqa: F811
    first = write_batch(tmp_path / "a.csv", [case(i) for i in range(1, 1500)])
    second = write_batch(tmp_path / "b.csv", [case(i, 备注=f"{i}") for i in range(1000, 4000)] + [case(3999)])
    alone = open_memory()
    for path in (first, second):
        import_batch(alone, path, actor="tester")
    db = open_database(tmp_path / "ws.db")
    import_batch(db, first, actor="tester")
    staged.clear()
    again = import_batch(db, second, actor="tester")
    assert staged, "the second file was not staged"
    assert again.rows_already_imported == 500
    assert again.reasons == {"ALREADY_IMPORTED": 500, "DUPLICATE_IN_FILE": 1}
    assert everything(db) == everything(alone)
    ids = [r[0] for r in db.execute("SELECT id FROM cases WHERE batch_id = 2 ORDER BY source_row")]
    assert ids == list(range(1500, 1500 + 2500)), "the batch's cases are not one run of ids in file order"


def test_a_cancelled_staged_import_leaves_nothing_and_no_files(tmp_path, small_chunks, staged):  # noqa: F811
    db = open_database(tmp_path / "ws.db")
    path = write_batch(tmp_path / "batch.csv", [case(i) for i in range(1, 6000)])
    with pytest.raises(Cancelled):
        import_batch(db, path, actor="tester", control=JobControl(is_cancelled=lambda: bool(staged)))
    assert staged, "cancelled before any staging file was copied"
    assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("batches", "cases", "quarantine")] \
        == [0, 0, 0]
    assert children_of_this_process() == []
    assert not list(tmp_path.glob("ws.db-staging-*"))
    assert import_batch(db, path, actor="tester").rows_imported == 5999  # and it imports cleanly afterwards


def test_a_staging_folder_left_by_a_killed_import_is_removed_by_the_next(tmp_path, staged):
    db = open_database(tmp_path / "ws.db")
    left = tmp_path / f"ws.db-staging-{_ended_pid()}-abc123"
    left.mkdir()
    (left / "part0.db").write_bytes(b"x" * 1000)
    live = tmp_path / f"ws.db-staging-{os.getppid()}-def456"  # a live process's (another import's)
    live.mkdir()
    other = tmp_path / "other.db-staging-1-abc123"  # another store's: not ours to remove
    other.mkdir()
    import_batch(db, write_batch(tmp_path / "batch.csv", [case(i) for i in range(1, 50)]), actor="tester")
    assert staged and not left.exists() and live.exists() and other.exists()


def _ended_pid() -> int:
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_failure_while_staging_reaches_the_checking_thread(tmp_path):
    import numpy as np

    from workstation.importer.prepare import PreparedChunk

    plan = staging.Plan(str(tmp_path), "CREATE TABLE nonsense (", 1, 1, "2024-03", 1000, ())
    stager = staging.Stager(plan, [], lambda kind, payload: None)
    chunk = PreparedChunk(None, np.array([2]), 1, [], good=np.array([0]), los=np.array([1]), extra=[None],
                          latest_good_discharge=739000)
    with pytest.raises(Exception, match="(?i)syntax|incomplete|error"):
        stager.stage(chunk, 10)
        stager.finish()


def test_chunk_bytes_is_about_the_text_of_the_rows():
    import pyarrow as pa

    table = pa.table({"a": pa.array(["12345", "678"]), "b": pa.array(["x", "yz"])})
    assert staging.chunk_bytes(table) == len("12345,x\n678,yz\n")


def test_the_staging_table_has_the_cases_definition():
    db = open_memory()
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'cases'").fetchone()[0]
    made = staging.staging_table_sql(sql)
    assert made.startswith(f'CREATE TABLE "{staging.TABLE}"') and made[made.index("("):] == sql[sql.index("("):]
    with pytest.raises(ValueError):
        staging.staging_table_sql("CREATE TABLE other (x)")


def test_staging_is_skipped_in_memory(tmp_path, staged):
    db = open_memory()
    import_batch(db, write_batch(tmp_path / "batch.csv", [case(i) for i in range(1, 50)]), actor="tester")
    assert staged == [] and db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 49



def test_a_big_file_is_hashed_while_it_is_read_and_its_hash_recorded(tmp_path, staged):
    import hashlib

    db = open_database(tmp_path / "ws.db")
    first = write_batch(tmp_path / "a.csv", [case(i) for i in range(1, 300)])
    result = import_batch(db, first, actor="tester")
    recorded = db.execute("SELECT file_sha256 FROM batches WHERE id = ?", [result.batch_id]).fetchone()[0]
    assert recorded == hashlib.sha256(first.read_bytes()).hexdigest()
    audited = db.execute("SELECT after FROM audit_log WHERE action = 'batch.import'").fetchone()[0]
    assert recorded in audited
    # The same content again: told apart before anything is read (a batch of its size exists).
    assert import_batch(db, first, actor="tester").already_imported_batch == result.batch_id
    # Other content of the very same size is a new batch, not "already imported".
    other = tmp_path / "b.csv"
    other.write_bytes(first.read_bytes().replace(b"ZY00001,", b"ZY99999,", 1))
    assert other.stat().st_size == first.stat().st_size
    again = import_batch(db, other, actor="tester")
    assert again.already_imported_batch is None and again.rows_imported == 1
    assert again.reasons == {"ALREADY_IMPORTED": 298}
