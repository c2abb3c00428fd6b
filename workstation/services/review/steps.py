"""The special-case workflow's steps, as the command line and the GUI take them: the shared
helpers and intake (accept, return, resubmit, refuse); the panel's steps are in ``panel``.

Each step reads the application, asks the authority (``services.authority``) whether the actor
may take it with the facts it read, asks the state machine whether the step comes now, changes
the rows and writes its audit event in one transaction: the change and its record land
together or not at all. The case's review status (``case_reviews``, the queue's status
filter) follows the application's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from workstation.domain.authority import Action, AuthorityError, Facts
from workstation.domain.bounds import MISSING, NOTE, REASON, check_texts
from workstation.domain.messages import Text, UserError
from workstation.domain.review.policy import ReviewPolicy, review_policy
from workstation.domain.review.quota import beyond_quota, over_by, quota_of
from workstation.domain.review.workflow import COUNTED_STATUSES, Status, Step, check_step
from workstation.engine.ruleset import current_rules
from workstation.services.authority import check
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


def required_text(text: str | None, zh: str, en: str) -> str:
    if not text or not str(text).strip():
        raise UserError(zh, en)
    return str(text).strip()


def take(db: Database, actor: Actor, app: dict, step: Step, after: dict | None = None,
         note: str | None = None) -> Status:
    """Move ``app`` by ``step`` (its order checked; the caller asked the authority), record the
    event; inside the caller's transaction."""
    target = check_step(app["status"], step)
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
        return over_by(self.used, self.quota)

    @property
    def full(self) -> bool:
        """Accepting one more goes beyond the quota (it needs a supervisor's override)."""
        return beyond_quota(self.used, self.quota)


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
    return [QuotaUse(h, period, int(n or 0), quota_of(policy.cap, int(n or 0)), int(used.get(h, 0)))
            for h, n in sorted(discharges.items())]


def accept(db: Database, actor: Actor, application_id: int, *, override_reason: str | None = None) -> Status:
    """受理. Beyond the hospital's quota only a supervisor may accept, with a written reason."""
    check_texts((REASON, override_reason))  # the limits of domain.bounds, named when refused
    reason = (override_reason or "").strip()
    with db.atomic():
        app = application(db, application_id)
        use = next(iter(quota_use(db, app["period"], app["hospital_code"])), None)
        quota, used = (use.quota, use.used) if use else (0, 0)
        over = beyond_quota(used, quota)
        after: dict[str, Any] = {"quota": quota, "used_before": used}
        try:
            if not over or not reason:
                # Within the quota a plain acceptance; beyond it without a reason the refusal says what is needed.
                check(db, actor, Action.ACCEPT, Facts(over_quota=over))
            else:
                check(db, actor, Action.QUOTA_OVERRIDE, Facts(over_quota=True, reason_given=True))
        except AuthorityError as refused:
            if not over:
                raise
            raise AuthorityError(refused.action, refused.rule, Text(
                f"{refused.reason.zh.rstrip('。')}（医院 {app['hospital_code']} 在 {app['period']} 的名额为 {quota} 件，"
                f"已受理 {used} 件）",
                f"{refused.reason.en.rstrip('.')} (hospital {app['hospital_code']} has a quota of {quota} for "
                f"{app['period']} and {used} are accepted)")) from None
        check_step(app["status"], Step.ACCEPT)
        if over:
            db.execute("UPDATE applications SET quota_override = ? WHERE id = ?", [reason, application_id])
            after["quota_override"] = reason
            audit.record(db, actor=actor.name, action="review.quota_override", entity=ENTITY,
                         entity_id=application_id, after={"reason": reason, "quota": quota})
        return take(db, actor, app, Step.ACCEPT, after)


def return_for_supplement(db: Database, actor: Actor, application_id: int, missing: str) -> Status:
    check_texts((MISSING, missing))  # the limits of domain.bounds, named when refused
    missing = required_text(missing, "退回补充须写明需要医院补充的材料。", "Say what the hospital must supply.")
    with db.atomic():
        check(db, actor, Action.RETURN)
        return take(db, actor, application(db, application_id), Step.RETURN, {"missing": missing}, missing)


def resubmit(db: Database, actor: Actor, application_id: int, supplied: str = "") -> Status:
    check_texts((NOTE, supplied))  # the limits of domain.bounds, named when refused
    check_texts((NOTE, supplied))  # the limits of domain.bounds, named when refused
    with db.atomic():
        check(db, actor, Action.RESUBMIT)
        return take(db, actor, application(db, application_id), Step.RESUBMIT, {"supplied": supplied})


def refuse(db: Database, actor: Actor, application_id: int, reason: str) -> Status:
    check_texts((REASON, reason))  # the limits of domain.bounds, named when refused
    reason = required_text(reason, "不予受理须写明理由。", "Give the reason for refusing.")
    with db.atomic():
        check(db, actor, Action.REFUSE)
        return take(db, actor, application(db, application_id), Step.REFUSE, {"reason": reason}, reason)
