"""The demo's planned panel session: applications accepted and drawn through the review service,
on an agenda for a day after the demo's, so the expert ``chen`` signs in to items awaiting a vote.

Nobody picks the experts: each panel is the review service's draw. The demo draws for one more
application after another until ``chen`` sits on two of the panels (a few draws, at most
``LIMIT``), and the session takes every application drawn for it.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlite_utils import Database

from workstation.services import panel
from workstation.services import review as R
from workstation.services.context import Actor

LIMIT = 12
WANTED = 2


def add_planned_session(db: Database, reviewer: Actor, next_application: Callable[[int], int], today: date,
                        seed: int, expert_username: str = "chen") -> int:
    """``next_application(index)`` submits and accepts one more application; returns the session id."""
    row = db.execute("SELECT id FROM experts WHERE username = ?", [expert_username]).fetchone()
    expert_id = row[0] if row else None
    apps: list[int] = []
    with_expert = 0
    while len(apps) < LIMIT and (with_expert < WANTED or len(apps) < 4):
        app = next_application(len(apps))
        draw = R.draw_experts(db, reviewer, app, seed=f"demo-{seed}-{app}-session")
        apps.append(app)
        with_expert += expert_id in draw.drawn
    session = panel.new_session(db, reviewer, today + timedelta(days=3), "特例单议专家评审会", "医保局三楼会议室")
    panel.add_items(db, reviewer, session, apps)
    return session
