"""Writing staging files through the ADBC SQLite driver: Arrow columns bound in C, without the GIL.

A staging file is a scratch SQLite file beside the database that a helper process writes and the
process holding the store's transaction then attaches and copies from with one INSERT … SELECT
(see importer.staging for a batch's rows, engine.store_results for a recompute's numbers):
binding a million rows through ``sqlite3`` is Python work in the writing process, through the
driver it is C on another core.

The driver brings its own SQLite library. Two SQLite libraries in one process undo each other's
POSIX locks when either closes a file the other has open (sqlite.org, "How To Corrupt An SQLite
Database File", 2.2.1): only helper processes (no ``sqlite3`` connection) use it, on files the
store's process opens only after they are closed.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa

try:
    # The driver's own API, not its DB-API module, which imports pandas (see store.arrow_read).
    import adbc_driver_manager as _manager
    import adbc_driver_sqlite as _sqlite
except ImportError:  # a dependency; without it callers bind rows through sqlite3 (slower)
    _manager = _sqlite = None

_FOLDER_PREFIX = "-staging-"  # then the owner's process id


def available() -> bool:
    return _sqlite is not None


def new_folder(database: str) -> str:
    """A fresh staging folder beside ``database`` (named with this process's id). Folders that
    killed processes left behind are removed first; a live process's are left alone."""
    path = Path(database)
    for old in path.parent.glob(f"{path.name}{_FOLDER_PREFIX}*"):
        owner = old.name[len(path.name) + len(_FOLDER_PREFIX):].split("-", 1)[0]
        if not (owner.isdigit() and _alive(int(owner))):
            shutil.rmtree(old, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{path.name}{_FOLDER_PREFIX}{os.getpid()}-", dir=path.parent)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # its own are removed when their import or recompute ends
    if os.name == "nt":  # os.kill would end the process there: leave the folder be
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def open_file(path: str, table_sql: str):
    database = _sqlite.connect(Path(path).resolve().as_uri())
    connection = _manager.AdbcConnection(database)
    # Nothing needs these files after the import: no journal, no waiting for the disk.
    for sql in ("PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", table_sql):
        _execute(connection, sql)
    return database, connection


def _execute(connection, sql: str) -> None:
    statement = _manager.AdbcStatement(connection)
    try:
        statement.set_sql_query(sql)
        statement.execute_update()
    finally:
        statement.close()


def write_file(path: str, table_sql: str, name: str, rows: pa.Table) -> None:
    """A new staging file at ``path`` holding ``rows`` in the table ``name`` that ``table_sql``
    creates (the recompute's read helper hands its per-case numbers over this way)."""
    database, connection = open_file(path, table_sql)
    try:
        append(connection, rows, name)
    finally:
        close(database, connection)


def append(connection, table: pa.Table, name: str) -> None:
    statement = _manager.AdbcStatement(connection)
    try:
        statement.set_options(**{_manager.INGEST_OPTION_TARGET_TABLE: name,
                                 _manager.INGEST_OPTION_MODE: _manager.INGEST_OPTION_MODE_APPEND})
        statement.bind_stream(table)
        statement.execute_update()  # steps SQLite in C, without the GIL
    finally:
        statement.close()


def close(database, connection) -> None:
    connection.close()
    database.close()
