"""An application through the whole workflow on a real store, with its audit trail."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.engine.factory import add_batch, add_case, add_groups
from workstation.domain.accounts import Role
from workstation.domain.authority import AuthorityError
from workstation.domain.messages import UserError
from workstation.engine.recompute import recompute
from workstation.services import review as R
from workstation.services.applications import ApplicationFilter, create_from_case, list_applications
from workstation.services.context import Actor
from workstation.services.experts import add_expert
from workstation.services.review import decisions as D
from workstation.store.audit import verify_chain

REVIEWER = Actor("li", Role.REVIEWER)
SUPERVISOR = Actor("wang", Role.SUPERVISOR)
OTHER_SUPERVISOR = Actor("zhao", Role.SUPERVISOR)
ADMIN = Actor("admin", Role.ADMIN)


@pytest.fixture
def store(db):
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    # 40 DRG cases of H001 (quota 2 at 5 %), one of them a high-cost case with fees.
    pks = [add_case(db, batch, cost="9000.00") for _ in range(39)]
    high = add_case(db, batch, cost="50000.00", los=70,
                    fees={"fee_western": 2_000_000, "fee_material": 1_500_000, "fee_high_value": 1_000_000,
                          "fee_treatment": 1_500_000})
    recompute(db, actor="t")
    for i, hospitals in enumerate(["H001", "", "", "", ""], start=1):
        add_expert(db, ADMIN, f"专家{i}", specialty="心内科", hospital_codes=hospitals)
    return db, high, pks


def test_from_submission_to_a_signed_notified_decision(store):
    db, high, _ = store
    app = create_from_case(db, REVIEWER, high, reason="HIGH_COST", statement="多次介入治疗")
    R.accept(db, REVIEWER, app)
    draw = R.draw_experts(db, REVIEWER, app, seed="fixed")
    assert 1 not in draw.drawn and draw.excluded == {1: "affiliated"}  # 专家1 works at H001
    assert R.replay_draw(db, 1) == (draw, True)
    for expert in draw.drawn:
        R.vote(db, REVIEWER, app, expert, "support", "合理")
    assert R.conclude(db, REVIEWER, app).support == 3
    D.propose(db, REVIEWER, app, method="by_item", deductions={"fee_western": 300_000}, text="扣减不合理用药")
    D.answer(db, REVIEWER, app, "agree", text="同意")
    decision = D.draft(db, REVIEWER, app, reasons="专家评审通过，按协商结果按项目付费")
    # (50,000 − 3,000 − 10,000 consumables apart) ÷ overall average × 100; consumables at cost beside.
    assert decision["method"] == "by_item" and decision["separate_fen"] == 1_000_000
    with pytest.raises(UserError):
        D.sign(db, REVIEWER, app)  # a reviewer cannot sign
    signed = D.sign(db, SUPERVISOR, app)
    assert signed["sign_event"]
    D.notify(db, REVIEWER, app)
    assert db.execute("SELECT status FROM case_reviews WHERE case_pk = ?", [high]).fetchone()[0] == "notified"
    with pytest.raises(Exception, match="never edited"):
        db.execute("UPDATE decisions SET payment_fen = 1 WHERE id = ?", [signed["id"]])
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE entity = 'application' ORDER BY id")]
    assert actions == ["review.submit", "review.accept", "review.draw", "review.vote", "review.vote",
                       "review.vote", "review.conclude", "review.propose", "review.answer", "review.draft",
                       "review.sign", "review.notify"]
    assert verify_chain(db) == []


def test_four_eyes_the_drafter_cannot_sign(store):
    db, high, _ = store
    app = _to_negotiation(db, high)
    D.draft(db, SUPERVISOR, app, reasons="维持", method="keep_drg")
    with pytest.raises(AuthorityError, match="四眼") as refused:
        D.sign(db, SUPERVISOR, app)
    assert refused.value.rule == "four-eyes"
    D.sign(db, OTHER_SUPERVISOR, app)


def _to_negotiation(db, case_pk, votes=("support", "support", "oppose")):
    app = create_from_case(db, REVIEWER, case_pk, reason="LONG_STAY", statement="住院 70 天")
    R.accept(db, REVIEWER, app)
    draw = R.draw_experts(db, REVIEWER, app, seed="s")
    for expert, value in zip(draw.drawn, votes, strict=True):
        R.vote(db, REVIEWER, app, expert, value)
    R.conclude(db, REVIEWER, app)
    return app


def test_a_tie_or_a_missing_vote_keeps_the_application_in_review(store):
    db, high, _ = store
    app = create_from_case(db, REVIEWER, high, reason="LONG_STAY", statement="住院 70 天")
    R.accept(db, REVIEWER, app)
    draw = R.draw_experts(db, REVIEWER, app, seed="s")
    R.vote(db, REVIEWER, app, draw.drawn[0], "support")
    R.vote(db, REVIEWER, app, draw.drawn[1], "support")
    with pytest.raises(AuthorityError, match="未表决") as refused:
        R.conclude(db, REVIEWER, app)
    assert refused.value.rule == "all-votes-in"
    R.vote(db, REVIEWER, app, draw.drawn[2], "oppose")
    changed = R.vote(db, REVIEWER, app, draw.drawn[1], "abstain")  # changed before the conclusion: 1 : 1 : 1
    assert changed.changed and "由 同意 改为 弃权" in changed.message().zh
    with pytest.raises(UserError, match="均未过半"):
        R.conclude(db, REVIEWER, app)
    assert R.application(db, app)["status"] == "expert_review"
    with pytest.raises(AuthorityError) as refused:  # no second panel, and nobody lost to replace
        R.draw_experts(db, REVIEWER, app)
    assert refused.value.rule == "one-panel-per-round"
    with pytest.raises(AuthorityError) as refused:
        R.top_up(db, REVIEWER, app, reason="打破平局")
    assert refused.value.rule == "top-up-only-for-lost-member"
    R.vote(db, REVIEWER, app, draw.drawn[1], "support")  # the form corrected: 2 : 1
    assert R.conclude(db, REVIEWER, app).outcome == "supported"


def test_an_opposed_application_can_only_keep_the_drg_payment(store):
    db, high, _ = store
    app = _to_negotiation(db, high, votes=("oppose", "oppose", "support"))
    with pytest.raises(UserError, match="只能维持DRG支付"):
        D.draft(db, REVIEWER, app, reasons="x", method="by_item")
    decision = D.draft(db, REVIEWER, app, reasons="专家评审未通过", method="keep_drg")
    assert decision["payment_fen"] == decision["before_payment_fen"]


def test_an_expert_votes_only_for_themselves(store):
    db, high, _ = store
    app = create_from_case(db, REVIEWER, high, reason="LONG_STAY", statement="s")
    R.accept(db, REVIEWER, app)
    draw = R.draw_experts(db, REVIEWER, app, seed="s")
    db.execute("UPDATE experts SET username = 'exp' WHERE id = ?", [draw.drawn[0]])
    expert = Actor("exp", Role.EXPERT)
    R.vote(db, expert, app, draw.drawn[0], "support")
    with pytest.raises(UserError, match="本人"):
        R.vote(db, expert, app, draw.drawn[1], "support")
    row = next(m for m in R.members(db, app) if m["expert_id"] == draw.drawn[0])
    assert row["voted_by"] == "exp"


def test_a_conflict_declared_after_the_draw_recuses(store):
    db, high, _ = store
    app = create_from_case(db, REVIEWER, high, reason="LONG_STAY", statement="s")
    R.accept(db, REVIEWER, app)
    draw = R.draw_experts(db, REVIEWER, app, seed="s")
    R.declare_conflict(db, REVIEWER, app, draw.drawn[0], "亲属在该院")
    with pytest.raises(UserError, match="不在本案"):
        R.vote(db, REVIEWER, app, draw.drawn[0], "support")
    assert R.current_tally(db, app).outcome == "too_few"


def test_the_quota_needs_a_supervisors_written_override(store):
    db, high, pks = store
    apps = [create_from_case(db, REVIEWER, pk, reason="LONG_STAY", statement="s") for pk in pks[:3]]
    R.accept(db, REVIEWER, apps[0])
    R.accept(db, REVIEWER, apps[1])  # quota: 5 % of 40 = 2
    with pytest.raises(AuthorityError, match="名额为 2 件") as refused:
        R.accept(db, REVIEWER, apps[2])
    assert refused.value.rule == "quota"
    with pytest.raises(UserError):
        R.accept(db, SUPERVISOR, apps[2])  # no reason
    R.accept(db, SUPERVISOR, apps[2], override_reason="危重病例集中收治")
    assert R.application(db, apps[2])["quota_override"] == "危重病例集中收治"
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'review.quota_override'").fetchone()[0] == 1
    listed = {a["id"]: a for a in list_applications(db, ApplicationFilter(over_quota_only=True))}
    assert list(listed) == [apps[2]]


def test_return_resubmit_refuse(store):
    db, high, pks = store
    app = create_from_case(db, REVIEWER, high, reason="LONG_STAY", statement="s")
    R.return_for_supplement(db, REVIEWER, app, "请补充病程记录")
    assert R.application(db, app)["status_note"] == "请补充病程记录"
    R.resubmit(db, REVIEWER, app, "已补充")
    R.refuse(db, REVIEWER, app, "不符合申报条件")
    with pytest.raises(UserError, match="不予受理"):
        R.accept(db, REVIEWER, app)


def test_appeal_and_amendment_after_a_notice(store):
    db, high, _ = store
    app = _to_negotiation(db, high)
    first = D.draft(db, REVIEWER, app, reasons="调整点数", method="adjust_points", points="300")
    D.sign(db, SUPERVISOR, app)
    D.notify(db, REVIEWER, app)
    amended = D.draft(db, REVIEWER, app, reasons="更正计算错误", method="adjust_points", points="320", amends=True)
    assert amended["amends"] == first["id"]
    D.sign(db, SUPERVISOR, app)
    D.notify(db, REVIEWER, app)
    D.appeal(db, REVIEWER, app, "对扣减有异议")
    R.draw_experts(db, REVIEWER, app, seed="re")
    assert R.application(db, app)["status"] == "expert_review"
    assert {m["review_round"] for m in R.members(db, app)} == {2}


def test_the_hospital_summary_shows_the_period_before_and_after_signed_decisions(store):
    from workstation.engine.summary import hospital_summary

    db, high, _ = store
    (before,) = hospital_summary(db, "2024-03")
    assert before.decided_cases == 0 and before.payment_after_fen == before.estimated_payment_fen
    app = _to_negotiation(db, high)
    decision = D.draft(db, REVIEWER, app, reasons="调整", method="adjust_points", points="900")
    (drafted,) = hospital_summary(db, "2024-03")
    assert drafted.payment_after_fen == before.estimated_payment_fen  # a draft changes nothing yet
    D.sign(db, SUPERVISOR, app)
    (after,) = hospital_summary(db, "2024-03")
    assert after.decided_cases == 1 and after.special_case_used == 1
    assert after.payment_after_fen == (before.estimated_payment_fen + decision["payment_fen"]
                                       - decision["before_payment_fen"])
    assert after.points_after - after.total_points == 900 - Decimal(decision["before_points"])
