"""First start: a database with a demo month in it, loaded exactly as a user would.

The files go through the same operations as the CLI and the GUI (group table,
hospital table, then the batch import with its quarantine and recomputation),
so what a new user sees is what the product really does with such files. Then
(``with_workflow``) the special-case review is pre-filled through its services:
users of every role (which turns sign-in on for the store), the expert pool and
applications in every status (``demo.workflow``).
"""
from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from workstation.demo.workflow import add_review_workflow
from workstation.demo.writer import write_demo
from workstation.domain.jobs import NO_CONTROL, JobControl
from workstation.domain.messages import Text
from workstation.services import operations
from workstation.store.db import open_database

DEMO_GROUPS_LABEL = "CHS-DRG 2.0 / 北京2022权重（演示）"
DEMO_PERIOD = "2024-03"


def _scaled(control: JobControl, start: float, end: float) -> JobControl:
    """A part of the job whose own 0..1 progress fills [start, end] of the whole."""
    return JobControl(on_progress=lambda f, m: control.progress(start + (end - start) * f, m),
                      is_cancelled=control.is_cancelled)


def create_demo_database(db_path: str | os.PathLike, *, cases: int = 3000, seed: int = 1,
                         actor: str = "demo", control: JobControl = NO_CONTROL, with_workflow: bool = True,
                         today: date | None = None) -> Path:
    """Create (or add to) the database at ``db_path`` with a demo month; returns its path.

    ``with_workflow``: also the users, experts and applications of the review workflow
    (a store with accounts asks to sign in); ``today`` dates the applications (default: now).
    """
    db_path = Path(db_path)
    with tempfile.TemporaryDirectory(prefix="drg-demo-") as folder:
        control.progress(0.0, str(Text("演示数据", "demo data")))
        files = write_demo(folder, cases=cases, seed=seed, period=DEMO_PERIOD)
        control.check()
        db = open_database(db_path)
        try:
            operations.load_groups(db, files.groups, actor=actor, label=DEMO_GROUPS_LABEL,
                                   control=_scaled(control, 0.1, 0.2))
            operations.load_hospitals(db, files.hospitals, actor=actor, control=_scaled(control, 0.2, 0.3))
            operations.import_file(db, files.batch, actor=actor, period=files.period,
                                   control=_scaled(control, 0.3, 0.9 if with_workflow else 1.0))
            if with_workflow:
                control.check()
                control.progress(0.9, str(Text("特例单议演示流程", "demo review workflow")))
                add_review_workflow(db, period=files.period, seed=seed, today=today or date.today(),
                                    avoid=files.applications.cases)
        finally:
            db.close()
    control.progress(1.0, "")
    return db_path
