"""Opening the workstation's SQLite file: WAL, foreign keys, migrations."""
from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.messages import Text
from workstation.store.audit import check_on_open
from workstation.store.backup import latest_backup, quick_check, take_backup
from workstation.store.leftovers import sweep_staging
from workstation.store.limits import BUSY_TIMEOUT_MS, MMAP_BYTES
from workstation.store.migrations import SchemaError, current_version, migrate, pending_versions


class StoreError(RuntimeError):
    """The database file cannot be opened or is not a workstation database."""

    def __str__(self) -> str:  # a Text says itself in the current language
        return str(self.args[0]) if self.args else ""


class StoreBusy(StoreError):
    """Another program held the write lock for longer than the busy timeout."""

    def __init__(self) -> None:
        super().__init__(Text(
            "数据库正忙：另一位用户或程序正在写入，等待 {s} 秒后仍未结束。请稍后再试；本次没有写入任何内容。",
            "The database is busy: another user or program is writing it and was still at it after {s} s. "
            "Try again in a moment; nothing was written.").format(s=BUSY_TIMEOUT_MS // 1000))


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite giving up on another connection's lock."""
    return isinstance(exc, sqlite3.OperationalError) and ("database is locked" in str(exc)
                                                          or "database is busy" in str(exc))


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """One writing transaction, begun IMMEDIATE: the write lock is taken at the start, waiting up
    to the busy timeout for another writer, so a transaction that has read never meets a writer
    later (a deferred one that read and then writes fails at once with "database is locked").
    Nested in a transaction already open, a savepoint. Giving up after the timeout is StoreBusy."""
    conn = db.conn
    if conn.in_transaction:
        savepoint = f"w_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:  # a RAISE(ROLLBACK) trigger may have ended it already
                conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {savepoint}")
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise StoreBusy() from exc
        raise
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.rollback()
        if is_busy(exc):
            raise StoreBusy() from exc
        raise


class WorkstationDatabase(Database):
    """sqlite-utils' Database whose ``atomic()`` is ``writing()``: every service's transaction
    begins IMMEDIATE without each of them having to say so."""

    @contextmanager
    def atomic(self) -> Generator[Database, None, None]:
        with writing(self) as db:
            yield db


def open_database(path: str | os.PathLike, *, create: bool = True, read_only: bool = False,
                  check: bool = False) -> Database:
    """Open (and, with ``create``, create) the workstation database at ``path``.

    The schema is migrated to the current version (migrations.migrate), after a backup of the
    file as it was (store.backup); a file made by a development build whose schema differs from
    the baseline, or by a newer program, is refused. Opening an up-to-date file writes nothing
    to it. A file on a read-only medium (or not writable by this user), or ``read_only``, is
    opened for reading only (``db.read_only``). ``check``: SQLite's quick check first (reads every
    page: the GUI's start, ``doctor``, the day's first opening), damage raising ``damaged``.
    """
    path = Path(path)
    if path.is_file() and (read_only or not writable(path)):
        return _open_read_only(path, check=check)
    if path.is_dir():
        raise StoreError(Text("{path} 是一个文件夹，不是数据库文件。请用 --db 指定一个数据库文件（例如 {example}）。",
                              "{path} is a folder, not a database file. Give a database file with --db "
                              "(e.g. {example}).").format(path=path, example=path / "workstation.db"))
    if not path.exists():
        if not create:
            raise StoreError(Text("找不到数据库：{path}", "database not found: {path}").format(path=path))
        try:
            # Readable by the owner only (POSIX): the file holds names and ID numbers. SQLite gives
            # its -wal and -shm files the database file's mode.
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name == "posix":
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            pass  # made meanwhile by another process: opened below as it is
        except OSError as exc:
            raise StoreError(Text("无法在 {folder} 建立数据库（{reason}）。请换一个位置。",
                                  "cannot create the database in {folder} ({reason}). Choose another place.").format(
                folder=path.parent, reason=exc.strerror or exc)) from exc
    db = WorkstationDatabase(path)
    conn = db.conn
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            # Refused while another process writes a bulk change under a rollback journal (see
            # bulk_write_journal); it puts the WAL back when it is done.
            _set_journal_mode(db, "wal")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Read the file through a memory map (up to MMAP_BYTES): a queue sort or count scans a
        # million index entries, and the map spares copying each page into SQLite's own cache
        # (measured on 1M cases: 35-45 % faster scans). Writes still go through the page cache
        # and the WAL, so durability and crash safety are as without it.
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        if check and quick_check(conn):
            raise sqlite3.DatabaseError("database disk image is malformed (quick_check)")
        pending = pending_versions(db)
        if pending and current_version(db) > 0:  # an existing file about to be upgraded: keep it as it was
            take_backup(path, why=f"before-upgrade-{pending[-1]:04d}", conn=conn)
        migrate(db)
        sweep_staging(path)
        db.audit_check = check_on_open(db)  # type: ignore[attr-defined]  # read by audit_check_of
    except Exception as exc:
        db.close()
        if isinstance(exc, SchemaError):  # made by a development build, or by a newer program
            raise StoreError(Text("{path}：", "{path}: ").format(path=path) + Text(*exc.args)) from exc
        if "file is not a database" in str(exc):
            raise StoreError(Text("{path} 不是 SQLite 数据库文件", "{path} is not an SQLite database").format(
                path=path)) from exc
        if isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc):
            raise damaged(path) from exc
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc):  # e.g. read-only -wal beside it
            return _open_read_only(path, check=check)
        if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
            raise StoreError(Text("无法打开数据库 {path}：请检查该路径是否存在、是否有读写权限。",
                                  "cannot open the database {path}: check that the path exists and that you "
                                  "may read and write it.").format(path=path)) from exc
        if "database is locked" in str(exc):  # e.g. a big import in another process (bulk_write_journal)
            raise StoreError(Text(
                "{path}：数据库正由另一个程序写入（例如一次大批量导入或重算），等待 {s} 秒后仍未结束。"
                "请待其完成后再打开；数据未受影响。",
                "{path}: the database is being written by another program (a large import or a recompute) and "
                "was still busy after {s} s. Open it again when that has finished; nothing was changed.").format(
                path=path, s=BUSY_TIMEOUT_MS // 1000)) from exc
        raise
    return db


def damaged(path: str | os.PathLike) -> StoreError:
    """The message for a database file SQLite finds damaged (truncated, overwritten): it names the
    latest backup and the command that puts it back."""
    text = Text(
        "数据库 {path} 已损坏或不完整（可能被截断或被其他文件覆盖）；本次没有写入任何内容。",
        "the database {path} is damaged or incomplete (truncated, or overwritten by another file); nothing "
        "was written.").format(path=path)
    latest = latest_backup(path)
    if latest is None:
        return StoreError(text + Text("没有找到它的备份（{folder}）：请用 --db 指定另一个数据库，或交由管理员处理。",
                                      " No backup of it was found ({folder}): give another database with --db, "
                                      "or call the administrator.").format(folder=Path(path).parent / "backups"))
    return StoreError(text + Text(
        "最近的备份是 {backup}（{when}）。恢复：main.py --db {path} restore {backup}（损坏的文件会改名保留）。",
        " The latest backup is {backup} (taken {when}). To restore it: main.py --db {path} restore {backup} "
        "(the damaged file is kept aside, renamed).").format(
        backup=latest.path, when=latest.taken_at.strftime("%Y-%m-%d %H:%M"), path=path))


def writable(path: Path) -> bool:
    """Whether SQLite can write ``path`` and its side files (the WAL is made beside it)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _open_read_only(path: Path, *, check: bool) -> Database:
    """Open for reading only: a file on a read-only medium, not writable by this user, or in use by
    another copy of the program. Nothing is migrated or swept; a write fails with SQLite's
    "readonly database", which the CLI and the GUI say in words (``READ_ONLY``)."""
    # immutable=1 when nothing beside the file can be written (no -shm for WAL readers: SQLite then
    # takes no locks, right for a medium nobody writes); plain mode=ro otherwise.
    flags = "mode=ro" if os.access(path.parent, os.W_OK) else "immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if check and quick_check(conn):
            raise damaged(path)
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn)
        if pending_versions(db):
            conn.close()
            raise StoreError(Text(
                "{path} 只能读取（只读介质或无写权限），但它需要升级到本程序的架构版本，而升级须写入：请把它复制到可写的位置再打开。",
                "{path} can only be read (a read-only medium or no permission to write), but it needs an upgrade "
                "to this program's schema, which writes: copy it to a writable place and open it there.").format(
                path=path))
        db.audit_check = check_on_open(db)  # type: ignore[attr-defined]
    except sqlite3.DatabaseError as exc:
        if "malformed" in str(exc) or "not a database" in str(exc):
            raise damaged(path) from exc
        raise
    db.read_only = True  # type: ignore[attr-defined]  # read by is_read_only
    return db


def is_read_only(db: Database) -> bool:
    return bool(getattr(db, "read_only", False))


READ_ONLY = Text(
    "数据库以只读方式打开（位于只读介质、没有写权限，或正被另一个工作站程序使用）：本操作需要写入，未执行。"
    "请关闭另一个程序，或把数据库复制到可写的位置后再试。",
    "the database is open for reading only (on a read-only medium, not writable by you, or in use by another "
    "copy of the workstation): this needs to write and was not done. Close the other copy, or copy the "
    "database to a writable place, and try again.")


def holds_database(db: Database, path: str | os.PathLike) -> bool:
    """Whether writing ``path`` would overwrite the open database or one of its side files (the
    WAL, its index, a rollback journal): an export must never go there."""
    main = database_file(db) if not db.conn.in_transaction else None
    if main is None:
        row = next((r for r in db.execute("PRAGMA database_list").fetchall() if r[1] == "main"), None)
        main = (row[2] or None) if row else None
    if not main:
        return False
    target = Path(path).resolve()
    for suffix in ("", "-wal", "-shm", "-journal"):
        side = Path(main + suffix)
        if target == side.resolve() or (target.exists() and side.exists() and os.path.samefile(target, side)):
            return True
    return False


@contextmanager
def bulk_write_journal(db: Database) -> Iterator[bool]:
    """For a bulk change (an import, a full rewrite of results): a rollback journal instead of
    the WAL while no other connection has the file open. Yields whether it switched.

    Under the WAL every page a big transaction writes goes to the log first and is copied into
    the file again by the checkpoint after the commit; under a rollback journal a page the
    transaction adds is written once, into the file, and only pages that held data before are
    copied to the journal (measured on a million-case import: 5 s of 28 s). The transaction is
    as atomic either way: a process killed mid-write leaves a journal that the next opening
    rolls back. SQLite refuses to leave WAL mode while another connection has the file open
    ("database is locked", at once); then the change is written through the WAL as usual, and
    readers go on reading beside it. One that opens during the switched change waits for it (the
    busy timeout), as with any rollback journal.
    """
    switched = not db.conn.in_transaction and bool(database_file(db)) and _set_journal_mode(db, "delete")
    try:
        yield switched
    finally:
        if switched:  # refused when a connection opened meanwhile: the next open_database puts it back
            _set_journal_mode(db, "wal")


def _set_journal_mode(db: Database, mode: str) -> bool:
    """Switch the file's journal mode; False when SQLite refuses because another connection has
    the file open or locked (it says so at once, "database is locked")."""
    try:
        with db.ensure_autocommit_on():
            return db.conn.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0].lower() == mode
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            raise
        return False


def open_reader(path: str | os.PathLike) -> sqlite3.Connection:
    """A plain connection for one read in another thread (the queue counts on one while the GUI
    thread reads a page): the file's reading settings, no migrations. Raw sqlite3, as it lives
    for one query and sqlite-utils' setup would cost more than the query saves."""
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    return conn


def database_file(db: Database) -> str | None:
    """The file behind ``db``; None for an in-memory database or one with uncommitted changes
    (which another connection could not see)."""
    if db.conn.in_transaction:
        return None
    row = next((r for r in db.execute("PRAGMA database_list").fetchall() if r[1] == "main"), None)
    return (row[2] or None) if row else None


def open_memory() -> Database:
    """A migrated in-memory database, for tests and previews."""
    db = WorkstationDatabase(memory=True)
    db.conn.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db
