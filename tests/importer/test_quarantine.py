"""Bad rows are quarantined with a reason that says row, column and value."""
from __future__ import annotations

import json

import pytest

from tests.importer.helpers import case, write_batch
from workstation.importer.service import import_batch


def quarantine(db):
    return list(db.query("SELECT * FROM quarantine ORDER BY source_row"))


@pytest.mark.parametrize("changes,code,header,value", [
    ({"patient_id": ""}, "MISSING_REQUIRED", "人员编号", None),
    ({"admit_date": "2024-13-45"}, "BAD_DATE", "入院日期", "2024-13-45"),
    ({"discharge_date": "昨天"}, "BAD_DATE", "出院日期", "昨天"),
    ({"total_cost": "12.345"}, "BAD_AMOUNT", "医疗总费用", "12.345"),
    ({"fee_bed": "一百元"}, "BAD_AMOUNT", "床位费", "一百元"),
    ({"age": "四十"}, "BAD_NUMBER", "年龄", "四十"),
    ({"age": "-3"}, "BAD_NUMBER", "年龄", "-3"),
    ({"sex": "未知"}, "BAD_CODE", "性别", "未知"),
    ({"discharge_mode": "7"}, "BAD_CODE", "离院方式", "7"),
    ({"hospital_level": "特级"}, "BAD_CODE", "医疗机构级别", "特级"),
    ({"admit_date": "2024-03-09", "discharge_date": "2024-03-05"}, "DISCHARGE_BEFORE_ADMIT", "出院日期",
     "2024-03-05"),
    ({"total_cost": "-100.00"}, "NEGATIVE_COST", "医疗总费用", "-100.00"),
])
def test_each_bad_row_reason(db, tmp_path, changes, code, header, value):
    path = write_batch(tmp_path / "batch.csv", [case(1), case(2, **changes), case(3)])
    result = import_batch(db, path, actor="tester")
    assert (result.rows_read, result.rows_imported, result.rows_quarantined) == (3, 2, 1)
    assert result.reasons == {code: 1}
    [row] = quarantine(db)
    assert row["reason_code"] == code and row["source_row"] == 3
    assert "第 3 行" in row["reason"] and f"“{header}”" in row["reason"]
    assert "row 3" in row["reason_en"] and header in row["reason_en"]
    if value:
        assert value in row["reason"] and value in row["reason_en"]
    raw = json.loads(row["raw"])
    assert raw["就诊ID"] == "ZY00002"
    assert db.execute("SELECT COUNT(*) FROM cases WHERE case_id = 'ZY00002'").fetchone()[0] == 0


def test_a_row_with_several_problems_names_the_first_and_the_count(db, tmp_path):
    path = write_batch(tmp_path / "batch.csv", [case(1, sex="X", age="?", total_cost="abc")])
    result = import_batch(db, path, actor="tester")
    [row] = quarantine(db)
    assert row["reason_code"] == "BAD_CODE" and row["column"] == "sex"
    assert "共有 3 处问题" in row["reason"] and "3 problems" in row["reason_en"]
    assert result.rows_quarantined == 1


def test_duplicate_in_file_keeps_the_first(db, tmp_path):
    path = write_batch(tmp_path / "batch.csv", [case(1), case(1, total_cost="99.00"), case(2)])
    result = import_batch(db, path, actor="tester")
    assert result.reasons == {"DUPLICATE_IN_FILE": 1} and result.rows_imported == 2
    assert db.execute("SELECT total_cost_fen FROM cases WHERE case_id='ZY00001'").fetchone()[0] == 1234560
    [row] = quarantine(db)
    assert row["source_row"] == 3 and "第 2 行" in row["reason"]


def test_same_case_id_at_another_hospital_is_not_a_duplicate(db, tmp_path):
    path = write_batch(tmp_path / "batch.csv", [case(1), case(1, hospital_code="H002")])
    assert import_batch(db, path, actor="tester").rows_imported == 2


def test_fee_mismatch_is_not_a_rejection(db, tmp_path):
    path = write_batch(tmp_path / "batch.csv", [case(1, total_cost="99999.00", fee_bed="1.00")])
    assert import_batch(db, path, actor="tester").rows_quarantined == 0


def test_a_row_with_too_many_fields_is_quarantined_with_its_row_number(db, tmp_path):
    path = write_batch(tmp_path / "batch.csv", [case(1), case(2), case(3)])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",extra,fields"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_batch(db, path, actor="tester")
    assert (result.rows_read, result.rows_imported, result.reasons) == (3, 2, {"BAD_ROW": 1})
    assert [r["source_row"] for r in db.query("SELECT source_row FROM cases ORDER BY id")] == [2, 4]
    assert quarantine(db)[0]["source_row"] == 3
