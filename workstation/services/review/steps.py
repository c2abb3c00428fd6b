"""The special-case workflow's steps, as the command line and the GUI take them.

Each step reads the application, asks the domain's state machine whether the
actor may take it, changes the rows and writes its audit event in one
transaction: the change and its record land together or not at all. The case's
review status (``case_reviews``, the queue's status filter) follows the
application's.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from workstation.domain.accounts import Role
from workstation.domain.bounds import COMMENT, MISSING, NOTE, REASON, check_texts
from workstation.domain.messages import UserError
from workstation.domain.review import panel as P
from workstation.domain.review.policy import ReviewPolicy, review_policy
from workstation.domain.review.workflow import COUNTED_STATUSES, Status, Step, check_step
from workstation.engine.ruleset import current_rules
from workstation.services.context import Actor
from workstation.store import audit

ENTITY = "application"


def policy_of(db: Database) -> ReviewPolicy:
    return review_policy(current_rules(db))


def application(db: Database, application_id: int) -> dict:
    row = next(db.query("SELECT * FROM applications WHERE id = ?", [application_id]), None)
    if row is None:
        raise UserError(f"没有编号为 {application_id} 的特例单议申报。",
                        f"There is no special-case application {application_id}.")
    return row


def _required(text: str | None, zh: str, en: str) -> str:
    if not text or not str(text).strip():
        raise UserError(zh, en)
    return str(text).strip()


def _take(db: Database, actor: Actor, app: dict, step: Step, after: dict | None = None,
          note: str | None = None) -> Status:
    """Move ``app`` by ``step`` (checked), record the event; inside the caller's transaction."""
    target = check_step(app["status"], step, actor.acts_as(Role.SUPERVISOR))
    now = audit.now_iso()
    db.execute("UPDATE applications SET status = ?, status_note = ?, updated_at = ? WHERE id = ?",
               [target.value, note, now, app["id"]])
    db.execute("INSERT INTO case_reviews (case_pk, status, updated_at, updated_by, note) VALUES (?, ?, ?, ?, ?)"
               " ON CONFLICT (case_pk) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,"
               " updated_by = excluded.updated_by, note = excluded.note",
               [app["case_pk"], target.value, now, actor.name, note])
    audit.record(db, actor=actor.name, action=f"review.{step.value}", entity=ENTITY, entity_id=app["id"],
                 before={"status": app["status"]}, after={"status": target.value, **(after or {})})
    return target


# --- acceptance -------------------------------------------------------------------------

@dataclass(frozen=True)
class QuotaUse:
    hospital_code: str
    period: str
    drg_discharges: int
    quota: int
    used: int  # applications accepted (and on) for the hospital and period

    @property
    def over(self) -> int:
        return max(0, self.used - self.quota)


def quota_use(db: Database, period: str, hospital_code: str | None = None) -> list[QuotaUse]:
    """Per hospital of ``period``: its quota (cap × DRG-paid discharges, rounded down) and use."""
    policy = policy_of(db)
    where, params = "period = ?", [period]
    if hospital_code:
        where, params = where + " AND hospital_code = ?", params + [hospital_code]
    discharges = dict(db.execute(
        f"SELECT hospital_code, SUM(payment_basis != 'BY_ITEM') FROM case_results_full WHERE {where}"
        " GROUP BY hospital_code", params).fetchall())
    statuses = sorted(s.value for s in COUNTED_STATUSES)
    used = dict(db.execute(
        f"SELECT hospital_code, COUNT(*) FROM applications WHERE {where} AND status IN"
        f" ({', '.join('?' * len(statuses))}) GROUP BY hospital_code", params + statuses).fetchall())
    return [QuotaUse(h, period, int(n or 0), int(policy.cap * int(n or 0)), int(used.get(h, 0)))
            for h, n in sorted(discharges.items())]


def accept(db: Database, actor: Actor, application_id: int, *, override_reason: str | None = None) -> Status:
    """受理. Beyond the hospital's quota only a supervisor may accept, with a written reason."""
    check_texts((REASON, override_reason))  # the limits of domain.bounds, named when refused
    with db.atomic():
        app = application(db, application_id)
        check_step(app["status"], Step.ACCEPT, actor.acts_as(Role.SUPERVISOR))
        use = next(iter(quota_use(db, app["period"], app["hospital_code"])), None)
        over = use is not None and use.used >= use.quota
        after: dict[str, Any] = {"quota": use.quota if use else 0, "used_before": use.used if use else 0}
        if over:
            if actor.acts_as(Role.SUPERVISOR) != Role.SUPERVISOR or not (override_reason or "").strip():
                raise UserError(
                    f"医院 {app['hospital_code']} 在 {app['period']} 的特例单议名额为 {use.quota if use else 0} 件，"
                    f"已受理 {use.used if use else 0} 件：超出名额受理须由科室负责人填写理由后办理。",
                    f"Hospital {app['hospital_code']} has a quota of {use.quota if use else 0} applications for "
                    f"{app['period']} and {use.used if use else 0} are accepted: accepting beyond it needs a "
                    "supervisor's override with a written reason.")
            reason = (override_reason or "").strip()
            db.execute("UPDATE applications SET quota_override = ? WHERE id = ?", [reason, application_id])
            after["quota_override"] = reason
            audit.record(db, actor=actor.name, action="review.quota_override", entity=ENTITY,
                         entity_id=application_id, after={"reason": reason,
                                                          "quota": use.quota if use else 0})
        return _take(db, actor, app, Step.ACCEPT, after)


def return_for_supplement(db: Database, actor: Actor, application_id: int, missing: str) -> Status:
    check_texts((MISSING, missing))  # the limits of domain.bounds, named when refused
    missing = _required(missing, "退回补充须写明需要医院补充的材料。", "Say what the hospital must supply.")
    with db.atomic():
        return _take(db, actor, application(db, application_id), Step.RETURN, {"missing": missing}, missing)


def resubmit(db: Database, actor: Actor, application_id: int, supplied: str = "") -> Status:
    check_texts((NOTE, supplied))  # the limits of domain.bounds, named when refused
    with db.atomic():
        return _take(db, actor, application(db, application_id), Step.RESUBMIT, {"supplied": supplied})


def refuse(db: Database, actor: Actor, application_id: int, reason: str) -> Status:
    check_texts((REASON, reason))  # the limits of domain.bounds, named when refused
    reason = _required(reason, "不予受理须写明理由。", "Give the reason for refusing.")
    with db.atomic():
        return _take(db, actor, application(db, application_id), Step.REFUSE, {"reason": reason}, reason)


# --- expert review ----------------------------------------------------------------------

def _round(db: Database, application_id: int) -> int:
    return int(db.execute("SELECT COALESCE(MAX(review_round), 0) FROM panel_members WHERE application_id = ?",
                          [application_id]).fetchone()[0])


def members(db: Database, application_id: int, review_round: int | None = None) -> list[dict]:
    review_round = _round(db, application_id) if review_round is None else review_round
    return list(db.query(
        "SELECT m.*, e.name, e.specialty FROM panel_members m JOIN experts e ON e.id = m.expert_id"
        " WHERE m.application_id = ? AND m.review_round = ? ORDER BY m.rowid", [application_id, review_round]))


def _pool(db: Database) -> list[P.PoolExpert]:
    return [P.PoolExpert(r["id"], r["name"], frozenset(c for c in r["hospital_codes"].split(";") if c),
                         bool(r["active"])) for r in db.query("SELECT * FROM experts ORDER BY id")]


def draw_experts(db: Database, actor: Actor, application_id: int, *, size: int | None = None,
                 seed: str | None = None) -> P.Draw:
    """Draw the panel (or more experts for a panel without a majority; a new panel after an appeal)."""
    policy = policy_of(db)
    with db.atomic():
        app = application(db, application_id)
        check_step(app["status"], Step.DRAW, actor.acts_as(Role.SUPERVISOR))
        review_round = _round(db, application_id)
        adding = app["status"] == Status.EXPERT_REVIEW.value
        if not adding:
            review_round += 1
        size = size or (1 if adding else policy.panel_size)
        conflicts = [r[0] for r in db.execute(
            "SELECT expert_id FROM conflict_declarations WHERE application_id = ?", [application_id])]
        already = [m["expert_id"] for m in members(db, application_id, review_round)] if adding else []
        draw = P.draw_panel(_pool(db), app["hospital_code"], size, seed=seed or P.new_seed(),
                            conflicts=conflicts, already=already)
        now = audit.now_iso()
        draw_id = db.execute(
            "INSERT INTO expert_draws (application_id, review_round, seed, size, eligible, excluded, drawn,"
            " drawn_at, drawn_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [application_id, review_round, draw.seed, draw.size, json.dumps(draw.eligible),
             json.dumps({str(k): v for k, v in draw.excluded.items()}), json.dumps(draw.drawn), now,
             actor.name]).lastrowid
        for expert_id in draw.drawn:
            db.execute("INSERT INTO panel_members (application_id, review_round, expert_id, draw_id)"
                       " VALUES (?, ?, ?, ?)", [application_id, review_round, expert_id, draw_id])
        _take(db, actor, app, Step.DRAW, {"draw_id": draw_id, "review_round": review_round, "seed": draw.seed,
                                          "eligible": list(draw.eligible), "drawn": list(draw.drawn),
                                          "excluded": {str(k): v for k, v in draw.excluded.items()}})
        return draw


def replay_draw(db: Database, draw_id: int) -> tuple[P.Draw, bool]:
    """The recorded draw and whether replaying its seed over its pool gives the same experts."""
    row = next(db.query("SELECT * FROM expert_draws WHERE id = ?", [draw_id]), None)
    if row is None:
        raise UserError(f"没有编号为 {draw_id} 的专家抽取记录。", f"There is no expert draw {draw_id}.")
    draw = P.Draw(seed=row["seed"], size=row["size"], eligible=tuple(json.loads(row["eligible"])),
                  excluded={int(k): v for k, v in json.loads(row["excluded"]).items()},
                  drawn=tuple(json.loads(row["drawn"])))
    return draw, P.replay(draw) == draw.drawn


def declare_conflict(db: Database, actor: Actor, application_id: int, expert_id: int, note: str = "") -> None:
    """An expert's conflict of interest: left out of later draws; recused if already on the panel."""
    check_texts((NOTE, note))  # the limits of domain.bounds, named when refused
    with db.atomic():
        app = application(db, application_id)
        if app["status"] not in (Status.SUBMITTED, Status.ACCEPTED, Status.EXPERT_REVIEW, Status.APPEALED):
            raise UserError("评审结束后不能再声明回避。", "A conflict can only be declared before the review ends.")
        db.execute("INSERT OR REPLACE INTO conflict_declarations (application_id, expert_id, note, declared_at,"
                   " recorded_by) VALUES (?, ?, ?, ?, ?)", [application_id, expert_id, note, audit.now_iso(),
                                                            actor.name])
        db.execute("UPDATE panel_members SET recused = 1 WHERE application_id = ? AND expert_id = ?"
                   " AND review_round = ?", [application_id, expert_id, _round(db, application_id)])
        audit.record(db, actor=actor.name, action="review.conflict", entity=ENTITY, entity_id=application_id,
                     after={"expert_id": expert_id, "note": note})


def vote(db: Database, actor: Actor, application_id: int, expert_id: int, value: str, comment: str = "") -> None:
    """An expert's vote, entered by the expert or recorded for them by a reviewer (both names kept).
    A vote may be changed until the review is concluded; each change is an event."""
    check_texts((COMMENT, comment))  # the limits of domain.bounds, named when refused
    choice = P.parse_vote(value)
    with db.atomic():
        app = application(db, application_id)
        check_step(app["status"], Step.VOTE, actor.acts_as(Role.SUPERVISOR))
        review_round = _round(db, application_id)
        member = next((m for m in members(db, application_id, review_round) if m["expert_id"] == expert_id), None)
        if member is None or member["recused"]:
            raise UserError(f"专家 {expert_id} 不在本案本轮评审组中（或已回避）。",
                            f"Expert {expert_id} is not on this application's panel (or has recused).")
        if actor.role == Role.EXPERT:
            own = db.execute("SELECT id FROM experts WHERE username = ?", [actor.name]).fetchone()
            if own is None or own[0] != expert_id:
                raise UserError("专家只能录入本人的意见。", "An expert can only enter their own vote.")
        db.execute("UPDATE panel_members SET vote = ?, comment = ?, voted_at = ?, voted_by = ?"
                   " WHERE application_id = ? AND review_round = ? AND expert_id = ?",
                   [choice.value, comment, audit.now_iso(), actor.name, application_id, review_round, expert_id])
        audit.record(db, actor=actor.name, action="review.vote", entity=ENTITY, entity_id=application_id,
                     before={"vote": member["vote"]} if member["vote"] else None,
                     after={"expert_id": expert_id, "expert": member["name"], "vote": choice.value,
                            "comment": comment, "entered_by": actor.name, "review_round": review_round})


def current_tally(db: Database, application_id: int) -> P.Tally:
    policy = policy_of(db)
    panel = [m for m in members(db, application_id) if not m["recused"]]
    return P.tally([m["expert_id"] for m in panel], {m["expert_id"]: m["vote"] for m in panel if m["vote"]},
                   majority_share=policy.majority_share, min_members=policy.panel_size)


def conclude(db: Database, actor: Actor, application_id: int) -> P.Tally:
    """The panel's conclusion; refused (the application stays in review) without a majority."""
    with db.atomic():
        app = application(db, application_id)
        check_step(app["status"], Step.CONCLUDE, actor.acts_as(Role.SUPERVISOR))
        result = current_tally(db, application_id)
        if not result.decided:
            raise UserError(result.reason.zh, result.reason.en)
        _take(db, actor, app, Step.CONCLUDE, {"outcome": result.outcome.value, "support": result.support,
                                              "oppose": result.oppose, "abstain": result.abstain,
                                              "members": result.members}, result.reason.zh)
        return result


def _concluded_outcome(db: Database, application_id: int) -> str | None:
    row = db.execute("SELECT after FROM audit_log WHERE entity = ? AND entity_id = ? AND action = 'review.conclude'"
                     " ORDER BY id DESC LIMIT 1", [ENTITY, str(application_id)]).fetchone()
    return json.loads(row[0]).get("outcome") if row else None


# The helpers services.review.decisions builds its steps with, under public names (the
# underscored ones stay for this module's own use).
take_step = _take
required_text = _required
concluded_outcome = _concluded_outcome
