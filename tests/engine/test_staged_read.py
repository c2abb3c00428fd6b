"""The recompute after a big import into a store without cases reads the cases from the import's
staging files (engine.staged_read): the results are exactly those read from the store."""
from __future__ import annotations

import dataclasses

import pytest

from tests.importer.helpers import case, write_batch
from tests.importer.test_staging import staged, varied_rows  # noqa: F401
from tests.importer.test_worker import children_of_this_process, small_chunks  # noqa: F401
from workstation.domain.flags import Flag
from workstation.engine import read_helper
from workstation.engine.recompute import recompute
from workstation.engine.staged_read import StagedRead
from workstation.importer import staging, worker
from workstation.services.operations import import_file
from workstation.store.db import open_database, open_memory

pytestmark = pytest.mark.skipif(not staging.available() or not worker.CAN_PIPE_TO_CHILD,
                                reason="staging needs the ADBC driver and a worker process")


def rows_with_readmissions() -> list[dict[str, str]]:
    """varied_rows (bad rows, a period corrected at the end) and patients readmitted within the
    window, in different chunks and files."""
    rows = varied_rows()
    for earlier, later in ((3, 4), (50, 2900), (1200, 1201), (700, 2100)):
        rows[later].update(patient_id=rows[earlier]["patient_id"], admit_date="2024-03-10",
                           discharge_date="2024-03-12")
    rows[1500].update(patient_id="", admit_date="2024-03-06")  # no patient: no one's readmission
    rows[1501].update(patient_id="", admit_date="2024-03-06")
    return rows


def results(db) -> list[tuple]:
    return db.execute("SELECT * FROM case_results ORDER BY case_pk").fetchall()


def summaries(db) -> tuple[list, list]:
    return (db.execute("SELECT * FROM result_counts_detail ORDER BY 1, 2, 3").fetchall(),
            db.execute("SELECT * FROM period_codes ORDER BY 1, 2, 3").fetchall())


def test_a_big_first_import_is_recomputed_from_its_staging_files_exactly_as_from_the_store(
        tmp_path, small_chunks, staged):  # noqa: F811
    path = write_batch(tmp_path / "batch.csv", rows_with_readmissions(), headers=None)
    db = open_database(tmp_path / "ws.db")
    outcome = import_file(db, path, actor="tester")
    assert len(staged) > 1, "the batch was not staged in several files"
    assert outcome.recomputed.read_staged, "the recompute read the store, not the staging files"
    assert outcome.result.period == "2024-04"  # corrected after the first chunks were staged
    assert outcome.recomputed.cases == outcome.result.rows_imported
    shown = results(db)
    readmitted = db.execute(f"SELECT COUNT(*) FROM case_results WHERE flags & {int(Flag.READMIT)}").fetchone()[0]
    prior = db.execute(f"SELECT COUNT(*) FROM case_results WHERE flags & {int(Flag.READMIT_PRIOR)}").fetchone()[0]
    assert (readmitted, prior) == (4, 4)
    assert {p for (p,) in db.execute("SELECT DISTINCT period FROM case_results")} == {"2024-04"}
    counted = summaries(db)

    again = recompute(db, ["2024-04"], actor="tester")  # read from the store this time
    assert not again.read_staged
    assert again.rows_written == 0, "a recompute from the store changed results made from the staging files"
    assert results(db) == shown and summaries(db) == counted
    assert not list(tmp_path.glob("ws.db-staging-*")), "the staging folder was left behind"


def test_an_import_into_a_store_with_cases_is_recomputed_from_the_store(tmp_path, small_chunks, staged):  # noqa: F811
    db = open_database(tmp_path / "ws.db")
    import_file(db, write_batch(tmp_path / "a.csv", [case(i) for i in range(1, 1500)]), actor="tester")
    staged.clear()
    second = import_file(db, write_batch(tmp_path / "b.csv", [case(i) for i in range(1000, 4000)]), actor="tester")
    assert staged, "the second file was not staged"
    assert not second.recomputed.read_staged
    assert second.recomputed.cases == 3999
    assert recompute(db, ["2024-03"], actor="tester").rows_written == 0


def test_when_the_helper_fails_the_recompute_reads_the_store(tmp_path, small_chunks, staged, monkeypatch):  # noqa: F811
    monkeypatch.setattr(read_helper.ReadHelper, "CODE", "import sys; sys.stdin.buffer.read(); sys.exit(3)")
    path = write_batch(tmp_path / "batch.csv", rows_with_readmissions(), headers=None)
    db = open_database(tmp_path / "ws.db")
    outcome = import_file(db, path, actor="tester")
    assert staged and not outcome.recomputed.read_staged
    assert outcome.recomputed.cases == outcome.result.rows_imported
    assert db.execute(f"SELECT COUNT(*) FROM case_results WHERE flags & {int(Flag.READMIT)}").fetchone()[0] == 4
    assert recompute(db, ["2024-04"], actor="tester").rows_written == 0


def test_a_detection_made_beside_the_import_is_used_only_under_the_same_rules_and_tables(
        tmp_path, small_chunks, staged):  # noqa: F811
    from workstation.engine.ruleset import current_rules
    from workstation.importer.service import import_batch
    from workstation.services.operations import load_hospitals

    db = open_database(tmp_path / "ws.db")
    listener = StagedRead.for_import(db)
    result = import_batch(db, write_batch(tmp_path / "batch.csv", rows_with_readmissions(), headers=None),
                          actor="tester", listener=listener)
    made = listener.result
    assert made is not None and len(made.cases["pk"]) == result.rows_imported
    changed = dataclasses.replace(current_rules(db), long_stay_days=99)
    assert listener.detection(db, changed, [result.period]) is None
    listener.result = made
    assert listener.detection(db, current_rules(db), ["2024-03"]) is None, "another period"
    listener.result = made
    assert listener.detection(db, current_rules(db), [result.period]) is made
    assert listener.detection(db, current_rules(db), [result.period]) is None, "used twice"
    hospitals = tmp_path / "hospitals.csv"
    hospitals.write_text("机构编码,机构名称,医院等级,系数\nH001,第一医院,三级,1.2\n", encoding="utf-8")
    load_hospitals(db, hospitals, actor="tester")
    listener.result = made
    assert listener.detection(db, current_rules(db), [result.period]) is None, "a hospital table loaded since"


def test_no_helper_is_left_running_after_an_import_cancelled_or_refused(tmp_path, small_chunks, staged):  # noqa: F811
    from workstation.domain.jobs import Cancelled, JobControl

    path = write_batch(tmp_path / "batch.csv", rows_with_readmissions(), headers=None)
    db = open_database(tmp_path / "ws.db")
    before = set(children_of_this_process())
    with pytest.raises(Cancelled):
        import_file(db, path, actor="tester", control=JobControl(is_cancelled=lambda: len(staged) >= 3))
    assert set(children_of_this_process()) <= before
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0
    assert not list(tmp_path.glob("ws.db-staging-*"))


def test_a_store_in_memory_gets_no_staged_read():
    assert StagedRead.for_import(open_memory()) is None
