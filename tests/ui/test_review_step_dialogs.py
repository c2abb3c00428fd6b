"""The step dialogs the end-to-end test does not take: return, resubmit, refuse, a conflict,
a counter-proposal, notify, amend, appeal and close — each through its dialog."""
from __future__ import annotations

from tests.ui.test_review_workflow_gui import REVIEWER, SUPERVISOR, _to_negotiation, review_db, take  # noqa: F401
from workstation.domain.accounts import Role
from workstation.services import review as R
from workstation.services.applications import create_from_case
from workstation.services.context import Actor
from workstation.services.review import decisions as D
from workstation.store.db import open_database
from workstation.ui.review.panel import ReviewPanel


def _panel(qtbot, make_context, db_path, user=REVIEWER):
    context = make_context(db_path, user=user)
    panel = ReviewPanel(context)
    qtbot.addWidget(panel)
    panel.resize(560, 700)
    panel.show()
    return context, panel


def test_return_resubmit_and_refuse(qtbot, make_context, review_db):
    db_path, high, pks = review_db
    db = open_database(db_path)
    app = create_from_case(db, REVIEWER, high, reason="HIGH_COST", statement="s")
    db.close()
    _, panel = _panel(qtbot, make_context, db_path)
    panel.show_application(app)
    returned = panel.open_step("return")
    returned.missing.setPlainText("请补充第 30–70 天病程记录")
    assert take(qtbot, returned) == ""
    assert "退回补充" in panel.title.text() and "请补充第 30–70 天病程记录" in panel.summary.toPlainText()
    assert set(panel.step_buttons) == {"resubmit"}
    resubmit = panel.open_step("resubmit")
    assert "第 30–70 天" in resubmit.asked.text()  # what was asked for
    resubmit.supplied.setPlainText("已补充病程记录")
    assert take(qtbot, resubmit) == ""
    refuse = panel.open_step("refuse")
    assert take(qtbot, refuse) == "请填写：理由"
    refuse.reason.setPlainText("不符合申报条件")
    assert take(qtbot, refuse) == ""
    assert "不予受理" in panel.title.text() and panel.step_buttons == {}


def test_a_conflict_recuses_an_expert_and_a_counter_proposal_is_recorded(qtbot, make_context, review_db):
    db_path, high, _ = review_db
    db = open_database(db_path)
    app = create_from_case(db, REVIEWER, high, reason="HIGH_COST", statement="s")
    R.accept(db, REVIEWER, app)
    drawn = R.draw_experts(db, REVIEWER, app, seed="x").drawn
    db.close()
    _, panel = _panel(qtbot, make_context, db_path)
    panel.show_application(app)
    conflict = panel.open_step("conflict")
    conflict.expert.setCurrentIndex(conflict.expert.findData(drawn[0]))
    conflict.note.setPlainText("亲属在该院")
    assert take(qtbot, conflict) == ""
    assert "已回避" in panel.summary.toPlainText() and "少于规则要求的 3 位" in panel.summary.toPlainText()
    vote = panel.open_step("vote")
    assert vote.expert.findData(drawn[0]) == -1  # a recused expert has no vote to record
    vote.close()

    db = open_database(db_path)
    R.top_up(db, REVIEWER, app, reason="成员回避", seed="y")
    for member in R.members(db, app):
        if not member["recused"]:
            R.vote(db, REVIEWER, app, member["expert_id"], "support")
    R.conclude(db, REVIEWER, app)
    D.propose(db, REVIEWER, app, method="adjust_points", points="800")
    db.close()
    panel.refresh()
    answer = panel.open_step("answer")
    answer.reply_buttons["counter"].setChecked(True)
    assert answer.counter.isVisibleTo(answer)
    answer.counter.setText("abc")
    assert "abc" in take(qtbot, answer)  # not an amount: said before anything is sent
    answer.counter.setText("45,000.00")
    answer.text.setPlainText("请按 45000 元支付")
    assert take(qtbot, answer) == ""
    assert "提出新方案" in panel.summary.toPlainText()
    assert "提出新方案" in panel.timeline.rows()[-1][4]


def _notified(db_path, case_pk):
    app = _to_negotiation(db_path, case_pk)
    db = open_database(db_path)
    D.draft(db, REVIEWER, app, reasons="调整点数", method="adjust_points", points="300")
    D.sign(db, SUPERVISOR, app)
    db.close()
    return app


def test_notify_then_appeal(qtbot, make_context, review_db):
    db_path, high, _ = review_db
    app = _notified(db_path, high)
    _, panel = _panel(qtbot, make_context, db_path)
    panel.show_application(app)
    assert take(qtbot, panel.open_step("notify")) == ""
    assert "已告知医院" in panel.title.text()
    assert set(panel.step_buttons) == {"appeal", "amend", "close"}
    appeal = panel.open_step("appeal")
    appeal.grounds.setPlainText("对点数有异议")
    assert take(qtbot, appeal) == ""
    assert "申诉中" in panel.title.text() and set(panel.step_buttons) == {"draw", "conflict"}
    assert "对点数有异议" in panel.timeline.rows()[-1][4]


def test_amend_a_notified_decision_then_close(qtbot, make_context, review_db):
    db_path, high, _ = review_db
    app = _notified(db_path, high)
    db = open_database(db_path)
    D.notify(db, REVIEWER, app)
    db.close()
    context, panel = _panel(qtbot, make_context, db_path)
    panel.show_application(app)
    amend = panel.open_step("amend")
    assert amend.terms.points.text() == "300"  # starts from the notified decision
    amend.terms.points.setText("320")
    amend.reasons.setPlainText("更正计算错误")
    assert take(qtbot, amend) == ""
    assert "更正的决定" in panel.summary.toPlainText() and "决定待签发" in panel.title.text()
    context.user = Actor("zhao", Role.SUPERVISOR)
    panel.refresh()
    assert take(qtbot, panel.open_step("sign")) == ""
    assert take(qtbot, panel.open_step("notify")) == ""
    assert take(qtbot, panel.open_step("close")) == ""
    assert "已办结" in panel.title.text() and panel.step_buttons == {}
    decisions = [d for d in D.decisions(context.workspace.db, app) if not d["superseded"]]
    assert [d["points"] for d in decisions] == ["300", "320"] and decisions[1]["amends"] == decisions[0]["id"]
