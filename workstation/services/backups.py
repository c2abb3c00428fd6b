"""Backups and restore as the CLI and the GUI take them (store.backup does the copying).

A backup on request (``backup [--to F]``, File → Back up) is an audit event: a copy on a USB stick
is personal data leaving the desk. The automatic ones (before a schema upgrade, the day's first
opening) are not recorded: opening writes nothing. ``restore`` checks the backup (SQLite's quick
check and the whole audit chain) before touching anything, keeps the current file aside, and
records the restore in the restored store.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.accounts import Role, password_matches
from workstation.domain.authority import Action, require
from workstation.domain.messages import Text, UserError
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.store import audit
from workstation.store.backup import (
    BackupFile,
    backup_folder,
    file_check,
    list_backups,
    prune,
    put_in_place,
    quick_check,
    set_aside,
    take_backup,
    taken_today,
)
from workstation.store.db import database_file, open_database
from workstation.store.output_paths import checked_output

log = logging.getLogger(__name__)

DEFAULT_KEEP = 14


def refusal(text: Text) -> UserError:
    """A UserError from a formatted Text."""
    return UserError(text.zh, text.en)


@dataclass(frozen=True)
class BackupSettings:
    daily: bool = True
    keep: int = DEFAULT_KEEP


def backup_settings(db: Database) -> BackupSettings:
    values = dict(db.execute("SELECT key, value FROM store_settings").fetchall())
    return BackupSettings(daily=values.get("backup_daily", "1") == "1",
                          keep=max(1, int(values.get("backup_keep", DEFAULT_KEEP))))


def set_backup_settings(db: Database, actor: Actor, *, daily: bool | None = None, keep: int | None = None) -> None:
    if keep is not None and keep < 1:
        raise UserError("至少保留 1 份备份。", "Keep at least one backup.")
    with db.atomic():
        check(db, actor, Action.BACKUP)
        before = backup_settings(db)
        for key, value in (("backup_daily", None if daily is None else str(int(daily))),
                           ("backup_keep", None if keep is None else str(keep))):
            if value is not None:
                db.execute("INSERT OR REPLACE INTO store_settings (key, value, updated_at, updated_by)"
                           " VALUES (?, ?, ?, ?)", [key, value, audit.now_iso(), actor.name])
        audit.record(db, actor=actor.name, action="store.backup_settings", entity="store_settings",
                     before=before.__dict__, after=backup_settings(db).__dict__)


def _path_of(db: Database) -> Path:
    found = database_file(db)
    if not found:
        raise UserError("只能备份数据库文件。", "Only a database file can be backed up.")
    return Path(found)


def backup_now(db: Database, actor: Actor, to: str | os.PathLike | None = None) -> Path:
    """A backup on request, into ``to`` or the backup folder (the oldest beyond the kept number
    removed); recorded in the audit log after the copy (so the copy does not hold its own event)."""
    check(db, actor, Action.BACKUP)
    path = _path_of(db)
    if to is not None:
        checked_output(to, db)  # never the database, its side files, another database, a folder or a device
    problems = quick_check(db.conn)  # a copy of a damaged file would be named "the latest backup"
    if problems:
        raise refusal(Text("数据库已损坏，未备份：{p}", "The database is damaged; no backup was taken: {p}").format(
            p="; ".join(problems[:3])))
    target = take_backup(path, why="manual", conn=db.conn, to=to)
    if to is None:
        prune(path, backup_settings(db).keep)
    with db.atomic():
        audit.record(db, actor=actor.name, action="store.backup", entity="store", after={
            "file": str(target), "sha256": _sha256(target)})
    return target


def _day_claim(db_path: str | os.PathLike) -> Path:
    """The mark that the day's first opening happened (its checks ran, its backup was seen to)."""
    return backup_folder(db_path) / f".daily-{date.today():%Y%m%d}.claim"


def daily_backup_if_due(db: Database) -> Path | None:
    """At the day's first opening (the setting on): a backup, the oldest beyond the kept number
    removed. Not recorded (an opening writes nothing); returns the backup, or None.

    Several commands (or desks) opening at once: the first to claim the day goes on, the others do
    not check or back up again. The claim is kept when there is nothing to back up (so a store
    without events is not checked page by page at every opening); a backup that fails (a full disk)
    never stops the day's work: it is logged and the claim given back for the next opening."""
    path = database_file(db)
    if not path or getattr(db, "read_only", False) or taken_today(path):
        return None
    claim = _day_claim(path)
    try:
        claim.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return None
    except OSError as exc:
        log.warning("daily backup of %s not taken: %s", path, exc)
        return None
    settings = backup_settings(db)
    if not settings.daily or db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 0:
        return None  # switched off, or nothing done in it yet: nothing to lose
    try:
        target = take_backup(path, why="daily", conn=db.conn)
        prune(path, settings.keep)
    except (OSError, sqlite3.Error) as exc:
        log.warning("daily backup of %s failed: %s", path, exc)
        claim.unlink(missing_ok=True)
        return None
    return target


def backups_of(db_path: str | os.PathLike) -> list[BackupFile]:
    return list_backups(db_path)


def daily_due(db_path: str | os.PathLike) -> bool:
    """Whether this opening is the day's first (no backup taken nor the day claimed): then the full
    checks run."""
    return Path(db_path).is_file() and not taken_today(db_path) and not _day_claim(db_path).exists()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- restore ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreResult:
    backup: Path
    aside: Path | None  # where the replaced file now is
    head: str  # the restored audit chain's head


def check_backup(backup: str | os.PathLike) -> str:
    """Refuse a backup that is damaged or whose audit chain is broken; returns its chain's head."""
    backup = Path(backup)
    if not backup.is_file():
        raise refusal(Text("找不到备份文件 {f}。", "No backup file {f}.").format(f=backup))
    problems = file_check(backup)
    if problems:
        raise refusal(Text("备份 {f} 已损坏，未恢复：{p}", "The backup {f} is damaged and was not restored: {p}").format(
            f=backup, p="; ".join(problems[:3])))
    try:
        source = Database(sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True))
        try:
            broken = audit.verify_chain(source)
            head = source.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise refusal(Text("{f} 不是工作站数据库的备份，未恢复（{e}）。",
                             "{f} is not a backup of a workstation database and was not restored ({e}).").format(
            f=backup, e=exc)) from exc
    if broken:
        raise refusal(Text("备份 {f} 的审计链在第 {id} 条事件处断开（{p}），未恢复。",
                             "The backup {f}'s audit chain is broken at event #{id} ({p}); it was not restored.").format(
            f=backup, id=broken[0].event_id, p=broken[0].problem))
    return head[0] if head else audit.GENESIS


def backup_actor(backup: str | os.PathLike, username: str, password: str) -> Actor:
    """Who restores when the current file cannot be opened to sign in: checked against the
    backup's own accounts (read only: no lockout counting there)."""
    conn = sqlite3.connect(f"{Path(backup).resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT username, role, display_name, password_hash, active FROM users"
                           " WHERE username = ? COLLATE NOCASE", [username]).fetchone()
        has_accounts = conn.execute("SELECT COUNT(*) FROM users").fetchone()[0] > 0
    finally:
        conn.close()
    if not has_accounts:
        return Actor(username)
    if row is None or not row[4] or not password_matches(password, row[3]):
        raise UserError("用户名或密码不正确。", "Wrong user name or password.")
    return Actor(row[0], Role(row[1]), row[2])


def restore(db_path: str | os.PathLike, backup: str | os.PathLike, actor: Actor) -> RestoreResult:
    """Put ``backup`` in place of the database at ``db_path`` (which nobody may hold open).

    Checks first (nothing is touched when the backup is damaged or its chain broken), then keeps
    the current file aside renamed with the time, copies the backup in and records the restore."""
    require(actor.role, Action.RESTORE)  # the defaults: the store being replaced may be unreadable
    db_path, backup = Path(db_path), Path(backup)
    if backup.resolve() == db_path.resolve():
        raise UserError("不能用数据库自身恢复。", "A database cannot be restored from itself.")
    head = check_backup(backup)
    aside = set_aside(db_path) if db_path.exists() else None
    put_in_place(backup, db_path)
    db = open_database(db_path)
    try:
        with db.atomic():
            audit.record(db, actor=actor.name, action="store.restore", entity="store", after={
                "backup": str(backup), "sha256": _sha256(backup), "backup_head": head,
                "replaced_file": str(aside) if aside else None})
    finally:
        db.close()
    return RestoreResult(backup, aside, head)
