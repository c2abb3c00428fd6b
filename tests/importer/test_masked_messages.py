"""Quarantine messages mask personal values and resident ID numbers (issue 18, point 8)."""
from __future__ import annotations

from tests.conftest import run_cli
from tests.importer.helpers import case, write_batch
from workstation.importer.service import import_batch

RESIDENT_ID = "330106199001011234"


def test_an_id_number_in_the_wrong_column_is_masked_on_screen(db_path, tmp_path):
    rows = [case(1, admit_date=RESIDENT_ID), case(2, sex=RESIDENT_ID), case(3)]
    path = write_batch(tmp_path / "b.csv", rows)
    done = run_cli("--db", str(db_path), "import", str(path))
    assert done.returncode == 0, done.stderr
    assert "隔离 2 行" in done.stdout
    assert RESIDENT_ID not in done.stdout + done.stderr
    assert "3301**********1234" in done.stdout


def test_stored_messages_are_masked_but_the_raw_row_keeps_the_cell_for_correction(db, tmp_path):
    rows = [case(1, discharge_date=RESIDENT_ID), case(2, patient_name="张三丰", sex="张三丰"),
            case(3, case_id="ZY3", discharge_date="not a date 19900101")]
    import_batch(db, write_batch(tmp_path / "b.csv", rows), actor="t")
    reasons = [r[0] + r[1] for r in db.execute("SELECT reason, reason_en FROM quarantine ORDER BY source_row")]
    assert RESIDENT_ID not in "".join(reasons)
    assert "“张三丰”" in reasons[1]  # sex is no personal column and this no ID number: quoted as it is
    raws = "".join(r[0] for r in db.execute("SELECT raw FROM quarantine"))
    assert RESIDENT_ID in raws  # kept for the hospital's correction (masked by the quarantine views)
    assert "19900101" in reasons[2]  # no resident ID: an ordinary value is quoted as it is


def test_a_personal_columns_value_is_masked_whole_in_a_message():
    from workstation.importer.rows import reason_text

    zh, en = reason_text("BAD_CODE", 4, "证件号码", "33010619900101", key="id_number")
    assert "33010619900101" not in zh + en
    zh, en = reason_text("BAD_CODE", 4, "患者姓名", "欧阳娜娜", key="patient_name")
    assert "欧***" in zh and "欧阳娜娜" not in zh + en
