"""Backups of the workstation's SQLite file with SQLite's online backup API.

``Connection.backup`` copies a consistent snapshot page by page while other connections go on
reading (and writing: a page changed meanwhile is copied again), unlike copying the file, which
can catch a half-written WAL. A backup is written to a temporary file beside its target and
renamed into place, so a full disk or a killed program never leaves a half backup that looks whole.

Backups live in ``backups/`` beside the database, named ``<stem>-YYYYMMDD-HHMMSS-<why>.db`` (local
time: IT and users read the names), the newest N kept (``prune``).
"""
from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workstation.store.limits import BUSY_TIMEOUT_MS

FOLDER = "backups"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<day>\d{8})-(?P<time>\d{6})-(?P<why>[a-z0-9-]+)\.db$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime  # local time, from the name
    why: str  # manual | daily | before-upgrade-NNNN | before-restore
    size: int


def backup_folder(db_path: str | os.PathLike) -> Path:
    return Path(db_path).parent / FOLDER


def backup_connection(conn: sqlite3.Connection, target: str | os.PathLike) -> Path:
    """Copy the database behind ``conn`` into ``target`` (temp file + rename)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Per process: two openings at the same second (eight commands at once) must not share one.
    temp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    temp.unlink(missing_ok=True)
    dest = sqlite3.connect(temp)
    try:
        # Pages in steps, so a writer in another process is not held off for the whole copy.
        conn.backup(dest, pages=4096)
        dest.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
    finally:
        dest.close()
    if os.name == "posix":
        os.chmod(temp, 0o600)  # it holds names and ID numbers, as the database does
    os.replace(temp, target)
    return target


def take_backup(db_path: str | os.PathLike, *, why: str, conn: sqlite3.Connection | None = None,
                to: str | os.PathLike | None = None, now: datetime | None = None) -> Path:
    """Back up the database at ``db_path`` (through ``conn`` when one is open) into ``to`` or the
    backup folder; returns the backup's path."""
    db_path = Path(db_path)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = Path(to) if to else backup_folder(db_path) / f"{db_path.stem}-{stamp}-{why}.db"
    if conn is not None:
        return backup_connection(conn, target)
    source = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        source.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return backup_connection(source, target)
    finally:
        source.close()


def list_backups(db_path: str | os.PathLike) -> list[BackupFile]:
    """The database's backups in its backup folder, newest first."""
    folder, stem = backup_folder(db_path), Path(db_path).stem
    found = []
    for entry in folder.glob("*.db") if folder.is_dir() else ():
        match = _NAME.match(entry.name)
        if not match or match["stem"] != stem:
            continue
        taken = datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M%S")
        found.append(BackupFile(entry, taken, match["why"], entry.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def latest_backup(db_path: str | os.PathLike) -> BackupFile | None:
    backups = list_backups(db_path)
    return backups[0] if backups else None


def taken_today(db_path: str | os.PathLike, now: datetime | None = None) -> bool:
    today = (now or datetime.now()).date()
    return any(b.taken_at.date() == today for b in list_backups(db_path))


def prune(db_path: str | os.PathLike, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups (at least one is always kept); returns those removed."""
    removed = []
    for old in list_backups(db_path)[max(1, keep):]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's ``PRAGMA quick_check``: the problems it finds (empty when the file is sound).

    It reads every page but skips matching index entries to rows (``integrity_check`` does that
    too, several times slower); a damaged page, a broken b-tree or a truncated file show here."""
    try:
        rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:  # so damaged that the check itself cannot run
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def file_check(path: str | os.PathLike) -> list[str]:
    """``quick_check`` of a file opened read-only (a backup before it is restored)."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        return quick_check(conn)
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()


def set_aside(db_path: str | os.PathLike, now: datetime | None = None) -> Path:
    """Rename the database (with its -wal and -shm) to ``<name>.replaced-YYYYMMDD-HHMMSS``, so a
    restore loses nothing; returns the new name of the main file."""
    db_path = Path(db_path)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = db_path.with_name(f"{db_path.name}.replaced-{stamp}-{n}")
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            os.replace(side, f"{aside}{suffix}")
    if db_path.exists():
        os.replace(db_path, aside)
    return aside


def put_in_place(backup: str | os.PathLike, db_path: str | os.PathLike) -> None:
    """Copy ``backup`` to ``db_path`` through the backup API (temp file + rename)."""
    source = sqlite3.connect(f"{Path(backup).resolve().as_uri()}?mode=ro", uri=True)
    try:
        backup_connection(source, db_path)
    finally:
        source.close()
