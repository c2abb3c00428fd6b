"""What happens in the room: an item taken up, votes entered (by the expert, or by the secretary on
their behalf), a conflict declared, an item concluded, the session closed with its minutes.

Votes, conflicts and conclusions go through the review service (``review.vote``,
``review.declare_conflict``, ``review.conclude``), which asks the authority table; this module
adds, in the same transaction, which session the vote was taken in and the item's times.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from sqlite_utils import Database

from workstation.domain.accounts import Role
from workstation.domain.authority import Action
from workstation.domain.messages import Text, UserError
from workstation.domain.review.panel import Outcome
from workstation.services import review
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.services.panel.sessions import (
    ENTITY,
    Item,
    SessionView,
    load_session,
    open_for_changes,
    session_row,
)
from workstation.store import audit
from workstation.store.output_paths import atomic_output, checked_output


def _start(db: Database, session: dict, item: Item, now: str) -> None:
    if session["status"] == "planned":
        db.execute("UPDATE panel_sessions SET status = 'open', started_at = ? WHERE id = ?", [now, session["id"]])
    if item.row["status"] == "waiting":
        db.execute("UPDATE panel_session_items SET status = 'open', started_at = ? WHERE session_id = ?"
                   " AND application_id = ?", [now, session["id"], item.application_id])


def start_item(db: Database, actor: Actor, session_id: int, application_id: int) -> None:
    """The secretary takes an item up (the projector shows it): its start time is recorded once."""
    with db.atomic():
        check(db, actor, Action.PANEL_PLAN)
        view = load_session(db, session_id)
        open_for_changes(view.session)
        item = view.item(application_id)
        if item.row["status"] != "waiting":
            return
        _start(db, view.session, item, audit.now_iso())
        audit.record(db, actor=actor.name, action="panel.start_item", entity=ENTITY, entity_id=session_id,
                     after={"application_id": application_id})


def _own_expert_id(db: Database, actor: Actor) -> int | None:
    row = db.execute("SELECT id FROM experts WHERE username = ?", [actor.name]).fetchone()
    return int(row[0]) if row else None


def vote_in_room(db: Database, actor: Actor, session_id: int, application_id: int, expert_id: int, value: str,
                 comment: str = "") -> Item:
    """One present, non-recused expert's vote on an item, through ``review.vote``. The item
    is concluded as soon as every such expert has voted (when the actor may conclude)."""
    with db.atomic():
        view = load_session(db, session_id)
        open_for_changes(view.session)
        item = view.item(application_id)
        if item.row["status"] in ("decided", "deferred"):
            raise UserError("该议题已结束表决。", "Voting on this item is over.")
        if not item.room.quorum:
            raise UserError(str(item.room.reason(view.panel_size).zh), str(item.room.reason(view.panel_size).en))
        if expert_id not in item.room.voters:
            why = Text("已回避", "recused") if expert_id in item.room.recused else \
                Text("缺席", "absent") if expert_id in view.absent else Text("不是本案评审组成员", "not on this panel")
            raise UserError(f"专家 {expert_id} 不能就本议题表决：{why.zh}。",
                            f"Expert {expert_id} cannot vote on this item: {why.en}.")
        now = audit.now_iso()
        _start(db, view.session, item, now)
        review.vote(db, actor, application_id, expert_id, value, comment)
        on_behalf = actor.role != Role.EXPERT and _own_expert_id(db, actor) != expert_id
        choice = db.execute("SELECT vote FROM panel_members WHERE application_id = ? AND review_round = ?"
                            " AND expert_id = ?", [application_id, item.row["review_round"], expert_id]).fetchone()[0]
        db.execute("INSERT OR REPLACE INTO panel_session_votes (session_id, application_id, expert_id, vote,"
                   " on_behalf, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [session_id, application_id, expert_id, choice, int(on_behalf), actor.name, now])
        audit.record(db, actor=actor.name, action="panel.vote", entity=ENTITY, entity_id=session_id,
                     after={"application_id": application_id, "expert_id": expert_id, "vote": choice,
                            "on_behalf": on_behalf})
        if actor.role != Role.EXPERT:
            settle_item(db, actor, session_id, application_id)
        return load_session(db, session_id).item(application_id)


def declare_in_room(db: Database, actor: Actor, session_id: int, application_id: int, expert_id: int,
                    note: str) -> None:
    """A conflict declared in the room: recorded by the review service (the expert leaves for the item)."""
    with db.atomic():
        view = load_session(db, session_id)
        open_for_changes(view.session)
        view.item(application_id)
        if expert_id not in view.invited:
            raise UserError(f"专家 {expert_id} 未受邀参加本次评审会。", f"Expert {expert_id} is not invited to this session.")
        review.declare_conflict(db, actor, application_id, expert_id, note)
        audit.record(db, actor=actor.name, action="panel.conflict", entity=ENTITY, entity_id=session_id,
                     after={"application_id": application_id, "expert_id": expert_id, "note": note})


def top_up(db: Database, actor: Actor, session_id: int, application_id: int, reason: str) -> None:
    """A flagged item's panel topped up by the review service (as the rules allow): each member
    absent from the session who has not voted is recorded as unable to sit and replaced by a
    draw nobody chooses; without absences, the members lost to recusals are replaced."""
    with db.atomic():
        view = load_session(db, session_id)
        open_for_changes(view.session)
        if view.item(application_id).room.quorum:
            raise UserError("该议题在场专家已达法定人数，无需补抽。", "This item has its quorum: nothing to top up.")
        absent = [m["expert_id"] for m in review.members(db, application_id)
                  if m["expert_id"] in view.absent and not m["vote"] and not m["recused"] and not m["unavailable"]]
        for expert_id in absent:
            review.top_up(db, actor, application_id, reason=reason, unavailable=expert_id)
        if not absent:
            review.top_up(db, actor, application_id, reason=reason)
        audit.record(db, actor=actor.name, action="panel.top_up", entity=ENTITY, entity_id=session_id,
                     after={"application_id": application_id, "reason": reason, "unavailable": absent})


def settle_item(db: Database, actor: Actor, session_id: int, application_id: int) -> bool:
    """Conclude an item whose present voters have all voted and whose panel has a majority.
    Returns whether it was concluded now."""
    with db.atomic():
        view = load_session(db, session_id)
        item = view.item(application_id)
        if item.row["status"] in ("decided", "deferred") or not item.room.votes_in:
            return False
        result = review.current_tally(db, application_id)
        now = audit.now_iso()
        if not result.decided:
            db.execute("UPDATE panel_session_items SET note = ? WHERE session_id = ? AND application_id = ?",
                       [result.reason.zh + "\n" + result.reason.en, session_id, application_id])
            return False
        review.conclude(db, actor, application_id)
        db.execute("UPDATE panel_session_items SET status = 'decided', ended_at = ?, outcome = ?, note = NULL"
                   " WHERE session_id = ? AND application_id = ?", [now, result.outcome.value, session_id,
                                                                   application_id])
        audit.record(db, actor=actor.name, action="panel.item_decided", entity=ENTITY, entity_id=session_id,
                     after={"application_id": application_id, "outcome": result.outcome.value,
                            "support": result.support, "oppose": result.oppose, "abstain": result.abstain})
        return True


def settle(db: Database, actor: Actor, session_id: int) -> list[int]:
    """Every item whose votes are all in, concluded (the experts may have voted from their desks)."""
    if actor.role == Role.EXPERT:
        return []
    view = load_session(db, session_id)
    return [i.application_id for i in view.items if settle_item(db, actor, session_id, i.application_id)]


@dataclass(frozen=True)
class Closed:
    view: SessionView
    sha256: str


def close_session(db: Database, actor: Actor, session_id: int, minutes_path: str | os.PathLike,
                  *, lang: str | None = None) -> Closed:
    """Conclude what can be, defer the rest, print the minutes and record their SHA-256."""
    from workstation.reports.session_minutes import minutes_pdf  # reportlab only when printing
    from workstation.services.panel.minutes import session_minutes

    out = checked_output(minutes_path, db)  # never the database, a folder or a device
    with db.atomic():
        check(db, actor, Action.PANEL_CLOSE)
        open_for_changes(session_row(db, session_id))
        settle(db, actor, session_id)
        now = audit.now_iso()
        for item in load_session(db, session_id).items:
            if item.row["status"] in ("waiting", "open"):
                if not item.room.quorum:
                    reason = item.room.reason(load_session(db, session_id).panel_size)
                    note = reason.zh + "\n" + reason.en
                elif not item.room.votes_in:
                    missing = Text("表决未完成", "voting not complete")
                    note = missing.zh + "\n" + missing.en
                else:
                    note = item.row["note"] or ""
                tally = review.current_tally(db, item.application_id)
                outcome = tally.outcome.value if tally.outcome != Outcome.PENDING or item.room.quorum else ""
                db.execute("UPDATE panel_session_items SET status = 'deferred', ended_at = COALESCE(ended_at, ?),"
                           " outcome = ?, note = ? WHERE session_id = ? AND application_id = ?",
                           [now if item.row["started_at"] else None, outcome or None, note, session_id,
                            item.application_id])
        db.execute("UPDATE panel_sessions SET status = 'closed', closed_at = ? WHERE id = ?", [now, session_id])
        view = load_session(db, session_id)
        data = minutes_pdf(session_minutes(db, view), lang=lang)
        digest = hashlib.sha256(data).hexdigest()
        db.execute("UPDATE panel_sessions SET minutes_sha256 = ? WHERE id = ?", [digest, session_id])
        audit.record(db, actor=actor.name, action="panel.close", entity=ENTITY, entity_id=session_id,
                     after={"minutes_sha256": digest, "file": out.name,
                            "decided": [i.application_id for i in view.items if i.status == "decided"],
                            "deferred": [i.application_id for i in view.items if i.status == "deferred"]})
        with atomic_output(out, db) as temporary:
            temporary.write_bytes(data)
        return Closed(load_session(db, session_id), digest)


def votes_in_room(db: Database, actor: Actor, session_id: int, application_id: int,
                  votes: dict[int, str]) -> Item:
    """Several present experts' votes on one item, entered together by the secretary (all or none)."""
    with db.atomic():
        item = None
        for expert_id, value in votes.items():
            item = vote_in_room(db, actor, session_id, application_id, expert_id, value)
        return item if item is not None else load_session(db, session_id).item(application_id)
