"""A damaged database names its latest backup; restore checks the backup, keeps the damaged file
aside and leaves an intact store that records the restore."""
from __future__ import annotations

import sqlite3

from workstation.store.backup import list_backups


def damage(path) -> None:
    with open(path, "r+b") as f:  # overwrite pages in the middle of the file, as a bad disk would
        f.seek(4096 * 20)
        f.write(b"\xde\xad" * 20000)


def test_damage_names_the_backup_and_restore_brings_it_back(desk, cli):
    status, out, _ = cli("--db", str(desk), "--user", "li", "backup")
    assert status == 0 and "Backed up to" in out
    backup = [b for b in list_backups(desk) if b.why == "manual"][0].path
    damage(desk)

    status, _, err = cli("--db", str(desk), "summary")
    assert status == 2
    assert "damaged" in err and str(backup) in err and "restore" in err

    status, out, err = cli("--db", str(desk), "--user", "admin", "restore", str(backup))
    assert status == 0, err
    assert "kept as" in out
    aside = list(desk.parent.glob("desk.db.replaced-*"))
    assert len(aside) == 1  # the damaged file is kept, renamed
    status, out, _ = cli("--db", str(desk), "audit", "verify")
    assert status == 0 and "intact" in out
    conn = sqlite3.connect(desk)
    assert conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'store.restore'").fetchone()[0] == 1
    conn.close()


def test_a_damaged_backup_is_refused_and_nothing_is_touched(desk, cli, tmp_path):
    bad = tmp_path / "bad.db"
    cli("--db", str(desk), "--user", "li", "backup", "--to", str(bad))
    damage(bad)
    status, _, err = cli("--db", str(desk), "--user", "admin", "restore", str(bad))
    assert status == 2 and "damaged" in err
    assert not list(desk.parent.glob("*.replaced-*"))  # the current file was not set aside
    conn = sqlite3.connect(desk)
    assert conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'store.restore'").fetchone()[0] == 0
    conn.close()


def test_only_an_administrator_restores(desk, cli):
    cli("--db", str(desk), "--user", "li", "backup")
    backup = list_backups(desk)[0].path
    status, _, err = cli("--db", str(desk), "--user", "li", "restore", str(backup))
    assert status == 2 and "role:store.restore" in err


def test_the_newest_backups_are_kept(desk, cli):
    cli("--db", str(desk), "--user", "admin", "backup-settings", "--keep", "2")
    for _ in range(3):
        cli("--db", str(desk), "--user", "li", "backup")
    assert len(list_backups(desk)) == 2


def test_a_database_that_cannot_be_written_opens_read_only_and_says_so(desk, cli, monkeypatch):
    # As if on a CD or a folder the user may not write (root may write anywhere, so it is simulated).
    monkeypatch.setattr("workstation.store.db.writable", lambda _path: False)
    status, out, err = cli("--db", str(desk), "applications", "list")
    assert status == 0 and "reading only" in err and out.strip()
    before = desk.read_bytes()
    status, _, err = cli("--db", str(desk), "--user", "li", "review", "accept", "6")
    assert status == 2 and "open for reading only" in err
    assert desk.read_bytes() == before


def test_an_upgrade_is_preceded_by_a_backup(tmp_path):
    from sqlite_utils import Database

    from workstation.store.db import open_database
    from workstation.store.migrations import STEPS, migrate

    old_steps = tmp_path / "steps"
    old_steps.mkdir()
    baseline = next(s for s in STEPS.iterdir() if s.name.startswith("0012_"))
    (old_steps / baseline.name).write_text(baseline.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "old.db"
    old = Database(path)
    migrate(old, old_steps)  # a file as the first release left it
    old.close()
    open_database(path).close()
    backups = list_backups(path)
    assert len(backups) == 1 and backups[0].why.startswith("before-upgrade-")  # named by the version it goes to
    conn = sqlite3.connect(backups[0].path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 12  # the file as it was
    conn.close()


def test_the_days_backup_is_taken_once_and_a_failed_one_never_stops_the_command(tmp_path, monkeypatch):
    """Eight commands opening a store at once each found no backup of the day and wrote the same
    temporary file: one failed with "disk I/O error" and a traceback."""
    from workstation.services import backups
    from workstation.services.context import Actor
    from workstation.services.experts import add_expert
    from workstation.store.db import open_database

    db = open_database(tmp_path / "w.db")
    add_expert(db, Actor("setup"), "专家甲")  # something to lose: the daily backup is due
    first, second = backups.daily_backup_if_due(db), backups.daily_backup_if_due(db)
    assert first is not None and first.is_file() and second is None
    for leftover in (tmp_path / "backups").iterdir():  # as if the day had not been claimed yet
        leftover.unlink()

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(backups, "take_backup", full_disk)
    assert backups.daily_backup_if_due(db) is None  # logged; the command goes on
    monkeypatch.undo()
    assert backups.daily_backup_if_due(db) is not None  # the failed claim was given back
    db.close()


def test_a_store_without_events_is_checked_at_the_days_first_opening_only(tmp_path):
    """Nothing to back up left the day unclaimed, so every opening checked every page (1.2 s at
    1M cases: the queue's first page missed its 0.5 s)."""
    from workstation.services import backups
    from workstation.store.db import open_database

    path = tmp_path / "w.db"
    open_database(path).close()
    assert backups.daily_due(path)
    db = open_database(path, check=True)
    assert backups.daily_backup_if_due(db) is None  # no event: nothing to back up
    db.close()
    assert not backups.daily_due(path)
