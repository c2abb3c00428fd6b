"""The special-case review in the GUI: one application from a case of the queue to a decision
signed by another user, through the real step dialogs, asserting what the user sees."""
from __future__ import annotations

import pytest

from tests.engine.factory import add_batch, add_case, add_groups
from workstation.domain.accounts import Role
from workstation.domain.money import fen_to_yuan_text
from workstation.engine.recompute import recompute
from workstation.services import review as R
from workstation.services.applications import create_from_case
from workstation.services.context import Actor
from workstation.services.experts import add_expert
from workstation.services.review import decisions as D
from workstation.store.db import open_database
from workstation.ui.detail.widget import CaseDetailWidget
from workstation.ui.review.page import ApplicationsPage
from workstation.ui.workspace import ChangeSet

REVIEWER = Actor("li", Role.REVIEWER)
SUPERVISOR = Actor("wang", Role.SUPERVISOR)
EXPERT = Actor("zhang", Role.EXPERT)


@pytest.fixture
def review_db(db_path):
    """40 DRG cases of H001 (a quota of 2 at 5 %), one high-cost case with fees; five experts,
    the first affiliated with H001."""
    db = open_database(db_path)
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    pks = [add_case(db, batch, cost="9000.00") for _ in range(39)]
    high = add_case(db, batch, cost="50000.00", los=70, case_id="ZY-HIGH-1",
                    fees={"fee_western": 2_000_000, "fee_material": 1_500_000, "fee_high_value": 1_000_000,
                          "fee_treatment": 1_500_000})
    recompute(db, actor="t")
    for i, hospitals in enumerate(["H001", "", "", "", ""], start=1):
        add_expert(db, Actor("admin", Role.ADMIN), f"专家{i}", specialty="心内科", hospital_codes=hospitals)
    db.close()
    return db_path, high, pks


def take(qtbot, dialog) -> str:
    """Press the dialog's step button and wait for the service; returns "" or the message shown."""
    outcome: list[str] = []
    dialog.step_done.connect(lambda _result: outcome.append(""))
    dialog.submit()
    if dialog.job is None:  # refused before anything was sent (a field to fill in)
        return dialog.error_label.text()
    dialog.job.failed.connect(lambda _exc: outcome.append(dialog.error_label.text()))
    qtbot.waitUntil(lambda: bool(outcome), timeout=15000)
    return outcome[0]


def test_an_application_from_a_queued_case_to_a_decision_signed_by_another_user(qtbot, make_context, review_db):
    db_path, high, _ = review_db
    context = make_context(db_path, user=REVIEWER)
    db = context.workspace.db

    # The case detail: no application yet, so the reviewer may create one.
    detail = CaseDetailWidget(db=db)
    qtbot.addWidget(detail)
    detail.attach_review(context)
    detail.show_case(high)
    detail.resize(600, 700)
    detail.show()
    panel = detail.review
    detail.tabs.setCurrentWidget(panel)
    assert panel.create_button.isVisible() and panel.step_buttons == {}
    create = panel.open_create()
    create.reason.setCurrentIndex(create.reason.findData("HIGH_COST"))
    assert take(qtbot, create) == "请填写：申报理由"  # required: the dialog says so and stays open
    assert create.isVisible() and create.error_label.isVisible()
    create.statement.setPlainText("多次介入治疗，费用远超标准")
    assert take(qtbot, create) == ""
    assert "已申报" in panel.title.text() and not panel.create_button.isVisible()
    assert set(panel.step_buttons) == {"accept", "return", "refuse"}

    # The applications page shows it, with its status in Chinese.
    page = ApplicationsPage(context)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.is_ready() and page.model.rowCount() == 1)
    row = page.row_texts(0)
    assert row[2] == "ZY-HIGH-1" and row[5] == "已申报" and row[4] == "医疗费用高"
    assert page.select_application(1)
    panel = page.panel
    assert panel.application_id() == 1

    accept = panel.open_step("accept")
    qtbot.waitUntil(lambda: "H001" in accept.quota_label.text())
    assert not accept.override.isVisible()  # within the quota: no override asked for
    assert take(qtbot, accept) == ""
    qtbot.waitUntil(lambda: page.is_ready() and page.row_texts(0)[5] == "已受理")

    draw = panel.open_step("draw")
    assert not hasattr(draw, "seed") and draw.draw_size.minimum() == 3  # nobody chooses the draw
    assert take(qtbot, draw) == ""
    seed = db.execute("SELECT seed FROM expert_draws").fetchone()[0]
    assert seed in draw.outcome.text() and "专家1" in draw.outcome.text()  # left out: affiliated with H001
    assert "与申报医院有关联" in draw.outcome.text()
    draw.close()
    members = R.members(db, 1)
    assert len(members) == 3 and "专家评审中" in panel.title.text()

    assert "conclude" not in panel.step_buttons  # no 汇总 before all votes are in
    for member in members:
        vote = panel.open_step("vote")
        vote.choose(member["expert_id"], "support", "费用合理")
        assert take(qtbot, vote) == ""
        assert "已录入" in vote.outcome.text()
        vote.close()
    changed = panel.open_step("vote")
    changed.choose(members[0]["expert_id"], "oppose", "复核后不同意")
    assert take(qtbot, changed) == "" and "由 同意 改为 不同意" in changed.outcome.text()  # a change says so
    changed.close()
    assert "同意 2 票" in panel.summary.toPlainText()
    assert take(qtbot, panel.open_step("conclude")) == ""
    assert "协商中" in panel.title.text()

    propose = panel.open_step("propose")
    propose.terms.set_deduction("fee_western", "约三千")  # a field to fix: nothing is sent
    assert take(qtbot, propose) == "西药费：“约三千”不是有效金额（元，如 1,234.50）。" and propose.job is None
    propose.terms.set_deduction("fee_western", "3,000.00")
    propose.text.setPlainText("扣减不合理用药 3000 元")
    qtbot.waitUntil(lambda: "→" in propose.terms.preview_label.text())
    assert take(qtbot, propose) == ""
    answer = panel.open_step("answer")
    answer.reply_buttons["agree"].setChecked(True)
    answer.text.setPlainText("同意")
    assert take(qtbot, answer) == ""
    assert "第 1 轮" in panel.summary.toPlainText() and "扣减不合理用药" in panel.summary.toPlainText()

    draft = panel.open_step("draft")  # starts from the agreed terms
    qtbot.waitUntil(lambda: "→" in draft.terms.preview_label.text())
    shown_preview = draft.terms.preview_label.text()
    draft.reasons.setPlainText("专家评审通过，按协商结果按项目付费")
    assert take(qtbot, draft) == ""
    (decision,) = D.decisions(db, 1)
    assert decision["deductions_fen"] == 300_000 and decision["drafted_by"] == "li"
    payment = fen_to_yuan_text(decision["payment_fen"], thousands=True)
    assert decision["points"] in shown_preview and payment in shown_preview
    assert "sign" not in panel.step_buttons  # a reviewer does not sign

    context.user = SUPERVISOR  # another user signs
    panel.refresh()
    assert "sign" in panel.step_buttons
    sign = panel.open_step("sign")
    assert decision["points"] in sign.summary.text() and payment in sign.summary.text()
    assert take(qtbot, sign) == ""
    assert "决定已签发" in panel.title.text()
    summary = panel.summary.toPlainText()
    assert decision["points"] in summary and payment in summary and "wang" in summary
    qtbot.waitUntil(lambda: page.is_ready() and page.row_texts(0)[5] == "决定已签发")

    # The timeline tells the story, who did what.
    steps = [r[2] for r in panel.timeline.rows()]
    assert steps[0] == "申报已提交" and steps[-1] == "签发决定" and steps.count("录入专家意见") == 4  # three votes and one change
    assert panel.timeline.rows()[-1][1] == "wang" and "决定待签发 → 决定已签发" in panel.timeline.rows()[-1][3]
    # A double-click asks for the case in the queue; the case detail shows the signed decision too.
    with qtbot.waitSignal(context.workspace.case_selected) as asked:
        page.table.doubleClicked.emit(page.model.index(0, 0))
    assert asked.args == [high]
    assert "决定已签发" in detail.review.title.text()


def _to_negotiation(db_path, high):
    db = open_database(db_path)
    app = create_from_case(db, REVIEWER, high, reason="LONG_STAY", statement="住院 70 天")
    R.accept(db, REVIEWER, app)
    draw = R.draw_experts(db, REVIEWER, app, seed="s")
    for expert in draw.drawn:
        R.vote(db, REVIEWER, app, expert, "support")
    R.conclude(db, REVIEWER, app)
    db.close()
    return app


def test_only_legal_steps_are_offered_and_the_four_eyes_refusal_shows(qtbot, make_context, review_db):
    db_path, high, pks = review_db
    app = _to_negotiation(db_path, high)
    context = make_context(db_path, user=EXPERT)
    page = ApplicationsPage(context)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.is_ready() and page.model.rowCount() == 1)
    page.select_application(app)
    panel = page.panel
    assert panel.step_buttons == {}  # an expert takes no step of a negotiation
    assert "当前没有您（评审专家）可以办理的步骤" in panel.steps_label.text()

    context.user = Actor("zhao", Role.SUPERVISOR)
    panel.refresh()
    assert set(panel.step_buttons) == {"propose", "answer", "draft"}
    draft = panel.open_step("draft")
    draft.terms.set_terms("adjust_points", points="320")
    draft.reasons.setPlainText("调整点数")
    assert take(qtbot, draft) == ""  # no agreed proposal needed once the terms are given
    assert "决定待签发" in panel.title.text()
    assert set(panel.step_buttons) == {"draft"}  # no 签发 on one's own draft

    sign = panel.open_step("sign")  # opened anyway (as a script could): the service refuses, naming the rule
    message = take(qtbot, sign)
    assert "四眼原则" in message and "four-eyes" in message and sign.isVisible()
    sign.close()
    assert "决定待签发" in panel.title.text()

    # A reviewer accepting beyond the quota is told a supervisor's written reason is needed.
    context.user = REVIEWER
    db = open_database(db_path)
    others = [create_from_case(db, REVIEWER, pk, reason="LONG_STAY", statement="s") for pk in pks[:2]]
    R.accept(db, REVIEWER, others[0])
    db.close()
    panel.show_application(others[1])
    assert "accept" not in panel.step_buttons  # beyond the quota a reviewer is not offered acceptance
    accept = panel.open_step("accept")  # opened anyway: no override box for a reviewer, the service refuses
    qtbot.waitUntil(lambda: "H001" in accept.quota_label.text())
    assert not accept.override.isVisible()
    refusal = take(qtbot, accept)
    assert "科室负责人" in refusal and "（规则：quota）" in refusal
    accept.close()
    context.user = SUPERVISOR
    panel.refresh()
    assert "accept" in panel.step_buttons
    accept = panel.open_step("accept")
    qtbot.waitUntil(lambda: accept.override.isVisible())


def test_importing_a_hospitals_file_shows_the_reconciled_summary_and_the_quota(qtbot, make_context, review_db,
                                                                               tmp_path):
    db_path, high, pks = review_db
    db = open_database(db_path)
    ids = [db.execute("SELECT case_id FROM cases WHERE id = ?", [pk]).fetchone()[0] for pk in (high, *pks[:2])]
    db.close()
    rows = [f"H001,{ids[0]},医疗费用高,多次手术", f"H001,{ids[1]},住院时间长,住院 70 天",
            f"H001,{ids[2]},复杂危重症,多器官衰竭", "H001,NO-SUCH-CASE,医疗费用高,x", f"H001,{ids[1]},住院时间长,重复"]
    path = tmp_path / "申报表.csv"
    path.write_text("定点医药机构编码,就诊ID,申报类型,申报理由\n" + "\n".join(rows) + "\n", encoding="gb18030")
    context = make_context(db_path, str(path), str(path), user=REVIEWER)
    page = ApplicationsPage(context)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(page.is_ready)
    assert page.model.rowCount() == 0 and "0 / 名额 2" in page.gauges.bars["H001"].text()  # 5 % of 40

    page.choose_import_file()
    qtbot.waitUntil(lambda: context.dialogs.said[-1][0] == "inform", timeout=15000)
    summary = context.dialogs.said[-1][2]
    assert "读取 5 行 = 接收 3 件 + 隔离 2 行" in summary
    assert "NO-SUCH-CASE" in summary and "医院 H001 在 2024-03 的申报 3 件，名额 2 件，超出 1 件" in summary
    qtbot.waitUntil(lambda: page.is_ready() and page.model.rowCount() == 3)
    assert not page.gauges.is_over("H001") and "3 / 名额 2" in page.gauges.bars["H001"].text()
    marked = [page.row_texts(r)[9] for r in range(3)]
    assert marked.count("超名额") == 0  # nothing accepted yet: each can still be accepted within the quota
    db = open_database(db_path)
    for app_id in [r[0] for r in db.execute("SELECT id FROM applications ORDER BY id")][:2]:
        R.accept(db, REVIEWER, app_id)
    db.close()
    context.workspace.notify(ChangeSet(reviews=True))
    # The quota reached: the one still waiting is marked, as acceptance would refuse it (domain.review.quota).
    qtbot.waitUntil(lambda: page.is_ready() and page.gauges.is_over("H001"))
    marked = [page.row_texts(r)[9] for r in range(3)]
    assert marked.count("超名额") == 1
    page.over_quota_only.setChecked(True)
    assert page.model.rowCount() == 1

    page.choose_import_file()  # the same file again adds nothing, and says so
    qtbot.waitUntil(lambda: len([s for s in context.dialogs.said if s[0] == "inform"]) == 2, timeout=15000)
    assert "本次未新增任何申报" in context.dialogs.said[-1][2]
