"""`audit verify` on an untouched file and after each kind of tampering done with sqlite3."""
from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import run_cli
from workstation.services.context import Actor
from workstation.services.experts import add_expert
from workstation.store.db import open_database


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "w.db"
    db = open_database(path)
    for i in range(5):
        add_expert(db, Actor("admin"), f"专家{i}", hospital_codes="H00{i}")
    db.close()
    return path


def _tamper(path, *statements):
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _verify(path, *extra):
    return run_cli("--db", str(path), "audit", "verify", *extra, env={"DRG_LANG": "en"})


def test_an_untouched_chain_verifies_and_prints_its_head(store):
    done = _verify(store)
    assert done.returncode == 0, done.stderr
    assert "Chain head: 5 events" in done.stdout and "intact" in done.stdout


@pytest.mark.parametrize(("statements", "first"), [
    (["UPDATE audit_log SET actor = 'mallory' WHERE id = 3"], "event 3"),
    (["DELETE FROM audit_log WHERE id = 2"], "event 3"),
    (["UPDATE audit_log SET id = 100 WHERE id = 2", "UPDATE audit_log SET id = 2 WHERE id = 3",
      "UPDATE audit_log SET id = 3 WHERE id = 100"], "event 2"),
    (["INSERT INTO audit_log (at, actor, action, entity, prev_hash, hash) SELECT at, 'mallory', 'x', 'y', hash,"
      " 'forged' FROM audit_log WHERE id = 5"], "event 6"),
], ids=["edited", "deleted", "reordered", "inserted"])
def test_each_kind_of_tampering_is_named(store, statements, first):
    _tamper(store, *statements)
    done = _verify(store)
    assert done.returncode == 1
    assert f"tampered with: first at {first}" in done.stdout


def test_a_cut_tail_is_caught_against_a_head_written_down_before(store):
    head = _verify(store).stdout.split("last hash ")[1].split()[0]
    _tamper(store, "DELETE FROM audit_log WHERE id = 5")
    assert _verify(store).returncode == 0  # the shorter chain is consistent on its own
    done = _verify(store, "--head", head)
    assert done.returncode == 1 and "not in the chain" in done.stdout
