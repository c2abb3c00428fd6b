"""Issuing on purpose (issue 23.6) and one current notice per case (issue 24.1, 24.2, 24.5)."""
from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import run_cli
from tests.reports.conftest import ID_NUMBER, PATIENT_NAME, REVIEWER, SUPERVISOR, needs_poppler, pdf_text
from workstation.domain.messages import UserError
from workstation.reports.batch import notice_writer, print_period_notices
from workstation.services import review as R
from workstation.services.notice_verify import verify_notice
from workstation.services.notices import issue_notice, latest_signed_decision
from workstation.services.review import decisions as D


def _count(db, sql: str) -> int:
    return db.execute(sql).fetchone()[0]


@needs_poppler
def test_a_preview_takes_nothing_and_is_marked_draft(decided, db_path, tmp_path):
    db = decided.db
    events = _count(db, "SELECT COUNT(*) FROM audit_log")
    result = run_cli("--db", str(db_path), "notice", "--application", str(decided.by_item), "--preview",
                     "--out", str(tmp_path / "draft.pdf"))
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "draft.pdf")
    assert "样稿" in text and "号" in text and "医保特议〔" not in text
    assert _count(db, "SELECT COUNT(*) FROM notices") == 0 and _count(db, "SELECT COUNT(*) FROM notice_series") == 0
    assert _count(db, "SELECT COUNT(*) FROM audit_log") == events


def test_issuing_is_refused_until_the_notice_settings_are_set(decided):
    db = decided.db
    db.execute("UPDATE report_settings SET updated_by = 'migration 0014' WHERE key = 'appeal_body'")
    with pytest.raises(UserError, match="notice-settings"):
        issue_notice(db, SUPERVISOR, latest_signed_decision(db, decided.by_item))
    assert _count(db, "SELECT COUNT(*) FROM notices") == 0


def test_a_signed_decision_edited_in_the_file_is_not_issued(decided, db_path):
    decided.db.close()
    with sqlite3.connect(db_path) as raw:
        for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'decisions'"
                                   ).fetchall():
            raw.execute(f"DROP TRIGGER {name}")
        raw.execute("UPDATE decisions SET payment_fen = payment_fen + 100000 WHERE application_id = ?",
                    [decided.by_item])
    result = run_cli("--db", str(db_path), "--lang", "en", "notice", "--application", str(decided.by_item),
                     "--out", str(db_path.parent / "n.pdf"))
    assert result.returncode != 0 and "differs from its signature event (payment_fen)" in result.stderr
    assert not (db_path.parent / "n.pdf").exists()


def test_a_failed_write_uses_no_number(decided):
    db = decided.db

    def fail(_notice):
        raise OSError("disk full")
    with pytest.raises(OSError):
        issue_notice(db, SUPERVISOR, latest_signed_decision(db, decided.by_item), write=fail)
    assert _count(db, "SELECT COUNT(*) FROM notices") == 0
    assert _count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'notice.issue'") == 0
    first = issue_notice(db, SUPERVISOR, latest_signed_decision(db, decided.by_item))
    assert first.notice_no.endswith("〕1号")


def test_a_reprint_checks_the_stored_content(decided, db_path):
    notice = issue_notice(decided.db, SUPERVISOR, latest_signed_decision(decided.db, decided.adjusted))
    decided.db.close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TRIGGER notices_are_final")
        raw.execute("UPDATE notices SET content = replace(content, '\"points\":\"420\"', '\"points\":\"520\"')")
    result = run_cli("--db", str(db_path), "--lang", "en", "notice", "--application", str(decided.adjusted),
                     "--out", str(db_path.parent / "again.pdf"))
    assert result.returncode != 0 and f"stored content of notice {notice.notice_no}" in result.stderr


def _amend(db, app: int) -> None:
    D.draft(db, REVIEWER, app, reasons="更正扣减金额", method="by_item", deductions={"fee_western": 100_000},
            amends=True)
    D.sign(db, SUPERVISOR, app)
    D.notify(db, REVIEWER, app)


@needs_poppler
def test_an_amendment_replaces_the_notice_and_the_old_one_is_never_numbered(decided, db_path, tmp_path):
    db = decided.db
    old = issue_notice(db, SUPERVISOR, latest_signed_decision(db, decided.by_item))
    _amend(db, decided.by_item)
    new_id = latest_signed_decision(db, decided.by_item)
    new = issue_notice(db, SUPERVISOR, new_id, write=notice_writer(tmp_path / "new.pdf", lang="zh"))
    assert new.replaces == "amendment" and new.replaces_notice_no == old.notice_no
    text = pdf_text(tmp_path / "new.pdf")
    assert f"更正{old.notice_no}" in text.replace(" ", "") and "变更内容" in text and "支付金额由" in text
    checked = verify_notice(db, old.verification_code)
    assert not checked.agrees and new.notice_no in str(checked.report())
    cli = run_cli("--db", str(db_path), "--lang", "en", "verify-notice", old.verification_code)
    assert cli.returncode == 1 and f"replaced by notice {new.notice_no}" in cli.stdout


def test_a_superseded_decision_never_gets_a_number_and_the_period_lists_it(decided, db_path, tmp_path):
    from workstation.domain.jobs import JobControl

    db = decided.db
    before = latest_signed_decision(db, decided.by_item)
    _amend(db, decided.by_item)
    result = print_period_notices(JobControl(), db, SUPERVISOR, "2024-03", tmp_path / "all")
    assert result.written == 3 and [s[0] for s in result.skipped] == [before]
    assert _count(db, f"SELECT COUNT(*) FROM notices WHERE decision_id = {before}") == 0
    with pytest.raises(UserError, match="取代"):
        issue_notice(db, SUPERVISOR, before)
    cli = run_cli("--db", str(db_path), "--lang", "en", "notices", "--period", "2024-03", "--out",
                  str(tmp_path / "again"))
    assert cli.returncode == 0 and f"skipped decision {before}" in cli.stdout


def test_a_decision_after_an_appeal_names_the_appeal_and_the_earlier_notice(decided):
    db = decided.db
    app = decided.kept
    old = issue_notice(db, SUPERVISOR, latest_signed_decision(db, app))
    D.appeal(db, REVIEWER, app, "对评审结论有异议")
    draw = R.draw_experts(db, REVIEWER, app, seed="appeal")
    for expert in draw.drawn:
        R.vote(db, REVIEWER, app, expert, "support", "复核同意")
    R.conclude(db, REVIEWER, app)
    D.draft(db, REVIEWER, app, reasons="复核后调整点数", method="adjust_points", points="400")
    D.sign(db, SUPERVISOR, app)
    D.notify(db, REVIEWER, app)
    new = issue_notice(db, SUPERVISOR, latest_signed_decision(db, app))
    assert new.replaces == "appeal" and new.replaces_notice_no == old.notice_no and new.appeal_received
    assert new.votes_support == len(draw.drawn)  # the re-review's own tally
    from workstation.services.minutes import review_minutes

    cycle = db.execute("SELECT cycle FROM applications WHERE id = ?", [app]).fetchone()[0]
    rows = [(c.review_round, c.support, c.oppose, c.abstain, c.outcome) for c in review_minutes(db, cycle).cases
            if c.application_id == app]
    assert rows == [(1, 0, 2, 1, "opposed"), (2, 3, 0, 0, "supported")]  # each round its own votes


def test_a_round_with_votes_missing_has_no_conclusion_and_shows_its_votes(decided):
    from workstation.services.minutes import review_minutes

    db = decided.db
    app = decided.kept
    D.appeal(db, REVIEWER, app, "对评审结论有异议")
    draw = R.draw_experts(db, REVIEWER, app, seed="appeal")
    R.vote(db, REVIEWER, app, draw.drawn[0], "support", "复核同意")
    R.vote(db, REVIEWER, app, draw.drawn[1], "oppose", "不同意")
    cycle = db.execute("SELECT cycle FROM applications WHERE id = ?", [app]).fetchone()[0]
    last = [c for c in review_minutes(db, cycle).cases if c.application_id == app][-1]
    assert (last.review_round, last.support, last.oppose, last.outcome) == (2, 1, 1, "")


@needs_poppler
def test_free_text_is_masked_on_the_paper(decided, tmp_path):
    db = decided.db
    planted = f"患者{PATIENT_NAME}（{ID_NUMBER}，旧证 330106900101123，电话 13912345678）"
    app = decided.by_item
    db.execute("UPDATE applications SET statement = ?, documents = ? WHERE id = ?", [planted, planted, app])
    db.execute("UPDATE negotiation_rounds SET proposal_text = ?, answer_text = ? WHERE application_id = ?",
               [planted, planted, app])
    db.execute("DROP TRIGGER IF EXISTS decisions_notified_are_final")
    db.execute("UPDATE decisions SET reasons = ? WHERE application_id = ?", [planted, app])
    issue_notice(db, SUPERVISOR, latest_signed_decision(db, app), write=notice_writer(tmp_path / "n.pdf", lang="zh"))
    text = pdf_text(tmp_path / "n.pdf").replace(" ", "")
    for secret in (PATIENT_NAME, ID_NUMBER, "330106900101123", "13912345678"):
        assert secret not in text
    assert "欧***" in text and "139****5678" in text


def test_a_huge_reply_and_department_name_still_print(decided, tmp_path):
    db = decided.db
    db.execute("UPDATE negotiation_rounds SET answer_text = ? WHERE application_id = ?", ["答" * 20_000,
                                                                                          decided.by_item])
    db.execute("UPDATE cases SET dept = ? WHERE id = ?", ["心内科" * 1_000, decided.high_case])
    issue_notice(db, SUPERVISOR, latest_signed_decision(db, decided.by_item),
                 write=notice_writer(tmp_path / "long.pdf", lang="zh"))
    assert (tmp_path / "long.pdf").read_bytes().startswith(b"%PDF")


def test_an_expert_may_not_read_a_cases_notice_even_as_a_draft(decided):
    from workstation.domain.accounts import Role
    from workstation.domain.authority import AuthorityError
    from workstation.services.context import Actor
    from workstation.services.notices import preview_notice

    decision = latest_signed_decision(decided.db, decided.by_item)
    with pytest.raises(AuthorityError) as refused:
        preview_notice(decided.db, decision, actor=Actor("chen", Role.EXPERT))
    assert refused.value.rule == "role:notice.issue"
    assert preview_notice(decided.db, decision, actor=REVIEWER).notice_no == ""  # a draft has no number
