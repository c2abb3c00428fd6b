"""Big files are read and checked in a worker process: same results, same refusals, cancel ends it."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.importer.helpers import case, write_batch
from workstation.domain.jobs import Cancelled, JobControl
from workstation.domain.messages import UserError
from workstation.importer import worker
from workstation.importer.service import import_batch
from workstation.store.db import open_memory


def stored(db) -> dict:
    return {
        "cases": db.execute("SELECT case_id, hospital_code, patient_id, total_cost_fen, admit_date, los, extra,"
                            " source_row, period FROM cases ORDER BY source_row").fetchall(),
        "quarantine": db.execute("SELECT source_row, reason_code, column, reason, reason_en, raw FROM quarantine"
                                 " ORDER BY source_row, id").fetchall(),
    }


def mixed_rows() -> list[dict[str, str]]:
    rows = [case(i, 备注=f"第 {i} 行") for i in range(1, 3000)]
    rows[10]["total_cost"] = "十元"
    rows[20]["discharge_date"] = "2024-02-30"  # not a date
    rows[30]["case_id"] = rows[5]["case_id"]  # repeats a case of the same chunk
    rows[2500]["case_id"] = rows[7]["case_id"]  # ... and one of an earlier chunk
    rows[40]["sex"] = "X"
    return rows


@pytest.fixture
def small_chunks(monkeypatch):
    """Many chunks from a small file, in this process and in a worker (the Source carries it)."""
    import workstation.importer.sources as sources

    monkeypatch.setattr(sources, "CSV_BLOCK_BYTES", 16 << 10)


def test_the_worker_stores_and_quarantines_exactly_what_the_single_process_path_does(
        tmp_path, monkeypatch, small_chunks):
    path = write_batch(tmp_path / "batch.csv", mixed_rows(), headers=None)
    alone, with_worker = open_memory(), open_memory()
    in_process = import_batch(alone, path, actor="tester")
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 0)
    spawned = []
    real_popen = worker.subprocess.Popen
    monkeypatch.setattr(worker.subprocess, "Popen", lambda *a, **k: spawned.append(1) or real_popen(*a, **k))
    result = import_batch(with_worker, path, actor="tester")
    assert spawned, "the file was not prepared in a worker process"
    assert (result.rows_read, result.rows_imported, result.rows_quarantined, result.reasons) == \
        (in_process.rows_read, in_process.rows_imported, in_process.rows_quarantined, in_process.reasons)
    assert result.reasons["DUPLICATE_IN_FILE"] == 2 and result.rows_imported == 2999 - 5
    assert stored(with_worker) == stored(alone)


def test_a_second_file_with_the_same_cases_is_quarantined_through_the_worker(tmp_path, monkeypatch, small_chunks):
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 0)
    db = open_memory()
    first = import_batch(db, write_batch(tmp_path / "a.csv", [case(i) for i in range(1, 500)]), actor="tester")
    again = import_batch(db, write_batch(tmp_path / "b.csv", [case(i) for i in range(400, 700)]), actor="tester")
    assert again.rows_already_imported == 100 and again.reasons == {"ALREADY_IMPORTED": 100}
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == first.rows_imported + 200


def children_of_this_process() -> list[int]:
    mine = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == os.getpid() and fields[0] != b"Z":
                mine.append(int(entry.name))
    return mine


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="looks for the worker in /proc")
def test_cancel_ends_the_worker_and_leaves_nothing(tmp_path, monkeypatch, small_chunks):
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 0)
    db = open_memory()
    path = write_batch(tmp_path / "batch.csv", [case(i) for i in range(1, 5000)])
    seen_worker = []

    def cancelled() -> bool:
        seen_worker.extend(children_of_this_process())
        return bool(seen_worker)
    with pytest.raises(Cancelled):
        import_batch(db, path, actor="tester", control=JobControl(is_cancelled=cancelled))
    assert seen_worker, "no worker process was running while importing"
    assert children_of_this_process() == []
    assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("batches", "cases", "quarantine")] \
        == [0, 0, 0]


def test_undecodable_bytes_read_by_the_worker_refuse_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 0)
    db = open_memory()
    path = write_batch(tmp_path / "broken.csv", [case(i) for i in range(2, 12000)])
    path.write_bytes(path.read_bytes() + b"ZY99999,H001,\xff\xfe\xfa,1,45,2024-03-01,2024-03-05,1,I21,1.00\n")
    with pytest.raises(UserError) as refused:
        import_batch(db, path, actor="tester")
    assert "--encoding" in refused.value.text.en
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0


def test_a_file_imported_before_ends_its_early_started_worker(tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 0)
    db = open_memory()
    path = write_batch(tmp_path / "batch.csv", [case(i) for i in range(1, 300)])
    first = import_batch(db, path, actor="tester")
    again = import_batch(db, path, actor="tester")
    assert again.already_imported_batch == first.batch_id
    assert children_of_this_process() == []


def test_on_windows_a_big_file_is_prepared_in_process_with_the_same_result(tmp_path, monkeypatch, small_chunks):
    # Windows can hand a child neither a pipe by number nor select() on it: no worker there.
    path = write_batch(tmp_path / "batch.csv", mixed_rows(), headers=None)
    expected = import_batch(open_memory(), path, actor="tester")
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(worker, "CAN_PIPE_TO_CHILD", False)  # os.name == "nt"
    spawned = []
    monkeypatch.setattr(worker.subprocess, "Popen", lambda *a, **k: spawned.append(1))
    result = import_batch(open_memory(), path, actor="tester")
    assert not spawned
    assert (result.rows_imported, result.reasons) == (expected.rows_imported, expected.reasons)


def test_a_worker_started_early_is_the_one_a_big_import_uses(tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 0)
    path = write_batch(tmp_path / "batch.csv", [case(i) for i in range(1, 200)])
    worker.start_early()
    early = worker._early
    assert early is not None and early.process.poll() is None
    made = []
    real_init = worker.Worker.__init__
    monkeypatch.setattr(worker.Worker, "__init__", lambda self: made.append(self) or real_init(self))
    result = import_batch(open_memory(), path, actor="tester")
    assert result.rows_imported == 199
    assert made == [], "the import started a worker of its own"
    assert worker._early is None and early.process.poll() is not None, "the early worker was not used up"


def test_an_early_worker_no_import_takes_is_ended(tmp_path):
    from workstation.cli import main

    before = set(children_of_this_process())
    worker.start_early()
    early = worker._early
    assert early.process.pid in children_of_this_process()
    worker.end_early()
    assert early.process.poll() is not None and worker._early is None
    # The command line starts one for `import` and ends it when the file is small.
    path = write_batch(tmp_path / "small.csv", [case(i) for i in range(1, 20)])
    assert main(["--db", str(tmp_path / "ws.db"), "import", str(path)]) == 0
    assert set(children_of_this_process()) <= before
    assert worker._early is None
