"""The dialog's jobs, run on the writer thread with a connection of their own:
plain functions ``fn(control, db, ...)`` over the services (no Qt here)."""
from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from workstation.domain.jobs import JobControl
from workstation.services.context import Actor


def import_job(control: JobControl, db: Database, path: Path, *, actor: Actor, period: str | None,
               profile: str | None, column_map: dict[str, str | None] | None, encoding: str | None,
               sheet: str | None = None):
    from workstation.services.operations import import_file

    return import_file(db, path, actor=actor, period=period, profile=profile, column_map=column_map,
                       encoding=encoding, control=control, sheet=sheet)


def save_profile_job(control: JobControl, db: Database, name: str, column_map: dict[str, str | None], *,
                     actor: str) -> str:
    from workstation.importer.mapping import save_profile

    save_profile(db, name, column_map, actor=actor)
    return name
