"""An expert's own desk: the items awaiting their vote, blinded as on the projector.

An item is waiting when the expert sits, not recused, on its application's current panel,
the panel has not concluded and the expert has not voted. Items on a session's agenda carry
the session's letters; the others are lettered in the desk's own order. Other experts' votes
are given only for the items the expert has already voted on (none here: these await theirs).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from workstation.domain.review.workflow import Status
from workstation.services.context import Actor
from workstation.services.panel.blinded import BlindedItem, blinded_item
from workstation.services.panel.sessions import SessionView, build_view, load_session


@dataclass(frozen=True)
class Waiting:
    session_id: int | None  # the session whose agenda holds it; None: outside any session
    held_on: str  # the session's date ("" outside a session)
    item: BlindedItem


def expert_of(db: Database, actor: Actor) -> int | None:
    row = db.execute("SELECT id FROM experts WHERE username = ? AND active = 1", [actor.name]).fetchone()
    return int(row[0]) if row else None


def waiting_for(db: Database, expert_id: int, *, lang: str = "zh") -> list[Waiting]:
    rows = db.execute(
        "SELECT m.application_id, m.review_round FROM panel_members m JOIN applications a ON a.id = m.application_id"
        " WHERE m.expert_id = ? AND m.recused = 0 AND m.vote IS NULL AND a.status = ?"
        " AND m.review_round = (SELECT MAX(review_round) FROM panel_members x WHERE x.application_id = a.id)"
        " ORDER BY a.submitted_on, a.id", [expert_id, Status.EXPERT_REVIEW.value]).fetchall()
    out: list[Waiting] = []
    loose: list[dict] = []
    sessions: dict[int, SessionView] = {}
    for application_id, review_round in rows:
        found = db.execute(
            "SELECT s.id, s.held_on FROM panel_session_items i JOIN panel_sessions s ON s.id = i.session_id"
            " WHERE i.application_id = ? AND s.status != 'closed' AND i.status IN ('waiting', 'open')",
            [application_id]).fetchone()
        if found is None:
            loose.append({"application_id": application_id, "review_round": review_round, "position": len(loose) + 1,
                          "status": "waiting", "started_at": None, "ended_at": None, "outcome": None, "note": None,
                          "summary": None})
            continue
        view = sessions.get(found[0]) or load_session(db, found[0])
        sessions[found[0]] = view
        out.append(Waiting(found[0], found[1], blinded_item(db, view, application_id, lang=lang)))
    if loose:
        view = build_view(db, {"id": 0}, loose, {})
        out += [Waiting(None, "", blinded_item(db, view, r["application_id"], lang=lang)) for r in loose]
    return out
