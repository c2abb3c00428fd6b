"""Recompute derived results (benchmarks, flags, points). STUB until the outliers issue lands."""
from __future__ import annotations

from sqlite_utils import Database

from workstation.domain.jobs import NO_CONTROL, JobControl


def recompute(db: Database, periods: list[str] | None = None, *, actor: str,
              control: JobControl = NO_CONTROL) -> None:
    return None
