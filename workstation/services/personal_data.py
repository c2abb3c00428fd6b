"""Personal data shown unmasked, and cases exported: both asked of the authority.

Full names and ID numbers are a reviewer's or a supervisor's to see (``Action.UNMASK``), and
each time they are shown is an audit event, so who looked at whose data can be answered later.
A case export (``Action.EXPORT_CASES``) writes every case of the filter to a file; it is asked
the same way, the command line and the GUI alike.
"""
from __future__ import annotations

import os

from sqlite_utils import Database

from workstation.domain.authority import Action
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.store import audit


def unmask(db: Database, actor: Actor, *, where: str, case_pk: int | None = None) -> None:
    """Records that ``actor`` now sees personal data unmasked (``where``: the queue, a case's
    detail); refused (``AuthorityError``) for a role that may not."""
    with db.atomic():
        check(db, actor, Action.UNMASK)
        audit.record(db, actor=actor.name, action="personal.unmask", entity="cases" if case_pk else "view",
                     entity_id=case_pk if case_pk is not None else where, after={"where": where})


def export_cases(db: Database, actor: Actor, out: str | os.PathLike, **filters) -> int:
    """``engine.export.export_cases`` for a user who may export cases; returns the count."""
    from workstation.engine.export import export_cases as write

    check(db, actor, Action.EXPORT_CASES)
    return write(db, out, **filters)
