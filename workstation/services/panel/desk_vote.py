"""An expert's vote from their own desk: in the session whose agenda holds the item, else
straight through the review service."""
from __future__ import annotations

from sqlite_utils import Database

from workstation.domain.messages import UserError
from workstation.services import review
from workstation.services.context import Actor
from workstation.services.panel.desk import expert_of
from workstation.services.panel.room import vote_in_room


def vote_from_desk(db: Database, actor: Actor, session_id: int | None, application_id: int, value: str,
                   comment: str = "") -> None:
    expert_id = expert_of(db, actor)
    if expert_id is None:
        raise UserError("当前账户不是专家库中的专家。", "This account is not an expert of the pool.")
    if session_id is not None:
        vote_in_room(db, actor, session_id, application_id, expert_id, value, comment)
    else:
        review.vote(db, actor, application_id, expert_id, value, comment)
