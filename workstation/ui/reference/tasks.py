"""What the reference page runs on the writer thread."""
from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from workstation.domain.jobs import JobControl
from workstation.services.context import Actor
from workstation.services.operations import Outcome


def load_reference_job(control: JobControl, db: Database, kind: str, path: Path, *, actor: Actor,
                       accept_partial: bool = False) -> Outcome:
    from workstation.services.operations import load_groups, load_hospitals

    if kind == "groups":
        return load_groups(db, path, actor=actor, accept_partial=accept_partial, control=control)
    return load_hospitals(db, path, actor=actor, accept_partial=accept_partial, control=control)
