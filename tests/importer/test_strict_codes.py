"""Coded columns read strictly: only the code table's values; anything else is quarantined
with the allowed values named (issue 18, point 3)."""
from __future__ import annotations

import pytest

from tests.importer.helpers import case, write_batch
from workstation.importer.service import import_batch


def import_one(db, tmp_path, **changes):
    path = write_batch(tmp_path / "one.csv", [case(1, **changes)])
    result = import_batch(db, path, actor="tester")
    quarantined = [dict(r) for r in db.query("SELECT reason_code, reason, reason_en FROM quarantine")]
    return result, quarantined


@pytest.mark.parametrize("text", ["55", "41", "2024-03-05", "0", "1 死亡", "59"])
def test_a_discharge_mode_outside_the_table_is_quarantined_naming_the_codes(db, tmp_path, text):
    result, quarantined = import_one(db, tmp_path, discharge_mode=text)
    assert result.rows_imported == 0 and result.rows_quarantined == 1
    assert quarantined[0]["reason_code"] == "BAD_CODE"
    assert f"“{text}”" in quarantined[0]["reason"]
    for allowed in ("1 医嘱离院", "5 死亡", "9 其他"):
        assert allowed in quarantined[0]["reason"]
        assert allowed in quarantined[0]["reason_en"]


@pytest.mark.parametrize("text,stored", [("5", 5), ("5.死亡", 5), ("1 医嘱离院", 1), ("死亡", 5), ("9", 9)])
def test_the_code_table_values_still_read(db, tmp_path, text, stored):
    result, _ = import_one(db, tmp_path, discharge_mode=text)
    assert result.rows_imported == 1
    assert db.execute("SELECT discharge_mode FROM cases").fetchone()[0] == stored


@pytest.mark.parametrize("field,text", [("sex", "3"), ("sex", "12"), ("sex", "男女"),
                                        ("hospital_level", "12"), ("hospital_level", "3级医院备注"),
                                        ("hospital_level", "四级"), ("new_tech", "2"), ("new_tech", "10")])
def test_other_coded_columns_are_as_strict(db, tmp_path, field, text):
    result, quarantined = import_one(db, tmp_path, **{field: text})
    assert result.rows_imported == 0
    assert quarantined[0]["reason_code"] == "BAD_CODE"
    assert "（" in quarantined[0]["reason"]  # the allowed values follow in brackets
