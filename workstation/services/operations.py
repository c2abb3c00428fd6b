"""The operations the CLI and the GUI both call.

Each operation changes the store through its module and then brings the
derived results (benchmarks, flags, points) up to date, so nothing derived is
ever stale or edited by hand. Imports are local so that the CLI starts fast.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from workstation.domain.jobs import NO_CONTROL, JobControl


@dataclass
class Outcome:
    """What an operation did: the loader's own result and the recomputation that followed."""

    result: Any
    recomputed: Any = None


def _recompute(db: Database, periods: list[str] | None, actor: str, control: JobControl) -> Any:
    from workstation.engine.recompute import recompute

    return recompute(db, periods, actor=actor, control=control)


def import_file(db: Database, path: str | os.PathLike, *, actor: str, period: str | None = None,
                profile: str | None = None, column_map: dict[str, str | None] | None = None,
                encoding: str | None = None, control: JobControl = NO_CONTROL) -> Outcome:
    from workstation.importer.service import import_batch

    result = import_batch(db, path, actor=actor, period=period, profile=profile,
                          column_map=column_map, encoding=encoding, control=control.stage(0.0, 0.8))
    recomputed = None
    if result.batch_id is not None and result.rows_imported:
        # The batch is committed: its results must follow even if the user presses cancel now.
        recomputed = _recompute(db, [result.period], actor,
                                control.stage(0.8, 1.0, cancellable=False))
    control.progress(1.0)
    return Outcome(result, recomputed)


def load_groups(db: Database, path: str | os.PathLike, *, actor: str, label: str | None = None,
                cost_column: str | None = None, control: JobControl = NO_CONTROL) -> Outcome:
    from workstation.reference.groups import load_group_table

    with db.atomic():  # the new table and the results computed from it land together, or neither
        result = load_group_table(db, path, actor=actor, label=label, cost_column=cost_column)
        return Outcome(result, _recompute(db, None, actor, control))


def load_hospitals(db: Database, path: str | os.PathLike, *, actor: str,
                   control: JobControl = NO_CONTROL) -> Outcome:
    from workstation.reference.hospitals import load_hospital_table

    with db.atomic():
        result = load_hospital_table(db, path, actor=actor)
        return Outcome(result, _recompute(db, None, actor, control))


def load_rules(db: Database, path: str | os.PathLike, *, actor: str,
               control: JobControl = NO_CONTROL) -> Outcome:
    from workstation.engine.ruleset import load_rules_file

    with db.atomic():  # cancelled or failed recompute: the previous rules stay in force
        result = load_rules_file(db, path, actor=actor)
        return Outcome(result, _recompute(db, None, actor, control))
