"""The recompute after a big import reads the new cases from the import's staging files.

After an import the period's results are recomputed, and the recompute first reads every case
of the period and the stays of every patient with more than one (1M cases: ~2.8 s, through the
read helper and sqlite3), on a machine where the import itself has just ended. A big import into
a store that holds no cases writes those very rows, with their final ids, into its staging files
(``importer.staging``) as it goes. A read helper process (``engine.read_helper``) reads each file
as soon as the worker has finished it, with the query the recompute runs on ``cases`` (and the
stays), at a lower priority: it takes the time the import's processes leave idle and the core the
import's last steps (indexes, commit) leave free, and does not slow the worker, which the import
waits for. The recompute takes what it read when it is exactly the store's cases (``read``) and
reads the store as before otherwise (an import into a store holding cases, a helper that failed).

Measured on the 1M-case benchmark file, alternately with and without, three times each: the
recompute 7.7-9.7 s -> 6.0-6.7 s, the import 0-0.8 s longer, `main.py import` 1.5 s shorter on
average (25.0-26.6 s against 26.1-28.2 s on a slow afternoon). Without the lower priority the
import was as much longer as the recompute was shorter.

The importer drives it through three calls (``importer.writer``, ``staging.Listener``): ``file``
for each staging file it is about to copy (the helper starts with the first), ``staged`` once all
are named, and ``release`` before it removes the folder (the helper's answer is taken in after a
commit, or the helper is stopped).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlite_utils import Database

from workstation import python_child
from workstation.domain.rules import Rules
from workstation.engine import read_helper
from workstation.engine.read_cases import finish_stays, fingerprint, join_parts
from workstation.engine.ruleset import current_rules
from workstation.store import arrow_read
from workstation.store.db import database_file


class StagedRead:
    """One import's staged cases, read for the recompute that follows it."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules  # the rules in force when the import began (an import does not change them)
        self.helper: read_helper.ReadHelper | None = None
        self.sent = False  # every file named
        self.failed = False  # the helper could not start or take a file
        self.parts: list[dict[str, np.ndarray]] | None = None  # the cases, a part a file
        self.stays: dict[str, np.ndarray] | None = None  # of patients with more than one

    @classmethod
    def for_import(cls, db: Database) -> StagedRead | None:
        """A StagedRead when this store could use one (a file, a helper process and the ADBC
        driver available), else None. Starts nothing yet."""
        if not (database_file(db) and python_child.available() and arrow_read.available()):
            return None
        return cls(current_rules(db))

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

    def staged(self) -> None:
        """Every staging file is finished and was named."""
        if self.helper is not None and not self.failed:
            self.failed = not self.helper.add_file(None)
            self.sent = not self.failed

    def release(self, keep: bool) -> None:
        """Before the staging files go: take the helper's answer in (``keep``) or stop it."""
        if self.helper is None:
            return
        if keep and self.sent:
            got = self.helper.result()  # None when it failed: the recompute reads from the store
            if got is not None and got[1] and got[1][-1][0] == read_helper.STAYS:
                self.parts, self.stays = [part for _, part in got[1][:-1]], got[1][-1][1]
        self.close()

    def close(self) -> None:
        if self.helper is not None:
            self.helper.close()
            self.helper = None

    # --- called by the recompute ----------------------------------------------------------

    def read(self, db: Database, rules: Rules, periods: list[str]
             ) -> tuple[dict[str, np.ndarray], pd.DataFrame] | None:
        """(the cases of ``periods`` as ``read_cases.join_parts`` gives them, the stays as
        ``read_cases.read_stays`` gives them) when what was read from the staging files is
        exactly the store's cases, all of one batch of the one period asked for, read under
        ``rules``; else None (then the recompute reads the store)."""
        parts, stays, self.parts, self.stays = self.parts, self.stays, None, None  # used once
        if parts is None or rules != self.rules or len(periods) != 1:
            return None
        pk = [part["pk"] for part in parts if len(part["pk"])]
        if not pk:
            return None
        first, last, n = int(pk[0][0]), int(pk[-1][-1]), sum(len(p) for p in pk)
        last_case, _, imported = fingerprint(db.conn)
        # Cases are only appended, batch by batch, and never share an id: n rows with ids from
        # first to last, where the store holds n cases and its highest id is last, are all of them.
        if not (imported == n and last_case == last and last - first + 1 == n
                and all(bool(np.all(np.diff(p) > 0)) for p in pk)
                and all(int(a[-1]) < int(b[0]) for a, b in zip(pk, pk[1:]))):
            return None
        held = [p for (p,) in db.execute("SELECT DISTINCT period FROM batches WHERE rows_imported > 0")]
        if held != periods:
            return None
        # The staged rows carry the period the worker guessed from its first chunk; the batch's
        # (the month of its latest discharge) was set at the end, on every case: it is theirs.
        stays = pd.DataFrame({"pk": stays["pk"], "period": np.full(len(stays["pk"]), periods[0], dtype=object),
                              **{k: v for k, v in stays.items() if k != "pk"}})
        return join_parts([(periods[0], part) for part in parts]), finish_stays(stays)
