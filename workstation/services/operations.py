"""The operations the CLI and the GUI both call.

Each operation changes the store through its module and then brings the
derived results (benchmarks, flags, points) up to date, so nothing derived is
ever stale or edited by hand. Imports are local so that the CLI starts fast.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from workstation.domain.authority import Action
from workstation.domain.jobs import NO_CONTROL, JobControl
from workstation.reference.partial import PartialLoadRefused
from workstation.services.authority import as_actor, check
from workstation.services.context import Actor
from workstation.store.db import bulk_write_journal

__all__ = ["Outcome", "PartialLoadRefused", "import_file", "load_groups", "load_hospitals", "load_rules"]


@dataclass
class Outcome:
    """What an operation did: the loader's own result and the recomputation that followed."""

    result: Any
    recomputed: Any = None
    decided_changed: list = field(default_factory=list)  # decided cases whose benchmark the load changed

    def summary_lines(self) -> list[str]:
        """The load's summary, then the decided cases it changed (their decisions stay as they were)."""
        from workstation.domain.messages import Text

        lines = list(self.result.summary_lines())
        if self.decided_changed:
            lines.append(str(Text("  已作出特例单议决定、基准随本次载入改变的病例 {n} 例（决定保持不变，如需调整请另行修订）：",
                                  "  decided special cases whose benchmark this load changed, {n} (their decisions "
                                  "stay as they were; amend one if needed):").format(n=len(self.decided_changed))))
            lines.extend(f"    {change.text}" for change in self.decided_changed)
        return lines


def _recompute(db: Database, periods: list[str] | None, actor: str, control: JobControl) -> Any:
    from workstation.engine.recompute import recompute

    return recompute(db, periods, actor=actor, control=control)


# From this many results on, a reference load and its recompute are written under a rollback
# journal when nothing else has the file open (store.db.bulk_write_journal): a million rewritten
# results go once into the file instead of into the WAL and again into the file (the rules
# command on 1M cases: 2-3 s less). Below it the gain is small, and a refused file leaves a
# small store byte for byte as it was (leaving WAL mode and coming back rewrites the header).
BULK_JOURNAL_FROM_RESULTS = 100_000
# The tables the reference loaders write that have foreign keys (checked before the commit).
_LOADER_TABLES_WITH_KEYS = ("drg_groups", "hospitals")


@contextlib.contextmanager
def _with_results(db: Database) -> Iterator[None]:
    """One transaction for a reference load and the recompute that follows it: the new table or
    rules and the results computed from them land together, or neither (cancel, an error).

    Foreign keys are not checked row by row inside it (PRAGMA foreign_keys can only change
    outside a transaction, and inside one every rewritten result looked up its case, rule set and
    variant: 1M cases, about 1 s): the results are made by joining the rows they name (see
    engine.store_results), and what the loaders wrote is checked once before the commit."""
    conn = db.conn
    checked = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    results = conn.execute("SELECT COALESCE(SUM(cases), 0) FROM result_counts_detail").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with (bulk_write_journal(db) if results >= BULK_JOURNAL_FROM_RESULTS else contextlib.nullcontext()), \
                db.atomic():
            yield
            for table in _LOADER_TABLES_WITH_KEYS:
                broken = conn.execute(f"PRAGMA foreign_key_check({table})").fetchall()
                if broken:
                    raise RuntimeError(f"{table}: {len(broken)} rows refer to missing rows, e.g. {broken[0]}")
    finally:
        conn.execute(f"PRAGMA foreign_keys = {int(checked)}")


def import_file(db: Database, path: str | os.PathLike, *, actor: Actor | str, period: str | None = None,
                profile: str | None = None, column_map: dict[str, str | None] | None = None,
                encoding: str | None = None, control: JobControl = NO_CONTROL,
                sheet: str | None = None) -> Outcome:
    from workstation.importer.service import import_batch

    who = as_actor(db, actor)
    check(db, who, Action.IMPORT_BATCH)  # before the file is read: nothing is staged for a refusal
    actor = who.name
    result = import_batch(db, path, actor=actor, period=period, profile=profile,
                          column_map=column_map, encoding=encoding, control=control.stage(0.0, 0.8), sheet=sheet)
    recomputed = None
    if result.batch_id is not None and result.rows_imported:
        # The batch is committed: its results must follow even if the user presses cancel now.
        assert result.period is not None  # a committed batch has its period
        try:
            recomputed = _recompute(db, [result.period], actor,
                                    control.stage(0.8, 1.0, cancellable=False))
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            # Another program is writing (a second import, say): the period stays marked stale
            # (engine.freshness) and the next command or opening brings it up to date.
            recomputed = None
            result.results_pending = True
    control.progress(1.0)
    return Outcome(result, recomputed)


def stale_result_periods(db: Database) -> list[str]:
    """Periods whose results do not reflect their cases (engine.freshness)."""
    from workstation.engine.freshness import stale_periods

    return stale_periods(db)


def refresh_stale_results(db: Database, *, actor: str, control: JobControl = NO_CONTROL) -> Outcome | None:
    """Recompute the periods whose results are stale or missing (an import killed, or refused a
    recompute, after its cases were committed); None when every period is up to date."""
    stale = stale_result_periods(db)
    if not stale:
        return None
    return Outcome(stale, _recompute(db, stale, actor, control))


def _max_rejected_share(db: Database):
    from workstation.engine.ruleset import current_rules

    return current_rules(db).max_rejected_share


def load_reference(db: Database, kind: str, load, actor: str, control: JobControl) -> Outcome:
    """A reference load and its recompute in one transaction; decided cases whose benchmark it
    changes are listed (and audited), their decisions left as they were."""
    from workstation.services import decided_cases

    with _with_results(db):
        before = decided_cases.snapshot(db)
        result = load()
        recomputed = _recompute(db, None, actor, control)
        changed = decided_cases.changes(db, before)
        decided_cases.record(db, kind, changed, actor)
        return Outcome(result, recomputed, changed)


def load_groups(db: Database, path: str | os.PathLike, *, actor: Actor | str, label: str | None = None,
                cost_column: str | None = None, score_as: str | None = None, accept_partial: bool = False,
                control: JobControl = NO_CONTROL) -> Outcome:
    """Raises PartialLoadRefused (nothing changed) when more rows are refused than the rules
    allow, unless ``accept_partial``."""
    from workstation.reference.groups import load_group_table

    who = as_actor(db, actor)
    check(db, who, Action.LOAD_GROUPS)
    actor = who.name
    share = _max_rejected_share(db)
    return load_reference(db, "groups", lambda: load_group_table(
        db, path, actor=actor, label=label, cost_column=cost_column, score_as=score_as,
        max_rejected_share=share, accept_partial=accept_partial), actor, control)


def load_hospitals(db: Database, path: str | os.PathLike, *, actor: Actor | str, accept_partial: bool = False,
                   control: JobControl = NO_CONTROL) -> Outcome:
    from workstation.reference.hospitals import load_hospital_table

    who = as_actor(db, actor)
    check(db, who, Action.LOAD_HOSPITALS)
    actor = who.name
    share = _max_rejected_share(db)
    return load_reference(db, "hospitals", lambda: load_hospital_table(
        db, path, actor=actor, max_rejected_share=share, accept_partial=accept_partial), actor, control)


def load_rules(db: Database, path: str | os.PathLike, *, actor: Actor | str,
               control: JobControl = NO_CONTROL) -> Outcome:
    """Load a rules file and recompute; asked of the rules in force (their [authority]), so a
    file cannot grant its own loading."""
    from workstation.engine.ruleset import load_rules_file

    who = as_actor(db, actor)
    check(db, who, Action.LOAD_RULES)
    actor = who.name
    with _with_results(db):  # cancelled or failed recompute: the previous rules stay in force
        result = load_rules_file(db, path, actor=actor)
        return Outcome(result, _recompute(db, None, actor, control))
