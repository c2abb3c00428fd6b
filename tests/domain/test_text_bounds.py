"""Bounded input: every free-text field has a stated maximum, refused on entry with the limit
named — services (so the CLI and the GUI), application files, settlement and hospital files."""
from __future__ import annotations

import pytest

from tests.conftest import run_cli
from workstation.domain.bounds import FREE_TEXT_CHARS, NAME_CHARS, REASON, check_text, too_long
from workstation.domain.messages import UserError


def test_the_limits_are_named_in_the_refusal():
    check_text(REASON, "x" * FREE_TEXT_CHARS)
    with pytest.raises(UserError) as refused:
        check_text(REASON, "x" * (FREE_TEXT_CHARS + 1))
    assert "2,000" in refused.value.text.zh and "2,001" in refused.value.text.en
    assert too_long(REASON, None) is None


def test_the_command_line_refuses_a_long_reason_and_a_long_name(tmp_path):
    path = tmp_path / "w.db"
    long_name = run_cli("--db", str(path), "--lang", "en", "experts", "add", "王" * (NAME_CHARS + 1))
    assert long_name.returncode == 2 and "at most 200" in long_name.stderr and "Traceback" not in long_name.stderr
    long_reason = run_cli("--db", str(path), "--lang", "en", "review", "refuse", "1", "--reason", "因" * 20_000)
    assert long_reason.returncode == 2 and "at most 2,000" in long_reason.stderr


def test_a_settlement_row_with_a_long_department_is_quarantined_with_the_limit(db, tmp_path):
    from tests.importer.helpers import case, write_batch
    from workstation.importer.service import import_batch

    path = write_batch(tmp_path / "batch.csv", [case(1, dept="心内科"), case(2, dept="心" * 3000)])
    result = import_batch(db, path, actor="tester")
    assert (result.rows_imported, result.rows_quarantined) == (1, 1) and result.reasons == {"TOO_LONG": 1}
    reason, reason_en = db.execute("SELECT reason, reason_en FROM quarantine").fetchone()
    assert "最多 200 个字符" in reason and "at most 200 characters" in reason_en and len(reason) < 300


def test_a_hospital_file_row_with_a_long_name_is_refused_with_the_limit(db, tmp_path):
    from workstation.reference.hospitals import load_hospital_table

    path = tmp_path / "h.csv"
    path.write_text("机构编码,机构名称,级别\nH001,一院,3\nH002," + "院" * 3000 + ",3\n", encoding="utf-8")
    result = load_hospital_table(db, path, actor="t", accept_partial=True)
    [rejected] = result.rejected
    assert rejected.code == "H002" and "200" in rejected.text.en
