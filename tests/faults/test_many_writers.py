"""Many users at once: eight writing commands started together, while another connection holds
the write lock for a moment, all finish (each waits its turn up to the busy timeout); one that
meets a writer for longer says the store is busy. No traceback in any stderr."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time

from tests.conftest import ROOT
from workstation.services.accounts import add_user
from workstation.services.context import Actor
from workstation.store.db import open_database
from workstation.store.limits import BUSY_TIMEOUT_MS

PASSWORD = "admin-pass-1"


def _store(tmp_path):
    path = tmp_path / "w.db"
    db = open_database(path)
    add_user(db, Actor("setup"), "admin", "admin", PASSWORD)
    add_user(db, Actor("admin", "admin"), "li", "reviewer", "li-pass-11")  # type: ignore[arg-type]
    db.close()
    return path


def _start(path, *args, user="admin", password=PASSWORD):
    env = dict(os.environ, DRG_WORKSTATION_PASSWORD=password, DRG_LANG="en")
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(path), "--user", user, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env)


def _hold_write_lock(path, seconds: float, started: threading.Event,
                     release: threading.Event | None = None) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")  # the write lock, as another program writing would hold it
    started.set()
    if release is None:
        time.sleep(seconds)
    else:
        release.wait(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_eight_writers_started_together_all_finish(tmp_path):
    path = _store(tmp_path)
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 2.0, started))
    holder.start()
    started.wait()
    commands = [_start(path, "experts", "add", f"专家{i}") for i in range(6)]
    commands.append(_start(path, "notice-settings", "--bureau", "某市医疗保障局"))
    commands.append(_start(path, "applications", "list", user="li", password="li-pass-11"))
    results = [(c.wait(timeout=120), *c.communicate()) for c in commands]
    holder.join()
    for code, out, err in results:
        assert "Traceback" not in err, err
        assert code == 0, (out, err)
    db = open_database(path)
    names = sorted(r[0] for r in db.execute("SELECT name FROM experts"))
    failed = db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'users.sign_in_failed'").fetchone()[0]
    db.close()
    assert names == sorted(f"专家{i}" for i in range(6)) and failed == 0


def test_a_writer_held_beyond_the_busy_timeout_is_said_clearly(tmp_path):
    path = _store(tmp_path)
    started, release = threading.Event(), threading.Event()
    # Held until the command has given up (however slowly a busy machine starts it).
    holder = threading.Thread(target=_hold_write_lock, args=(path, 120, started, release))
    holder.start()
    started.wait()
    began = time.monotonic()
    command = _start(path, "experts", "add", "王医生")
    code = command.wait(timeout=120)
    _, err = command.communicate()
    release.set()
    holder.join()
    assert time.monotonic() - began >= BUSY_TIMEOUT_MS / 1000  # it waited its turn first
    assert code == 2 and "Traceback" not in err
    assert "The database is busy" in err and "nothing was written" in err
