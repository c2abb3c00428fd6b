"""The review's writes as jobs for the writer thread (``ui.jobs``): plain functions over the
services, with a connection of the job's own (no Qt here)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from workstation.domain.jobs import JobControl
from workstation.services.applications import ApplicationImport, import_applications
from workstation.services.context import Actor


def service_job(control: JobControl, db: Database, service: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``service(db, *args, **kwargs)``: one workflow step, in the service's own transaction."""
    return service(db, *args, **kwargs)


def import_applications_job(control: JobControl, db: Database, path: Path, *, actor: Actor) -> ApplicationImport:
    return import_applications(db, path, actor=actor)
