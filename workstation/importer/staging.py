"""A big batch's checked rows handed to the store through staging files, not bound row by row.

Why: through ``sqlite3.executemany`` the writer binds ~45 Python values a row (a million rows:
~13 s in the process that holds the transaction, as long as the worker took to read and check
them). Here the import worker (``importer.worker``) writes each chunk's good rows into a staging
SQLite file through the ADBC driver instead, which binds them from the Arrow columns in C, on a
thread of its own and without the GIL (a million rows: ~6 s beside the checking, on the core
the writer no longer needs). The writer copies each finished file into ``cases`` with one
INSERT … SELECT. Into an empty ``cases`` table (the import drops its indexes and builds them at
the end) the staging table has ``cases``' very definition and the rows their final ids, so
SQLite's transfer optimisation copies the records as they are (a million rows: ~1.6 s, against
~4 s decoded and encoded again). Into a store that holds cases already, the writer first drops
the cases it finds imported before, and the copy names the columns (new ids, no transfer).

Several files, not one: a file attached inside the writer's transaction stays locked by it until
the transaction ends, so the worker cannot write to it again; a file is attached once it is
finished. SQLite allows ten attached files and no DETACH inside a transaction: a batch is staged
in at most ``MAX_FILES``. The files are written without a journal (nothing needs them after the
import: a killed import leaves a folder the next import removes) in a folder beside the
database (a batch's size again, where the store has room for it).

The ADBC driver brings its own SQLite library. Two SQLite libraries in one process undo each
other's POSIX locks when either closes a file the other has open (sqlite.org, "How To Corrupt
An SQLite Database File", 2.2.1): only the worker process uses the driver, on files the writer
opens only after the worker has closed them.
"""
from __future__ import annotations

import json
import os
import queue
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workstation.domain.fields import FIELDS_BY_KEY
from workstation.domain.periods import period_of_discharge
from workstation.importer.values import text_span
from workstation.store import arrow_write

MAX_FILES = 8  # SQLite's default limit is 10 attached files; one stays free for anyone else
TABLE = "staged_cases"
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()  # date32 counts days from 1970-01-01


available = arrow_write.available
new_folder = arrow_write.new_folder


@dataclass(frozen=True)
class Plan:
    """What the worker needs to stage a batch (made by the writer inside its transaction)."""
    folder: str
    table_sql: str  # `cases`' CREATE TABLE, naming the staging table
    first_id: int  # the id of the batch's first case (the cases table's highest id + 1)
    batch_id: int
    period: str | None  # the period the user gave, or None (then the worker's first guess)
    source_size: int  # bytes: a new file starts at each MAX_FILES-th part of the source
    key_columns: tuple[str, ...]  # fields the writer still needs as arrays (cases imported before)


@dataclass(frozen=True)
class StagedFile:
    """A message from the worker: staging file ``index`` is finished and closed."""
    index: int


def file_path(folder: str, index: int) -> str:
    return os.path.join(folder, f"part{index}.db")


def staging_table_sql(cases_sql: str) -> str:
    made, found = re.subn(r'^CREATE TABLE\s+(?:"cases"|\[cases\]|cases)(?=[\s(])', f'CREATE TABLE "{TABLE}"',
                          cases_sql, count=1)
    if not found:
        raise ValueError(f"unexpected table statement: {cases_sql[:80]}")
    return made


# --- in the worker process ------------------------------------------------------------------

class Stager:
    """Writes prepared chunks into the staging files on a thread of its own (the ADBC driver
    works without the GIL, beside the checking of the next chunk)."""

    def __init__(self, plan: Plan, case_keys: list[str], send: Callable[[str, object], None]) -> None:
        self.plan, self.case_keys, self.send = plan, case_keys, send
        self.next_id = plan.first_id
        self.period = plan.period
        self.part_bytes = max(plan.source_size // MAX_FILES, 1)
        self.bytes_before = 0
        self.inbox: queue.Queue = queue.Queue(2)  # tables waiting: bounds the memory
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def stage(self, prepared, raw_bytes: int) -> None:
        """Queue the chunk's good rows; ``prepared`` keeps only what the writer needs.
        ``raw_bytes``: about the source bytes of the chunk's rows (``chunk_bytes``)."""
        if self.failure is not None:
            raise self.failure
        index = min(self.bytes_before // self.part_bytes, MAX_FILES - 1)
        self.bytes_before += raw_bytes
        n = len(prepared.good)
        if n:
            if self.period is None:  # as the writer did: the month of the latest discharge met so far
                self.period = period_of_discharge(date.fromordinal(prepared.latest_good_discharge))
            table = self._table(prepared, self.next_id, n)
            prepared.staged = (int(index), self.next_id, n, self.period)
            self.next_id += n
            while True:  # waiting, but not for ever if the thread has failed
                if self.failure is not None:
                    raise self.failure
                try:
                    self.inbox.put((index, table), timeout=0.2)
                    break
                except queue.Full:
                    continue
        prepared.columns = {key: value for key, value in prepared.columns.items() if key in self.plan.key_columns}
        prepared.los, prepared.extra = [], []

    def finish(self) -> None:
        """Wait until every queued chunk is written and its file closed (and announced)."""
        self.inbox.put(None)
        self.thread.join()
        if self.failure is not None:
            raise self.failure

    def _table(self, prepared, first_id: int, n: int) -> pa.Table:
        columns = {"id": pa.array(np.arange(first_id, first_id + n, dtype=np.int64)),
                   "batch_id": pa.array(np.full(n, self.plan.batch_id, dtype=np.int64)),
                   "period": pa.array(np.full(n, self.period, dtype=object), pa.string()),
                   "source_row": pa.array(prepared.source_rows[prepared.good], pa.int64())}
        for key in self.case_keys:
            columns[FIELDS_BY_KEY[key].column] = _arrow(prepared.columns[key])
        columns["los"] = pa.array(np.asarray(prepared.los, dtype=np.int64))
        columns["extra"] = pa.array(prepared.extra, pa.string())
        return pa.table(columns)

    def _run(self) -> None:
        index = connection = database = None
        try:
            while (item := self.inbox.get()) is not None:
                if item[0] != index:
                    if connection is not None:
                        assert index is not None, "a file is open only once an index has come"
                        arrow_write.close(database, connection)
                        self.send("staged", StagedFile(index))
                    index = item[0]
                    database, connection = arrow_write.open_file(file_path(self.plan.folder, index), self.plan.table_sql)
                arrow_write.append(connection, item[1], TABLE)
            if connection is not None:
                arrow_write.close(database, connection)
                connection = None
                assert index is not None, "a file is open only once an index has come"
                self.send("staged", StagedFile(index))
        except BaseException as exc:  # the checking thread raises it at its next chunk
            self.failure = exc
            while self.inbox.get() is not None:  # let a waiting put() and finish() go on
                pass
        finally:
            if connection is not None:
                arrow_write.close(database, connection)


def chunk_bytes(table: pa.Table) -> int:
    """About the source bytes a raw chunk held: its text and a delimiter per cell. (Its
    ``bytes_done`` is where the reader is, blocks ahead of the rows handed out.)"""
    text = 0
    for column in table.columns:
        for part in column.chunks:
            start, end = text_span(part)
            text += end - start
    return text + table.num_columns * table.num_rows


def _arrow(stored: tuple) -> pa.Array:
    """A field's values (rows.stored_array) as the Arrow column bound into the staging table:
    what ``rows.as_python`` makes for sqlite3, the same values and types."""
    kind, values = stored[0], stored[1]
    if kind == "text":
        return values
    if kind == "date":  # ISO text, as the store keeps dates; none (0) where blank
        ordinals = np.asarray(values, dtype=np.int64)
        days = pa.array((ordinals - _EPOCH_ORDINAL).astype(np.int32), pa.date32(), mask=ordinals <= 0)
        return pc.cast(days, pa.string())
    return pa.array(np.asarray(values, dtype=np.int64), pa.int64(), mask=np.asarray(stored[2], dtype=bool))


# --- in the writer ------------------------------------------------------------------------------

class Copier:
    """Attaches the finished staging files and copies their rows into ``cases``."""

    def __init__(self, conn, plan: Plan, *, keep_ids: bool) -> None:
        self.conn, self.plan, self.keep_ids = conn, plan, keep_ids
        self.skipped: dict[int, list[int]] = {}  # file -> staged ids not to copy
        self.attached: list[str] = []
        columns = [row[1] for row in conn.execute("PRAGMA table_info(cases)").fetchall() if row[1] != "id"]
        self.columns = ", ".join(f'"{c}"' for c in columns)

    def skip(self, index: int, ids: list[int]) -> None:
        self.skipped.setdefault(index, []).extend(ids)

    def copy(self, index: int) -> None:
        schema = f"staged{index}"
        self.conn.execute(f"ATTACH DATABASE ? AS {schema}", (file_path(self.plan.folder, index),))
        self.attached.append(schema)
        if self.keep_ids:
            # The same definition and no condition: SQLite copies the records as they are.
            self.conn.execute(f'INSERT INTO cases SELECT * FROM {schema}."{TABLE}"')
        else:
            self.conn.execute(f'INSERT INTO cases ({self.columns}) SELECT {self.columns} FROM {schema}."{TABLE}"'
                              " WHERE id NOT IN (SELECT value FROM json_each(?)) ORDER BY id",
                              (json.dumps(self.skipped.get(index, [])),))

    def close(self) -> None:
        """After the transaction: detach the files and remove the folder."""
        for schema in self.attached:
            try:
                self.conn.execute(f"DETACH DATABASE {schema}")
            except Exception:  # noqa: BLE001 - the folder goes all the same
                pass
        self.attached = []
        shutil.rmtree(self.plan.folder, ignore_errors=True)
