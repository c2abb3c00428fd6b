"""import_batch as a whole: re-imports, periods, one transaction, cancel, audit, profiles."""
from __future__ import annotations

import json

import pytest

from tests.importer.helpers import case, write_batch
from workstation.domain.jobs import Cancelled, JobControl
from workstation.domain.messages import UserError
from workstation.importer.service import import_batch, list_profiles, load_profile, save_profile
from workstation.store import audit


def count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_summary_reconciles_rows_read_in_both_languages(db, tmp_path):
    path = write_batch(tmp_path / "b.csv", [case(1), case(2, sex="?"), case(3)])
    result = import_batch(db, path, actor="tester")
    assert "读取 3 行 = 导入 2 行 + 隔离 1 行" in result.summary("zh")
    assert "rows read 3 = imported 2 + quarantined 1" in result.summary("en")
    batch = db["batches"].get(result.batch_id)
    assert (batch["rows_read"], batch["rows_imported"], batch["rows_quarantined"]) == (3, 2, 1)
    assert batch["imported_by"] == "tester" and batch["encoding"] == "utf-8"


def test_reimporting_the_same_file_writes_nothing_and_says_so(db, tmp_path):
    path = write_batch(tmp_path / "b.csv", [case(1), case(2)])
    first = import_batch(db, path, actor="tester")
    again = import_batch(db, path, actor="tester")
    assert again.batch_id is None and again.already_imported_batch == first.batch_id
    assert f"#{first.batch_id}" in again.summary("zh") and "已" in again.summary("zh")
    assert "already imported" in again.summary("en")
    assert (count(db, "batches"), count(db, "cases")) == (1, 2)


def test_another_file_with_the_same_cases_quarantines_them_as_already_imported(db, tmp_path):
    first = import_batch(db, write_batch(tmp_path / "a.csv", [case(1), case(2)]), actor="tester")
    second = import_batch(db, write_batch(tmp_path / "b.csv", [case(2), case(3)], delimiter="\t"),
                          actor="tester")
    assert (second.rows_imported, second.rows_already_imported) == (1, 1)
    assert second.reasons == {"ALREADY_IMPORTED": 1}
    reason = db.execute("SELECT reason FROM quarantine WHERE batch_id = ?", [second.batch_id]).fetchone()[0]
    assert f"#{first.batch_id}" in reason and "ZY00002" in reason
    assert db["batches"].get(second.batch_id)["rows_already_imported"] == 1
    assert count(db, "cases") == 3


def test_period_is_the_month_of_the_latest_discharge_or_the_given_one(db, tmp_path):
    rows = [case(1, discharge_date="2024-02-28"), case(2, admit_date="2024-03-20", discharge_date="2024-04-02")]
    result = import_batch(db, write_batch(tmp_path / "a.csv", rows), actor="tester")
    assert result.period == "2024-04"
    assert {r[0] for r in db.execute("SELECT period FROM cases")} == {"2024-04"}
    given = import_batch(db, write_batch(tmp_path / "b.csv", [case(5)]), actor="tester", period="2024q1")
    assert given.period == "2024Q1"
    with pytest.raises(UserError) as refused:
        import_batch(db, write_batch(tmp_path / "c.csv", [case(6)]), actor="tester", period="三月")
    assert "2024-03" in refused.value.text.zh


def test_period_is_corrected_when_a_later_month_comes_in_a_later_chunk(db, tmp_path, monkeypatch):
    import workstation.importer.sources as sources

    monkeypatch.setattr(sources.pacsv, "ReadOptions", _small_blocks(sources.pacsv.ReadOptions))
    rows = [case(i, discharge_date="2024-03-05") for i in range(1, 20)]
    rows.append(case(99, admit_date="2024-04-01", discharge_date="2024-05-02"))
    result = import_batch(db, write_batch(tmp_path / "a.csv", rows), actor="tester")
    assert result.period == "2024-05"
    assert db.execute("SELECT DISTINCT period FROM cases").fetchall() == [("2024-05",)]


def test_import_is_audited(db, tmp_path):
    result = import_batch(db, write_batch(tmp_path / "a.csv", [case(1)]), actor="审核员甲")
    [event] = audit.events(db, entity="batch")
    assert event["action"] == "batch.import" and event["actor"] == "审核员甲"
    assert event["entity_id"] == str(result.batch_id)
    assert json.loads(event["after"])["rows_imported"] == 1
    assert audit.verify_chain(db) == []


def test_cancel_mid_import_leaves_nothing(db, tmp_path, monkeypatch):
    import workstation.importer.sources as sources

    rows = [case(i) for i in range(1, 50)]
    path = write_batch(tmp_path / "big.csv", rows)
    calls = []
    control = JobControl(on_progress=lambda f, m: calls.append(f), is_cancelled=lambda: len(calls) >= 1)
    # Many small chunks: pyarrow's block size is bytes, so shrink it through the reader.
    monkeypatch.setattr(sources.pacsv, "ReadOptions", _small_blocks(sources.pacsv.ReadOptions))
    before = {t: count(db, t) for t in ("batches", "cases", "quarantine", "audit_log")}
    with pytest.raises(Cancelled):
        import_batch(db, path, actor="tester", control=control)
    assert calls, "the import reported progress before it was cancelled"
    assert {t: count(db, t) for t in before} == before
    # The indexes dropped for the bulk load are back.
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='cases'")}
    assert any("hospital_code" in n for n in names)


def _small_blocks(original):
    def make(**kwargs):
        kwargs["block_size"] = 512
        return original(**kwargs)
    return make


def test_failed_import_keeps_the_indexes_and_a_later_import_works(db, tmp_path):
    path = write_batch(tmp_path / "a.csv", [case(1, discharge_date="x")])
    with pytest.raises(UserError):  # no readable discharge date: the period cannot be told
        import_batch(db, path, actor="tester")
    assert count(db, "batches") == 0
    assert import_batch(db, path, actor="tester", period="2024-03").rows_quarantined == 1


def test_profiles_map_headers_and_are_audited(db, tmp_path):
    rows = [case(1)]
    path = write_batch(tmp_path / "his.csv", rows, chinese=False)
    text = path.read_text(encoding="utf-8").replace("case_id", "住院流水号", 1).replace("total_cost", "总金额", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as refused:
        import_batch(db, path, actor="tester")
    assert "就诊ID" in refused.value.text.zh and "医疗总费用" in refused.value.text.zh
    save_profile(db, "某医院HIS", {"住院流水号": "case_id", "总金额": "医疗总费用"}, actor="admin")
    assert list_profiles(db) == ["某医院HIS"]
    assert load_profile(db, "某医院HIS") == {"住院流水号": "case_id", "总金额": "total_cost"}
    result = import_batch(db, path, actor="tester", profile="某医院HIS")
    assert result.rows_imported == 1
    assert db["batches"].get(result.batch_id)["profile"] == "某医院HIS"
    [event] = audit.events(db, entity="import_profile")
    assert event["action"] == "profile.save" and event["actor"] == "admin"
    with pytest.raises(UserError):
        save_profile(db, "坏方案", {"某列": "no_such_field"}, actor="admin")
    with pytest.raises(UserError):
        load_profile(db, "不存在")


def test_a_busy_database_gives_a_clear_message_and_imports_nothing(db, db_path, tmp_path):
    import sqlite3

    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        db.conn.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(UserError) as busy:
            import_batch(db, write_batch(tmp_path / "a.csv", [case(1)]), actor="tester")
        assert "稍后" in busy.value.text.zh and "busy" in busy.value.text.en
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert count(db, "batches") == 0
