"""Reading a big query's rows as Arrow columns through the ADBC SQLite driver.

A recompute reads every case of its periods (a million rows, six columns). Through the
``sqlite3`` module each row becomes a Python tuple and then numpy cells, holding the GIL
all along (1M cases: 6 s on the 2-core machine). The ADBC driver steps the statement and
fills Arrow columns in C, without the GIL, so two threads on two connections read two
halves side by side (1M cases: 1.2-1.4 s).

The driver brings its own SQLite library. Two SQLite libraries in one process undo each
other's POSIX file locks when either closes the file (sqlite.org, "How To Corrupt An SQLite
Database File", 2.2.1), so this is used only in a process that has no ``sqlite3`` connection
to the file open: the recompute's read helper (engine.read_helper).

Its connections see what is committed, not a caller's own open transaction, so callers check
that it sees the cases they do. Anything it cannot do (the package missing, a column whose
type changes between rows, the file busy) raises ``ArrowReadError`` and the caller reads
through ``sqlite3`` instead.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pyarrow as pa

from workstation.store.limits import BUSY_TIMEOUT_MS

try:
    # The driver's own API, not its DB-API module, which imports pandas (0.5 s more to start a
    # helper process that reads; see engine.read_helper).
    import adbc_driver_manager as adbc_manager
    import adbc_driver_sqlite as adbc_sqlite
except ImportError:  # a dependency; an install without it reads through sqlite3 (slower)
    adbc_manager = adbc_sqlite = None  # type: ignore[assignment]


class ArrowReadError(RuntimeError):
    """This read cannot be done here; read through sqlite3."""


def available() -> bool:
    return adbc_sqlite is not None


class _Reader:
    def __init__(self, path: str | os.PathLike) -> None:
        self.database = adbc_sqlite.connect(Path(path).resolve().as_uri())
        self.connection = adbc_manager.AdbcConnection(self.database)

    def run(self, sql: str) -> pa.Table:
        statement = adbc_manager.AdbcStatement(self.connection)
        try:
            statement.set_sql_query(sql)
            stream, _ = statement.execute_query()
            # The driver steps SQLite in C as pyarrow pulls the batches, without the GIL.
            return pa.RecordBatchReader._import_from_c(stream.address).read_all()
        finally:
            statement.close()

    def close(self) -> None:
        self.connection.close()
        self.database.close()


@contextmanager
def reader(path: str | os.PathLike) -> Iterator[_Reader]:
    """A connection to the file at ``path``, for reading, inside one read transaction: all its
    queries see one snapshot."""
    if adbc_sqlite is None:
        raise ArrowReadError("adbc_driver_sqlite is not installed")
    try:
        # Not mode=ro: a read-only connection cannot rebuild the WAL index when it needs to, and
        # two opening at once get "database is locked". It only reads all the same.
        conn = _Reader(path)
    except Exception as exc:  # the driver's own error types: any of them means "not here"
        raise ArrowReadError(str(exc)) from exc
    try:
        try:  # as the store's own connections: wait for a writer's lock rather than fail at once
            conn.run(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.run("BEGIN")
        except Exception as exc:
            raise ArrowReadError(str(exc)) from exc
        yield conn
    finally:
        conn.close()


_NAMED = re.compile(r":(\w+)")


def _literal(value) -> str:
    """A parameter written into the statement (the driver's binding needs Arrow arrays)."""
    if value is None:
        return "NULL"
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no literal for {value!r}")


def query(conn, sql: str, params: dict | None = None, *, int_columns=frozenset(), arrow_columns=frozenset()
          ) -> dict[str, np.ndarray]:
    """The rows of ``sql`` (``:name`` parameters from ``params``) as numpy columns: int64 for
    ``int_columns`` (which must hold no NULL); text as the Arrow array itself for
    ``arrow_columns``; object arrays of the values (None for NULL) for the rest."""
    params = params or {}
    try:
        table = conn.run(_NAMED.sub(lambda m: _literal(params[m.group(1)]), sql))
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
        elif not text:  # e.g. whole numbers some of which are NULL: None there, not NaN
            columns[name] = np.array(column.to_pylist(), dtype=object)
        elif name in arrow_columns:
            columns[name] = column
        else:
            columns[name] = np.asarray(column.to_numpy(zero_copy_only=False), dtype=object)
    return columns
