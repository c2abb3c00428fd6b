"""Case notices: what the hospital reads on the paper, against the database."""
from __future__ import annotations

import re
import sqlite3
import subprocess

import pytest

from tests.conftest import run_cli
from tests.reports.conftest import (
    EXPERT_NAMES,
    ID_NUMBER,
    PATIENT_NAME,
    SUPERVISOR,
    needs_poppler,
    pdf_fonts,
    pdf_text,
)
from workstation.reports.notice import write_notice
from workstation.reports.styles import yuan
from workstation.services.notice_verify import verify_notice
from workstation.services.notices import issue_notice, latest_signed_decision


def _notice(decided, app):
    return issue_notice(decided.db, SUPERVISOR, latest_signed_decision(decided.db, app))


@needs_poppler
def test_the_notice_prints_the_decision_masked_with_its_number_and_code(decided, tmp_path):
    db = decided.db
    notice = _notice(decided, decided.by_item)
    out = tmp_path / "notice.pdf"
    write_notice(notice, out)
    text = pdf_text(out)
    decision = next(db.query("SELECT * FROM decisions WHERE application_id = ?", [decided.by_item]))
    case = next(db.query("SELECT * FROM cases WHERE id = ?", [decided.high_case]))
    assert "特例单议审核结果告知书" in text and "第一人民医院" in text
    assert re.search(r"云医保特议〔\d{4}〕1号", text) and "第0001号" not in text
    assert case["case_id"] in text and "FM19" in text
    for fen in (decision["payment_fen"], decision["before_payment_fen"], decision["separate_fen"], 300_000):
        assert yuan(fen) in text  # with thousands separators: 47,000.00
    assert "同意 2 票，不同意 1 票，弃权 0 票" in text
    assert notice.verification_code in text and re.search(r"第\s*1\s*页\s*共\s*2\s*页", text)
    assert PATIENT_NAME not in text and ID_NUMBER not in text and "欧***" in text
    assert not any(name in text for name in EXPERT_NAMES)
    year, month, day = (int(x) for x in notice.appeal_deadline.split("-"))
    assert "申诉" in text and f"{year}年{month}月{day}日" in text


@needs_poppler
def test_every_font_of_the_notice_is_embedded(decided, tmp_path):
    out = tmp_path / "notice.pdf"
    write_notice(_notice(decided, decided.adjusted), out)
    rows = pdf_fonts(out).splitlines()[2:]
    assert rows and all("WenQuanYi" in row and " yes yes yes " in row for row in rows)


def test_numbers_are_taken_once_in_order_and_a_reprint_is_the_same_notice(decided):
    first = _notice(decided, decided.by_item)
    second = _notice(decided, decided.kept)
    again = _notice(decided, decided.by_item)
    assert first.notice_no.endswith("〕1号") and second.notice_no.endswith("〕2号")
    assert again == first
    events = decided.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'notice.issue'").fetchone()[0]
    assert events == 2
    reprints = decided.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'notice.reprint'").fetchone()[0]
    assert reprints == 1
    with pytest.raises(Exception, match="never reused"):
        decided.db.execute("UPDATE notice_series SET last_number = 1")


@needs_poppler
def test_the_qr_code_scans_back_to_the_verification_code(decided, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    notice = _notice(decided, decided.by_item)
    write_notice(notice, tmp_path / "notice.pdf")
    # The page as a printer or a scanner would see it, at 150 dpi.
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(tmp_path / "notice.pdf"),
                    str(tmp_path / "page")], check=True)
    (page,) = tmp_path.glob("page*.png")
    found = zxingcpp.read_barcodes(Image.open(page))
    assert [(b.format, b.text) for b in found] == [(zxingcpp.BarcodeFormat.QRCode, notice.verification_code)]


def test_verify_notice_agrees_then_fails_after_the_decision_is_changed(decided, db_path):
    notice = _notice(decided, decided.by_item)
    assert verify_notice(decided.db, notice.verification_code).agrees
    ok = run_cli("--db", str(db_path), "verify-notice", notice.verification_code.lower().replace("-", ""))
    assert ok.returncode == 0, ok.stderr
    assert notice.notice_no in ok.stdout and "一致" in ok.stdout
    decided.db.close()
    with sqlite3.connect(db_path) as raw:  # someone edits the file behind the workstation's back
        raw.execute("DROP TRIGGER decisions_notified_are_final")
        raw.execute("UPDATE decisions SET payment_fen = payment_fen + 100000 WHERE id = ?", [notice.decision_id])
    bad = run_cli("--db", str(db_path), "verify-notice", notice.verification_code)
    assert bad.returncode == 1
    assert "不一致" in bad.stdout and "payment_fen" in bad.stdout


def test_an_unknown_code_is_said_so(decided, db_path):
    result = run_cli("--db", str(db_path), "--lang", "en", "verify-notice", "0000-0000-0000-0000")
    assert result.returncode == 1 and "belongs to no notice" in result.stdout


@needs_poppler
def test_the_notice_prints_in_english_when_asked(decided, tmp_path):
    out = tmp_path / "notice.pdf"
    write_notice(_notice(decided, decided.kept), out, lang="en")
    text = pdf_text(out)
    assert "Special-case review: notice of the decision" in text and "keep the DRG payment" in text
    assert "1 support, 2 oppose" not in text and "0 support, 2 oppose, 1 abstain" in text


def test_an_edited_notice_record_or_audit_log_does_not_verify(decided, db_path):
    notice = _notice(decided, decided.adjusted)
    decided.db.close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TRIGGER notices_are_final")
        raw.execute("UPDATE notices SET content = replace(content, '\"points\":\"420\"', '\"points\":\"520\"')")
    result = run_cli("--db", str(db_path), "--lang", "en", "verify-notice", notice.verification_code)
    assert result.returncode == 1
    assert "[FAILED] the notice's content has the digest" in result.stdout
