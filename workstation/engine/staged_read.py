"""The recompute after a big import: its cases read and detected while the import runs.

After an import the period's results are recomputed: every case of the period and the stays of
every patient with more than one are read (1M cases: ~2.8 s, through the read helper and
sqlite3), then detected (~1.1 s), then written, all once the import has ended. A big import into
a store that holds no cases writes those very rows, with their final ids, into its staging files
(``importer.staging``) as it goes. A read helper process (``engine.read_helper``) reads each file
as soon as the worker has finished it, with the query the recompute runs on ``cases`` (and the
stays), at a lower priority: it takes the time the import's processes leave idle and does not
slow the worker, which the import waits for. Once every file is named and the batch's period is
known, a thread detects the cases (``recompute.detect_cases``, no database), also at a lower
priority, while the import builds its indexes and commits (SQLite's work, without the GIL). The
recompute then only writes, when what was detected is exactly the store's cases under the rules
and reference tables now current (``detection``); otherwise it reads the store and detects as
before (an import into a store holding cases, a helper that failed, a table loaded meanwhile).

Measured on the 1M-case benchmark file, alternately, three runs each: reading during the import
(helper at lower priority) against the store read: the recompute 7.7-9.7 s -> 6.0-6.7 s, the
import 0-0.8 s longer, `main.py import` 1.5 s shorter on average (without the lower priority the
import was as much longer as the recompute was shorter). Detecting beside the import's last
steps against after them: the recompute 3.8-4.4 s against 4.6-6.7 s, `main.py import` 21.2-23.5 s
against 24.0-25.5 s (a normal-priority thread: 0.3 s gained on average, the last steps slowed).

The importer drives it through three calls (``importer.writer``, ``staging.Listener``): ``file``
for each staging file it is about to copy (the helper starts with the first), ``staged`` once all
are named and the period is known, and ``release`` before it removes the folder (the detection is
waited for after a commit, or stopped).
"""
from __future__ import annotations

import contextlib
import os
import threading

import numpy as np
import pandas as pd
from sqlite_utils import Database

from workstation import python_child
from workstation.domain.rules import Rules
from workstation.engine import read_helper
from workstation.engine.read_cases import finish_stays, fingerprint, join_parts
from workstation.engine.recompute import (Detected, detect_cases, detection_group_table, detection_hospitals,
                                          readmissions_among, reference_state)
from workstation.engine.ruleset import current_rules
from workstation.store import arrow_read
from workstation.store.db import database_file


class StagedRead:
    """One import's staged cases, read and detected for the recompute that follows it."""

    def __init__(self, db: Database, rules: Rules) -> None:
        self.db = db
        self.rules = rules  # the rules in force when the import began (an import does not change them)
        self.helper: read_helper.ReadHelper | None = None
        self.failed = False  # the helper could not start or take a file
        self.thread: threading.Thread | None = None
        self.made_with: tuple | None = None  # (period, reference tables) the detection used
        self.result: Detected | None = None

    @classmethod
    def for_import(cls, db: Database) -> StagedRead | None:
        """A StagedRead when this store could use one (a file, a helper process and the ADBC
        driver available), else None. Starts nothing yet."""
        if not (database_file(db) and python_child.available() and arrow_read.available()):
            return None
        return cls(db, current_rules(db))

    # --- called by the importer -----------------------------------------------------------

    def file(self, path: str, table: str) -> None:
        """A staging file is finished: the helper reads it now (started with the first)."""
        if self.helper is None and not self.failed:
            try:
                self.helper = read_helper.ReadHelper()
            except OSError:  # no process can be started: the recompute reads from the store
                self.failed = True
                return
            self.failed = not self.helper.stream_staged(self.rules, table)
        if not self.failed:
            self.failed = not self.helper.add_file(path)

    def staged(self, period: str) -> None:
        """Every staging file was named and the batch's period is known: the detection starts on
        a thread, beside the import's last steps (its indexes and commit, SQLite's work, which
        lets go of the GIL)."""
        if self.helper is None or self.failed or not self.helper.add_file(None):
            return
        # Read here, on the connection's own thread (the import's transaction has not changed them).
        table, hospitals = detection_group_table(self.db), detection_hospitals(self.db)
        self.made_with = (period, reference_state(self.db))
        self.thread = threading.Thread(target=self._detect, args=(period, table, hospitals),
                                       name="staged-detection", daemon=True)
        self.thread.start()

    def _detect(self, period: str, table, hospitals) -> None:
        with contextlib.suppress(AttributeError, OSError):  # Linux: this thread's own priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        try:
            got = self.helper.result()  # None when it failed: the recompute reads the store
            if got is None or not got[1] or got[1][-1][0] != read_helper.STAYS:
                return
            parts, stays = [part for _, part in got[1][:-1]], got[1][-1][1]
            cases = join_parts([(period, part) for part in parts])
            # The staged rows carry the period the worker guessed from its first chunk; the
            # batch's (the month of its latest discharge) was set on every case at the end.
            stays = finish_stays(pd.DataFrame({"pk": stays["pk"], "period": np.full(len(stays["pk"]), period, dtype=object),
                                               **{k: v for k, v in stays.items() if k != "pk"}}))
            later, prior = readmissions_among(stays, self.rules, table)
            self.result = detect_cases(cases, later, prior, [period], self.rules, table, hospitals)
        except Exception:  # noqa: BLE001 - anything amiss here: the recompute does it all again
            self.result = None

    def release(self, keep: bool) -> None:
        """Before the staging files go: wait for the detection (``keep``: the import was
        committed) or stop it."""
        if self.helper is None:
            return
        if not keep and self.helper.process.poll() is None:
            self.helper.process.kill()  # its answer ends at once: the thread stops waiting
        if self.thread is not None:
            self.thread.join()
        self.close()
        if not keep:
            self.result = None

    def close(self) -> None:
        if self.helper is not None:
            self.helper.close()
            self.helper = None

    # --- called by the recompute ----------------------------------------------------------

    def detection(self, db: Database, rules: Rules, periods: list[str]) -> Detected | None:
        """What was detected for the import's cases, when they are exactly the store's cases, all
        of one batch of the one period asked for, under ``rules`` and the reference tables now
        current; else None (then the recompute reads the store and detects again)."""
        result, self.result = self.result, None  # used once
        if result is None or len(periods) != 1 or rules != self.rules \
                or self.made_with != (periods[0], reference_state(db)):
            return None
        pk = result.cases["pk"]
        if not len(pk):
            return None
        first, last, n = int(pk[0]), int(pk[-1]), len(pk)
        last_case, _, imported = fingerprint(db.conn)
        # Cases are only appended, batch by batch, and never share an id: n rows with ids rising
        # from first to last, where the store holds n cases and its highest id is last, are all of them.
        if not (imported == n and last_case == last and last - first + 1 == n and bool(np.all(np.diff(pk) > 0))):
            return None
        held = [p for (p,) in db.execute("SELECT DISTINCT period FROM batches WHERE rows_imported > 0")]
        return result if held == periods else None
