"""Planning an expert panel session and reading it back: the agenda, the experts invited and
absent, and per item who leaves the room and whether it has a quorum.

The experts invited are the members of the agenda's panels (drawn by the review service:
nobody chooses them here). Recusals and quorums are computed from the store each time they
are read, so a conflict declared in the room takes effect at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from workstation.domain.authority import Action
from workstation.domain.blinding import hospital_letters
from workstation.domain.messages import UserError
from workstation.domain.review.calendar import settlement_deadline
from workstation.domain.review.session import ItemRoom, Member, item_room
from workstation.domain.review.workflow import Status
from workstation.engine.ruleset import current_rules
from workstation.services import review
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.store import audit

ENTITY = "panel_session"
DEFAULT_MINUTES_PER_ITEM = 6


def minutes_per_item(db: Database) -> int:
    """The rules' ``[panel] minutes_per_item``: the time the projector's timer gives an item."""
    section = current_rules(db).raw.get("panel")
    value = section.get("minutes_per_item") if isinstance(section, dict) else None
    return int(value) if isinstance(value, int) and value > 0 else DEFAULT_MINUTES_PER_ITEM


@dataclass
class Item:
    row: dict  # the panel_session_items row
    application: dict
    letter: str
    members: list[dict]  # the round's panel: expert_id, name, specialty, recused, vote, comment, voted_by
    room: ItemRoom

    @property
    def application_id(self) -> int:
        return int(self.row["application_id"])

    @property
    def status(self) -> str:
        return str(self.row["status"])


@dataclass
class SessionView:
    session: dict
    items: list[Item]
    invited: dict[int, dict]  # expert id -> experts row
    absent: dict[int, str]  # expert id -> reason
    panel_size: int
    minutes_per_item: int
    session_votes: dict[tuple[int, int], dict] = field(default_factory=dict)  # (app, expert) -> row

    @property
    def id(self) -> int:
        return int(self.session["id"])

    @property
    def present(self) -> list[dict]:
        return [e for i, e in self.invited.items() if i not in self.absent]

    def item(self, application_id: int) -> Item:
        found = next((i for i in self.items if i.application_id == application_id), None)
        if found is None:
            raise UserError(f"申报 {application_id} 不在评审会 {self.id} 的议程中。",
                            f"Application {application_id} is not on session {self.id}'s agenda.")
        return found


def session_row(db: Database, session_id: int) -> dict:
    row = next(db.query("SELECT * FROM panel_sessions WHERE id = ?", [session_id]), None)
    if row is None:
        raise UserError(f"没有编号为 {session_id} 的评审会。", f"There is no panel session {session_id}.")
    return row


def open_for_changes(row: dict) -> None:
    if row["status"] == "closed":
        raise UserError(f"评审会 {row['id']} 已结束，不能再更改。", f"Session {row['id']} is closed: it cannot change.")


def new_session(db: Database, actor: Actor, held_on: date, title: str = "", place: str = "") -> int:
    with db.atomic():
        check(db, actor, Action.PANEL_PLAN)
        row = {"held_on": held_on.isoformat(), "title": title.strip(), "place": place.strip(),
               "created_at": audit.now_iso(), "created_by": actor.name}
        session_id = int(db.table("panel_sessions").insert(row).last_pk or 0)
        audit.record(db, actor=actor.name, action="panel.new", entity=ENTITY, entity_id=session_id, after=row)
        return session_id


def _deadline_key(db: Database, app: dict) -> tuple[str, str, int]:
    try:
        due = settlement_deadline(app["cycle"], review.policy_of(db)).isoformat()
    except (ValueError, KeyError):
        due = "9999"
    return due, app["submitted_on"], int(app["id"])


def add_items(db: Database, actor: Actor, session_id: int, application_ids: list[int]) -> list[int]:
    """Put applications on the agenda, after those already there, earliest deadline first.
    Each must be in expert review with its panel drawn, and on no other open session."""
    with db.atomic():
        check(db, actor, Action.PANEL_PLAN)
        open_for_changes(session_row(db, session_id))
        apps = []
        for application_id in dict.fromkeys(application_ids):
            app = review.application(db, application_id)
            if app["status"] != Status.EXPERT_REVIEW.value or not review.members(db, application_id):
                raise UserError(f"申报 {application_id} 不在专家评审中（或尚未抽取评审专家），不能列入议程。",
                                f"Application {application_id} is not in expert review with a drawn panel: "
                                "it cannot go on the agenda.")
            other = db.execute(
                "SELECT s.id FROM panel_session_items i JOIN panel_sessions s ON s.id = i.session_id"
                " WHERE i.application_id = ? AND s.status != 'closed'", [application_id]).fetchone()
            if other is not None:
                raise UserError(f"申报 {application_id} 已在评审会 {other[0]} 的议程中。",
                                f"Application {application_id} is already on session {other[0]}'s agenda.")
            apps.append(app)
        apps.sort(key=lambda a: _deadline_key(db, a))
        last = db.execute("SELECT COALESCE(MAX(position), 0) FROM panel_session_items WHERE session_id = ?",
                          [session_id]).fetchone()[0]
        for offset, app in enumerate(apps, start=1):
            review_round = max(m["review_round"] for m in review.members(db, app["id"]))
            db.execute("INSERT INTO panel_session_items (session_id, application_id, position, review_round)"
                       " VALUES (?, ?, ?, ?)", [session_id, app["id"], last + offset, review_round])
        added = [int(a["id"]) for a in apps]
        audit.record(db, actor=actor.name, action="panel.add", entity=ENTITY, entity_id=session_id,
                     after={"applications": added})
        return added


def order_items(db: Database, actor: Actor, session_id: int, application_ids: list[int]) -> None:
    """The agenda in the order given (by hand); items not named keep their order after them."""
    with db.atomic():
        check(db, actor, Action.PANEL_PLAN)
        open_for_changes(session_row(db, session_id))
        current = [r[0] for r in db.execute(
            "SELECT application_id FROM panel_session_items WHERE session_id = ? ORDER BY position", [session_id])]
        unknown = [a for a in application_ids if a not in current]
        if unknown:
            raise UserError(f"申报 {unknown[0]} 不在议程中。", f"Application {unknown[0]} is not on the agenda.")
        order = list(dict.fromkeys(application_ids)) + [a for a in current if a not in application_ids]
        for position, application_id in enumerate(order, start=1):
            db.execute("UPDATE panel_session_items SET position = ? WHERE session_id = ? AND application_id = ?",
                       [position, session_id, application_id])
        audit.record(db, actor=actor.name, action="panel.order", entity=ENTITY, entity_id=session_id,
                     before={"order": current}, after={"order": order})


def set_summary(db: Database, actor: Actor, session_id: int, application_id: int, summary: str) -> None:
    """The reviewer's summary of an item, shown to the panel (masked like every free text)."""
    with db.atomic():
        check(db, actor, Action.PANEL_PLAN)
        open_for_changes(session_row(db, session_id))
        view = load_session(db, session_id)
        view.item(application_id)
        db.execute("UPDATE panel_session_items SET summary = ? WHERE session_id = ? AND application_id = ?",
                   [summary.strip(), session_id, application_id])
        audit.record(db, actor=actor.name, action="panel.summary", entity=ENTITY, entity_id=session_id,
                     after={"application_id": application_id, "summary": summary.strip()})


def set_absent(db: Database, actor: Actor, session_id: int, expert_id: int, reason: str = "",
               absent: bool = True) -> None:
    """An invited expert marked absent (or back in the room with ``absent=False``)."""
    with db.atomic():
        check(db, actor, Action.PANEL_PLAN)
        open_for_changes(session_row(db, session_id))
        view = load_session(db, session_id)
        if expert_id not in view.invited:
            raise UserError(f"专家 {expert_id} 不是本次评审会议程中任何评审组的成员。",
                            f"Expert {expert_id} sits on none of this session's panels.")
        if absent:
            db.execute("INSERT OR REPLACE INTO panel_session_absences (session_id, expert_id, reason, recorded_at,"
                       " recorded_by) VALUES (?, ?, ?, ?, ?)",
                       [session_id, expert_id, reason.strip(), audit.now_iso(), actor.name])
        else:
            db.execute("DELETE FROM panel_session_absences WHERE session_id = ? AND expert_id = ?",
                       [session_id, expert_id])
        audit.record(db, actor=actor.name, action="panel.absent", entity=ENTITY, entity_id=session_id,
                     after={"expert_id": expert_id, "absent": absent, "reason": reason.strip()})


def list_sessions(db: Database) -> list[dict]:
    return list(db.query(
        "SELECT s.*, (SELECT COUNT(*) FROM panel_session_items i WHERE i.session_id = s.id) AS items,"
        " (SELECT COUNT(*) FROM panel_session_items i WHERE i.session_id = s.id AND i.status = 'decided')"
        " AS decided FROM panel_sessions s ORDER BY s.held_on DESC, s.id DESC"))


def load_session(db: Database, session_id: int) -> SessionView:
    session = session_row(db, session_id)
    rows = list(db.query("SELECT * FROM panel_session_items WHERE session_id = ? ORDER BY position", [session_id]))
    absent = {r[0]: r[1] for r in db.execute(
        "SELECT expert_id, reason FROM panel_session_absences WHERE session_id = ?", [session_id])}
    view = build_view(db, session, rows, absent)
    view.session_votes = {(v["application_id"], v["expert_id"]): v for v in db.query(
        "SELECT * FROM panel_session_votes WHERE session_id = ?", [session_id])}
    return view


def build_view(db: Database, session: dict, rows: list[dict], absent: dict[int, str]) -> SessionView:
    """A session's view over agenda ``rows`` (panel_session_items rows, or rows shaped like them
    for an expert's desk outside any session)."""
    apps = {r["application_id"]: review.application(db, r["application_id"]) for r in rows}
    letters = hospital_letters(apps[r["application_id"]]["hospital_code"] for r in rows)
    panels = {r["application_id"]: review.members(db, r["application_id"], r["review_round"]) for r in rows}
    invited_ids = sorted({m["expert_id"] for members in panels.values() for m in members})
    invited = {e["id"]: e for e in db.query(
        f"SELECT * FROM experts WHERE id IN ({','.join('?' * len(invited_ids))}) ORDER BY id", invited_ids)}
    affiliations = {i: frozenset(c for c in (e["hospital_codes"] or "").split(";") if c) for i, e in invited.items()}
    size = review.policy_of(db).panel_size
    items = []
    for r in rows:
        app = apps[r["application_id"]]
        conflicts = [c[0] for c in db.execute("SELECT expert_id FROM conflict_declarations WHERE application_id = ?",
                                              [app["id"]])]
        members = panels[r["application_id"]]
        room = item_room([Member(m["expert_id"], bool(m["recused"]), bool(m["vote"])) for m in members],
                         affiliations, absent, app["hospital_code"], conflicts, size)
        items.append(Item(r, app, letters[app["hospital_code"]], members, room))
    return SessionView(session, items, invited, absent, size, minutes_per_item(db))


def candidates(db: Database) -> list[dict]:
    """Applications that may go on an agenda: in expert review with a drawn panel, on no open
    session; with the hospital's name for the office's eyes (never shown to the panel)."""
    return list(db.query(
        "SELECT a.id, a.hospital_code, COALESCE(h.hospital_name, '') AS hospital_name, a.reason, a.submitted_on"
        " FROM applications a LEFT JOIN current_hospitals h ON h.hospital_code = a.hospital_code"
        " WHERE a.status = ? AND EXISTS (SELECT 1 FROM panel_members m WHERE m.application_id = a.id)"
        " AND NOT EXISTS (SELECT 1 FROM panel_session_items i JOIN panel_sessions s ON s.id = i.session_id"
        "                 WHERE i.application_id = a.id AND s.status != 'closed')"
        " ORDER BY a.submitted_on, a.id", [Status.EXPERT_REVIEW.value]))


def hospital_names(db: Database) -> dict[str, str]:
    """Code -> name of the hospitals in force: the office's agenda shows both."""
    return dict(db.execute("SELECT hospital_code, hospital_name FROM current_hospitals").fetchall())
