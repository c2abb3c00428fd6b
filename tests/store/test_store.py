"""The store: WAL, schema version, migrations, the append-only hash-chained audit log."""
from __future__ import annotations

import os
import sqlite3

import pytest

from workstation.store import audit
from workstation.store.db import StoreError, bulk_write_journal, open_database
from workstation.store.migrations import SCHEMA_VERSION, read_steps


def test_new_database_is_wal_and_at_current_schema(db_path):
    db = open_database(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    applied = [r["version"] for r in db.query("SELECT version FROM schema_migrations")]
    assert applied == [step.version for step in read_steps()]
    db.close()


def test_reopening_an_up_to_date_database_leaves_it_byte_identical(db_path):
    open_database(db_path).close()
    before = db_path.read_bytes()
    open_database(db_path).close()
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_with_a_message(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is a text file, not sqlite" * 100)
    with pytest.raises(StoreError) as refused:
        open_database(bogus)
    assert "not an SQLite database" in refused.value.args[0].en and "不是 SQLite 数据库" in refused.value.args[0].zh


def test_audit_log_refuses_update_and_delete(db):
    with db.atomic():
        audit.record(db, actor="alice", action="groups.load", entity="groups", after={"rows": 3})
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_log SET actor = 'mallory'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log")
    assert [r["actor"] for r in db.query("SELECT actor FROM audit_log")] == ["alice"]


def test_audit_chain_detects_a_rewritten_event(db):
    with db.atomic():
        for n in range(3):
            audit.record(db, actor="alice", action="test", entity="thing", entity_id=n,
                         before={"n": n}, after={"n": n + 1})
    assert audit.verify_chain(db) == []
    # Someone with a raw SQLite tool drops the trigger and rewrites history.
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET after = '{\"n\":99}' WHERE id = 2")
    problems = audit.verify_chain(db)
    assert [p.event_id for p in problems] == [2]


def test_audit_event_rolls_back_with_the_change_it_describes(db):
    with pytest.raises(RuntimeError):
        with db.atomic():
            audit.record(db, actor="alice", action="test", entity="thing")
            raise RuntimeError("the change failed")
    assert db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 0


def _journal_mode(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def test_a_bulk_change_alone_is_written_under_a_rollback_journal_and_the_wal_comes_back(db_path):
    db = open_database(db_path)
    with bulk_write_journal(db) as switched:
        assert switched
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        with db.conn:
            db.execute("CREATE TABLE probe (value TEXT)")
            db.execute("INSERT INTO probe VALUES ('written')")
        assert not os.path.exists(f"{db_path}-wal")
    db.close()
    assert _journal_mode(db_path) == "wal"
    reopened = open_database(db_path)
    assert reopened.execute("SELECT value FROM probe").fetchone()[0] == "written"
    reopened.close()


def test_a_bulk_change_keeps_the_wal_while_another_connection_has_the_file_open(db_path):
    db = open_database(db_path)
    reader = open_database(db_path)  # e.g. the queue on screen
    try:
        with bulk_write_journal(db) as switched:
            assert not switched
            with db.conn:
                db.execute("CREATE TABLE probe (value TEXT)")
            db.execute("INSERT INTO probe VALUES ('written')")
            # The reader goes on reading beside the change, as under the WAL it still is.
            assert reader.execute("SELECT value FROM probe").fetchone()[0] == "written"
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        reader.close()
        db.close()


def test_opening_while_another_process_writes_under_a_rollback_journal_is_not_refused(db_path):
    db = open_database(db_path)
    db.close()
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = DELETE")
    writer.execute("BEGIN IMMEDIATE")  # a bulk import has begun (a reserved lock): reads still go on
    try:
        reader = open_database(db_path)
        assert reader.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 0
        reader.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_opening_while_another_process_holds_the_file_past_the_wait_says_so_without_a_traceback(db_path,
                                                                                                monkeypatch):
    from workstation.store import db as store_db

    open_database(db_path).close()
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = DELETE")
    writer.execute("BEGIN EXCLUSIVE")  # a bulk import whose pages have started to reach the file
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)
    try:
        with pytest.raises(StoreError) as busy:
            open_database(db_path)
        assert "另一个程序写入" in busy.value.args[0].zh
        assert "being written by another program" in busy.value.args[0].en
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert open_database(db_path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
