"""Negotiation rounds and decisions of the special-case workflow (协商与决定).

A round is a bureau proposal (deductions by fee category, adjusted points or an
adjusted amount, a text) and the hospital's answer, entered from its written
reply. A decision is drafted by one user and signed by a supervisor who is not
the drafter; it is settled by the same point formulas as every case
(``domain.review.settlement``). A notified decision is never edited: a
correction is an amendment, a new decision that references it.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from fractions import Fraction

from sqlite_utils import Database

from workstation.domain.authority import Action, Facts
from workstation.domain.bounds import GROUNDS, PROPOSAL, REASON, REPLY, check_texts
from workstation.domain.messages import UserError
from workstation.domain.money import fen_to_yuan_text
from workstation.domain.review.calendar import appeal_deadline
from workstation.domain.review.panel import Outcome
from workstation.domain.review.settlement import Method, Settlement, parse_method, parse_points, settle
from workstation.domain.review.workflow import Step, check_step
from workstation.engine.ruleset import current_rules
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.services.review.panel import conclusion
from workstation.services.review.steps import application, policy_of, required_text, take
from workstation.services.settlement_facts import case_money
from workstation.store import audit

ANSWERS = ("agree", "counter", "disagree")


def _fraction_text(value: Fraction) -> str:
    """An exact decimal's text (points are rounded to a few decimals before they are stored)."""
    if value.denominator == 1:
        return str(value.numerator)
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = 40
        return format((Decimal(value.numerator) / Decimal(value.denominator)).normalize(), "f")


def rounds(db: Database, application_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM negotiation_rounds WHERE application_id = ? ORDER BY round",
                         [application_id]))


def propose(db: Database, actor: Actor, application_id: int, *, method: str,
            deductions: Mapping[str, int] | None = None, points: str | None = None,
            amount_fen: int | None = None, text: str = "") -> int:
    """The bureau's proposal for a new round; the previous round must have its answer."""
    check_texts((PROPOSAL, text))  # the limits of domain.bounds, named when refused
    chosen = parse_method(method)
    with db.atomic():
        app = application(db, application_id)
        check(db, actor, Action.PROPOSE)
        check_step(app["status"], Step.PROPOSE)
        previous = rounds(db, application_id)
        if previous and previous[-1]["answer"] is None:
            raise UserError(f"第 {previous[-1]['round']} 轮协商还没有医院的答复：请先录入答复。",
                            f"Round {previous[-1]['round']} has no answer from the hospital yet: record it first.")
        # Settled now to check the proposal against the case (deductions within its fees).
        settlement = _settle(db, app, chosen, deductions, points, amount_fen)
        number = len(previous) + 1
        row_id = db.execute(
            "INSERT INTO negotiation_rounds (application_id, round, method, deductions, points, amount_fen,"
            " proposal_text, proposed_at, proposed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [application_id, number, chosen.value, json.dumps(dict(deductions or {})), points, amount_fen, text,
             audit.now_iso(), actor.name]).lastrowid or 0
        take(db, actor, app, Step.PROPOSE, {"round": number, "method": chosen.value,
                                             "deductions": dict(deductions or {}), "points": points,
                                             "amount_fen": amount_fen, "text": text,
                                             "settled_points": _fraction_text(settlement.points),
                                             "settled_payment_fen": settlement.payment_fen})
        return row_id


def answer(db: Database, actor: Actor, application_id: int, reply: str, *, text: str = "",
           counter_amount_fen: int | None = None) -> None:
    """The hospital's answer to the latest proposal, as its written reply says."""
    check_texts((REPLY, text))  # the limits of domain.bounds, named when refused
    reply = str(reply).strip().lower()
    if reply not in ANSWERS:
        raise UserError(f"医院答复 {reply!r} 无效：应为 agree（同意）、counter（提出新方案）或 disagree（不同意）。",
                        f"Answer {reply!r} is not valid: use agree, counter or disagree.")
    with db.atomic():
        app = application(db, application_id)
        check(db, actor, Action.ANSWER)
        check_step(app["status"], Step.ANSWER)
        previous = rounds(db, application_id)
        if not previous or previous[-1]["answer"] is not None:
            raise UserError("没有待答复的协商方案：请先提出方案。", "There is no proposal awaiting an answer: make one first.")
        db.execute("UPDATE negotiation_rounds SET answer = ?, counter_amount_fen = ?, answer_text = ?, answered_at = ?,"
                   " answered_by = ? WHERE id = ?",
                   [reply, counter_amount_fen, text, audit.now_iso(), actor.name, previous[-1]["id"]])
        take(db, actor, app, Step.ANSWER, {"round": previous[-1]["round"], "answer": reply, "text": text,
                                            "counter_amount_fen": counter_amount_fen})


def _settle(db: Database, app: dict, method: Method, deductions: Mapping[str, int] | None, points: str | None,
            amount_fen: int | None) -> Settlement:
    rules = current_rules(db)
    return settle(method, case_money(db, app["case_pk"]), rules, high_value_apart=policy_of(db).high_value_apart,
                  deductions=deductions, points=parse_points(points) if points is not None else None,
                  amount_fen=amount_fen)


def decisions(db: Database, application_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM decisions WHERE application_id = ? ORDER BY id", [application_id]))


def _open_draft(db: Database, application_id: int) -> dict | None:
    return next(db.query("SELECT * FROM decisions WHERE application_id = ? AND signed_at IS NULL AND superseded = 0"
                         " ORDER BY id DESC LIMIT 1", [application_id]), None)


def _notified(db: Database, application_id: int) -> dict | None:
    return next(db.query("SELECT * FROM decisions WHERE application_id = ? AND notified_at IS NOT NULL"
                         " ORDER BY id DESC LIMIT 1", [application_id]), None)


def draft(db: Database, actor: Actor, application_id: int, *, reasons: str, method: str | None = None,
          deductions: Mapping[str, int] | None = None, points: str | None = None,
          amount_fen: int | None = None, amends: bool = False) -> dict:
    """Draft (or redraft) the decision. Without terms, the last agreed round's are taken. A panel
    that opposed the application leaves only keeping the DRG payment."""
    check_texts((REASON, reasons))  # the limits of domain.bounds, named when refused
    reasons = required_text(reasons, "决定须写明理由。", "A decision needs its reasons.")
    with db.atomic():
        app = application(db, application_id)
        step = Step.AMEND if amends else Step.DRAFT
        check(db, actor, Action.AMEND if amends else Action.DRAFT)
        check_step(app["status"], step)
        if method is None:
            agreed = [r for r in rounds(db, application_id) if r["answer"] == "agree"]
            if not agreed:
                raise UserError("没有医院同意的协商方案：请写明支付方式。",
                                "No proposal was agreed by the hospital: give the payment method.")
            last = agreed[-1]
            method, deductions = last["method"], json.loads(last["deductions"])
            points, amount_fen = last["points"], last["amount_fen"]
        chosen = parse_method(method)
        concluded = conclusion(db, application_id)
        if concluded is not None and concluded["outcome"] == Outcome.OPPOSED.value and chosen != Method.KEEP_DRG:
            raise UserError("专家评审未通过该申报，只能维持DRG支付。",
                            "The panel opposed the application: the only decision is to keep the DRG payment.")
        settlement = _settle(db, app, chosen, deductions, points, amount_fen)
        money = case_money(db, app["case_pk"])
        replaced = _open_draft(db, application_id)
        if replaced is not None:
            db.execute("UPDATE decisions SET superseded = 1 WHERE id = ?", [replaced["id"]])
        previous = _notified(db, application_id) if amends else None
        row = {"application_id": application_id, "method": chosen.value,
               "deductions": json.dumps(dict(deductions or {})), "points": _fraction_text(settlement.points),
               "payment_fen": settlement.payment_fen, "deductions_fen": settlement.deductions_fen,
               "separate_fen": settlement.separate_fen, "before_points": _fraction_text(money.result_points),
               "before_payment_fen": money.result_payment_fen, "reasons": reasons,
               "amends": previous["id"] if previous else None, "drafted_at": audit.now_iso(),
               "drafted_by": actor.name}
        row["id"] = db.table("decisions").insert(row).last_pk
        take(db, actor, app, step, {"decision": {k: v for k, v in row.items() if k != "application_id"},
                                     "replaces_draft": replaced["id"] if replaced else None})
        return row


def sign(db: Database, actor: Actor, application_id: int) -> dict:
    """签发: a supervisor who did not draft the decision. The signature's audit event is the
    decision's verification code on the notice."""
    with db.atomic():
        app = application(db, application_id)
        decision = _open_draft(db, application_id)
        check(db, actor, Action.SIGN, Facts(own_draft=decision is not None and decision["drafted_by"] == actor.name))
        check_step(app["status"], Step.SIGN)
        if decision is None:
            raise UserError("没有待签发的决定。", "There is no drafted decision to sign.")
        now = audit.now_iso()
        db.execute("UPDATE decisions SET signed_at = ?, signed_by = ? WHERE id = ?", [now, actor.name, decision["id"]])
        take(db, actor, app, Step.SIGN, {"decision_id": decision["id"], "points": decision["points"],
                                          "payment_fen": decision["payment_fen"], "method": decision["method"]})
        event = db.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
        db.execute("UPDATE decisions SET sign_event = ? WHERE id = ?", [event, decision["id"]])
        return {**decision, "signed_at": now, "signed_by": actor.name, "sign_event": event}


def notify(db: Database, actor: Actor, application_id: int) -> None:
    with db.atomic():
        app = application(db, application_id)
        check(db, actor, Action.NOTIFY)
        check_step(app["status"], Step.NOTIFY)
        decision = next(db.query("SELECT * FROM decisions WHERE application_id = ? AND signed_at IS NOT NULL"
                                 " AND notified_at IS NULL ORDER BY id DESC LIMIT 1", [application_id]))
        db.execute("UPDATE decisions SET notified_at = ?, notified_by = ? WHERE id = ?",
                   [audit.now_iso(), actor.name, decision["id"]])
        take(db, actor, app, Step.NOTIFY, {"decision_id": decision["id"]})


def appeal(db: Database, actor: Actor, application_id: int, grounds: str, *, on: date | None = None) -> None:
    """The hospital's appeal against a notice, within the appeal period the notice states."""
    check_texts((GROUNDS, grounds))  # the limits of domain.bounds, named when refused
    grounds = required_text(grounds, "申诉须写明理由。", "An appeal needs its grounds.")
    with db.atomic():
        app = application(db, application_id)
        check(db, actor, Action.APPEAL)
        check_step(app["status"], Step.APPEAL)
        notified = _notified(db, application_id)
        assert notified is not None  # the state machine allows an appeal only after a notice
        last_day = appeal_deadline(date.fromisoformat(notified["notified_at"][:10]), policy_of(db))
        received = on or date.today()
        if received > last_day:
            raise UserError(f"申诉期已于 {last_day.isoformat()} 届满，不能再受理申诉。",
                            f"The appeal period ended on {last_day.isoformat()}: the appeal cannot be taken.")
        take(db, actor, app, Step.APPEAL, {"grounds": grounds, "received": received.isoformat(),
                                            "decision_id": notified["id"]}, grounds)


def close(db: Database, actor: Actor, application_id: int) -> None:
    with db.atomic():
        check(db, actor, Action.CLOSE)
        take(db, actor, application(db, application_id), Step.CLOSE)


def payment_text(fen: int) -> str:
    return fen_to_yuan_text(fen, thousands=True)


fraction_text = _fraction_text  # public: services.review.view shows fractions the same way
