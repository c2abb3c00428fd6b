"""Writing staging files through the ADBC SQLite driver: Arrow columns bound in C, without the GIL.

A staging file is a scratch SQLite file beside the database that a helper process writes and the
process holding the store's transaction then attaches and copies from with one INSERT … SELECT
(importer.staging: a batch's rows, written by the import worker): binding a million rows through
``sqlite3`` is Python work in the writing process, through the driver it is C on another core.

The driver brings its own SQLite library. Two SQLite libraries in one process undo each other's
POSIX locks when either closes a file the other has open (sqlite.org, "How To Corrupt An SQLite
Database File", 2.2.1): only helper processes (no ``sqlite3`` connection) use it, on files the
store's process opens only after they are closed.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow as pa

# The driver as store.arrow_read imports it (its own API; None when not installed: then callers
# bind rows through sqlite3, slower).
from workstation.store.arrow_read import adbc_manager, adbc_sqlite, available  # noqa: F401 - available: re-exported
from workstation.store.leftovers import STAGING_PREFIX, sweep_staging


def new_folder(database: str) -> str:
    """A fresh staging folder beside ``database`` (named with this process's id, readable by its
    owner only: it holds ID numbers). Folders that killed processes left behind are removed first;
    a live process's are left alone."""
    path = Path(database)
    sweep_staging(database)
    return tempfile.mkdtemp(prefix=f"{path.name}{STAGING_PREFIX}{os.getpid()}-", dir=path.parent)


def open_file(path: str, table_sql: str):
    database = adbc_sqlite.connect(Path(path).resolve().as_uri())
    connection = adbc_manager.AdbcConnection(database)
    # Nothing needs these files after the import: no journal, no waiting for the disk.
    for sql in ("PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", table_sql):
        _execute(connection, sql)
    return database, connection


def _execute(connection, sql: str) -> None:
    statement = adbc_manager.AdbcStatement(connection)
    try:
        statement.set_sql_query(sql)
        statement.execute_update()
    finally:
        statement.close()


def append(connection, table: pa.Table, name: str) -> None:
    statement = adbc_manager.AdbcStatement(connection)
    try:
        statement.set_options(**{adbc_manager.INGEST_OPTION_TARGET_TABLE: name,
                                 adbc_manager.INGEST_OPTION_MODE: adbc_manager.INGEST_OPTION_MODE_APPEND})
        statement.bind_stream(table)
        statement.execute_update()  # steps SQLite in C, without the GIL
    finally:
        statement.close()


def close(database, connection) -> None:
    connection.close()
    database.close()
