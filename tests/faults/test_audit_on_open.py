"""The audit log is checked each time the database is opened: a dropped trigger or a forged
event is found, the command line warns and the GUI shows a red banner (issue 18, point 9)."""
from __future__ import annotations

import time

from tests.conftest import run_cli
from workstation.store import audit
from workstation.store.audit import audit_check_of
from workstation.store.db import open_database


def with_events(path, n: int = 5):
    db = open_database(path)
    for i in range(n):
        audit.record(db, actor="tester", action="probe", entity="test", entity_id=i, after={"i": i})
    db.conn.commit()
    db.close()


def tamper(path, *statements: str) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


FORGED = ("INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash)"
          " VALUES ('2024-01-01', 'mallory', 'decision.sign', 'application', '7', NULL, NULL, 'x', 'y')")


def test_an_intact_log_passes_and_opening_writes_nothing(db_path):
    with_events(db_path, 5)  # each event moves the verified point, in its own transaction
    before = db_path.read_bytes()
    db = open_database(db_path)
    assert audit_check_of(db).intact and audit_check_of(db).events_checked == 0
    db.close()
    assert db_path.read_bytes() == before


def test_a_forged_row_is_not_passed_over_by_the_next_event(db_path):
    with_events(db_path)
    tamper(db_path, FORGED)
    with_events(db_path, 2)  # the application goes on recording after the forged row
    db = open_database(db_path)
    assert not audit_check_of(db).intact and "#6" in audit_check_of(db).warning().en
    db.close()


def test_a_forged_insert_is_found_on_opening(db_path):
    with_events(db_path)
    tamper(db_path, FORGED)
    db = open_database(db_path)
    check = audit_check_of(db)
    assert not check.intact and "#6" in check.warning().en
    db.close()


def test_a_forged_row_with_a_low_id_is_found_though_before_the_verified_point(db_path):
    with_events(db_path)
    tamper(db_path, FORGED.replace("INSERT INTO audit_log (at", "INSERT INTO audit_log (id, at").replace(
        "VALUES ('2024", "VALUES (-3, '2024"))
    db = open_database(db_path)
    assert not audit_check_of(db).intact
    db.close()


def test_a_dropped_trigger_and_the_edit_it_allowed_are_found(db_path):
    with_events(db_path)  # the last event is the verified point
    tamper(db_path, "DROP TRIGGER audit_log_no_update",
           "UPDATE audit_log SET actor = 'mallory' WHERE id = (SELECT MAX(id) FROM audit_log)")
    db = open_database(db_path)
    warning = audit_check_of(db).warning()
    assert "audit_log_no_update" in warning.en and "audit_log_no_update" in warning.zh
    assert "were changed, removed or inserted" in warning.en
    db.close()


def test_the_command_line_warns_and_still_runs(db_path):
    with_events(db_path)
    tamper(db_path, "DROP TRIGGER audit_log_no_delete")
    done = run_cli("--lang", "en", "--db", str(db_path), "batches")
    assert done.returncode == 0
    assert "Warning: the audit log failed its integrity check" in done.stderr
    assert "audit_log_no_delete" in done.stderr


def test_checking_a_long_log_on_opening_is_fast(db_path):
    with_events(db_path, 3000)
    started = time.perf_counter()
    db = open_database(db_path)
    assert audit_check_of(db).intact and audit_check_of(db).events_checked == 0
    db.close()
    assert time.perf_counter() - started < 1.0


def test_every_protecting_trigger_is_checked_at_opening(db_path):
    from workstation.store.audit import schema_triggers

    with_events(db_path)
    assert {"decisions_never_deleted", "notices_are_final", "notices_never_deleted"} <= set(schema_triggers())
    tamper(db_path, "DROP TRIGGER decisions_never_deleted", "DROP TRIGGER notices_are_final")
    db = open_database(db_path)
    warning = audit_check_of(db).warning()
    db.close()
    assert "decisions_never_deleted (decisions)" in warning.en and "notices_are_final (notices)" in warning.zh
    done = run_cli("--lang", "en", "--db", str(db_path), "batches")
    assert done.returncode == 0 and "decisions_never_deleted" in done.stderr and "Traceback" not in done.stderr
