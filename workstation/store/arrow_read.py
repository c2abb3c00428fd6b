"""Reading a big query's rows as Arrow columns through the ADBC SQLite driver.

A recompute reads every case of its periods (a million rows, six columns). Through the
``sqlite3`` module each row becomes a Python tuple and then numpy cells, holding the GIL
all along (1M cases: 6 s on the 2-core machine, so a second *process* used to read half).
The ADBC driver steps the statement and fills Arrow columns in C, without the GIL, so two
threads on two connections read two halves side by side (1M cases: 1.4 s).

Its connection is a separate one, used only to read: it sees what is committed, not a caller's own
open transaction, so callers check that it sees the cases they do. Anything it cannot do
(the package missing, a column whose type changes between rows, the file busy) raises
``ArrowReadError`` and the caller reads through ``sqlite3`` instead.
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np
import pyarrow as pa

from workstation.store.db import BUSY_TIMEOUT_MS

try:
    import adbc_driver_sqlite.dbapi as _adbc
except ImportError:  # a dependency; an install without it reads through sqlite3 (slower)
    _adbc = None


class ArrowReadError(RuntimeError):
    """This read cannot be done here; read through sqlite3."""


def available() -> bool:
    return _adbc is not None


@contextmanager
def reader(path: str | os.PathLike) -> Iterator[object]:
    """An ADBC connection to the file at ``path``, for reading. Its first query starts a read
    transaction that lasts until the connection closes: all its queries see one snapshot."""
    if _adbc is None:
        raise ArrowReadError("adbc_driver_sqlite is not installed")
    try:
        # Not mode=ro: a read-only connection cannot rebuild the WAL index when it needs to, and
        # two opening at once get "database is locked". It only reads all the same.
        conn = _adbc.connect(Path(path).resolve().as_uri())
        cursor = conn.cursor()
        try:  # as the store's own connections: wait for a writer's lock rather than fail at once
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.fetchall()
        finally:
            cursor.close()
    except Exception as exc:  # the driver's own error types: any of them means "not here"
        raise ArrowReadError(str(exc)) from exc
    try:
        yield conn
    finally:
        conn.close()


_NAMED = re.compile(r":(\w+)")


def query(conn, sql: str, params: dict | None = None, *, int_columns=frozenset(), arrow_columns=frozenset()
          ) -> dict[str, np.ndarray]:
    """The rows of ``sql`` (``:name`` parameters from ``params``) as numpy columns: int64 for
    ``int_columns`` (which must hold no NULL); text for the rest, as the Arrow array itself for
    ``arrow_columns`` and object arrays (str or None) otherwise."""
    params = params or {}
    values = [params[name] for name in _NAMED.findall(sql)]
    try:
        cursor = conn.cursor()
        try:
            cursor.execute(_NAMED.sub("?", sql), values)
            table = cursor.fetch_arrow_table()
        finally:
            cursor.close()
    except Exception as exc:  # e.g. "Type mismatch in column 3" (inferred from the first rows)
        raise ArrowReadError(str(exc)) from exc
    columns: dict[str, np.ndarray] = {}
    for name in table.column_names:
        column = table.column(name)
        text = pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
        if len(column) == 0:
            columns[name] = (pa.array([], pa.string()) if name in arrow_columns
                             else np.array([], dtype=np.int64 if name in int_columns else object))
        elif name in int_columns:
            if column.null_count or not pa.types.is_integer(column.type):
                raise ArrowReadError(f"column {name} is not whole numbers without NULL")
            columns[name] = column.to_numpy().astype(np.int64, copy=False)
        elif column.null_count == len(column):  # no value to tell the type by (the driver guesses int)
            columns[name] = (pa.nulls(len(column), pa.string()) if name in arrow_columns
                             else np.full(len(column), None, dtype=object))
        elif not text:
            raise ArrowReadError(f"column {name} is not text")
        elif name in arrow_columns:
            columns[name] = column
        else:
            columns[name] = np.asarray(column.to_numpy(zero_copy_only=False), dtype=object)
    return columns
