"""One check for every file the workstation writes (notices, reports, minutes, workbooks,
exports, rejected rows), so that no output path can destroy the store.

``report --out w.db`` used to write its PDF over the database and exit 0; a folder, /dev/full
or a missing folder ended in a traceback. Now every command and save dialog passes its path
through ``checked_output`` (refusing with a message, before anything is used up) and writes
through ``atomic_output`` (a temporary file beside the target, renamed over it only once it is
complete, so a failed write leaves nothing half-written):

    target = checked_output(args.out, db)
    with atomic_output(target, db) as temporary:
        write_pdf(..., temporary)

Refused: the open database and its -wal/-shm/-journal (by resolved path and by samefile), any
SQLite database file, a folder where a file is expected, a device or other special file, a
place that cannot be written, and a missing folder — the folder must exist (one rule for every
command: a typo in a folder name is said, not silently made). A folder target (``notices
--out DIR``) may itself be new, inside an existing folder. A disk filling up while writing
(ENOSPC) is said too, and the partial file removed.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.messages import Text, UserError
from workstation.store.db import holds_database

SQLITE_MAGIC = b"SQLite format 3\x00"


class OutputRefused(UserError):
    """An output path that would destroy the store, or cannot be written (exit 2)."""

    def __init__(self, text: Text):
        super().__init__(text.zh, text.en)


def _refuse(zh: str, en: str, **values: object) -> OutputRefused:
    return OutputRefused(Text(zh, en).format(**values))


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _side_files_of(db: Database | str | os.PathLike | None) -> list[Path]:
    """The database file and its side files, when ``db`` is a path rather than an open store."""
    if db is None or isinstance(db, Database):
        return []
    main = str(db)
    return [Path(main + suffix) for suffix in ("", "-wal", "-shm", "-journal")]


def _holds_store(db: Database | str | os.PathLike | None, target: Path) -> bool:
    if isinstance(db, Database):
        return holds_database(db, target)
    resolved = target.resolve()
    for side in _side_files_of(db):
        if resolved == side.resolve() or (target.exists() and side.exists() and os.path.samefile(target, side)):
            return True
    return False


def checked_output(path: str | os.PathLike, db: Database | str | os.PathLike | None) -> Path:
    """``path`` as a file the workstation may write, or OutputRefused saying why not."""
    target = Path(path).expanduser()
    if not str(path).strip():
        raise _refuse("没有给出输出文件。", "No output file was given.")
    if _holds_store(db, target):
        raise _refuse("不能写入 {path}：这是工作站正在使用的数据库（或其日志文件），写入会毁掉全部数据和审计记录。请换一个文件名。",
                      "Cannot write {path}: it is the database the workstation has open (or one of its log "
                      "files); writing there would destroy every record and the audit trail. Choose another "
                      "file name.", path=target)
    if target.is_dir():
        raise _refuse("不能写入 {path}：这是一个文件夹。请给出文件名，例如 {example}。",
                      "Cannot write {path}: it is a folder. Give a file name, e.g. {example}.",
                      path=target, example=target / ("output" + (Path(str(path)).suffix or ".pdf")))
    if target.exists() or target.is_symlink():
        try:
            mode = target.stat().st_mode
        except OSError:
            mode = 0
        if not stat.S_ISREG(mode):
            raise _refuse("不能写入 {path}：这不是普通文件（设备、管道或失效的链接）。请给出一个文件名。",
                          "Cannot write {path}: it is not an ordinary file (a device, a pipe or a broken "
                          "link). Give a file name.", path=target)
        if _is_sqlite(target):
            raise _refuse("不能写入 {path}：这是一个 SQLite 数据库文件，覆盖它会毁掉其中的数据。请换一个文件名。",
                          "Cannot write {path}: it is an SQLite database file; writing over it would destroy "
                          "its data. Choose another file name.", path=target)
    _check_folder(target.parent)
    return target


def checked_output_folder(path: str | os.PathLike, db: Database | str | os.PathLike | None) -> Path:
    """A folder to write many files into (``notices --out DIR``): an existing folder, or a new one
    inside an existing folder. Each file written there still goes through ``checked_output``."""
    folder = Path(path).expanduser()
    if not str(path).strip():
        raise _refuse("没有给出输出文件夹。", "No output folder was given.")
    if _holds_store(db, folder) or (folder.exists() and not folder.is_dir()):
        raise _refuse("不能写入 {path}：这是一个文件，不是文件夹。请给出一个文件夹。",
                      "Cannot write into {path}: it is a file, not a folder. Give a folder.", path=folder)
    if folder.is_dir():
        _check_folder(folder)
    else:
        _check_folder(folder.parent)
    return folder


def _check_folder(folder: Path) -> None:
    folder = folder if str(folder) else Path(".")
    if not folder.exists():
        raise _refuse("文件夹 {folder} 不存在：请先建立它，或换一个位置。",
                      "The folder {folder} does not exist: create it first, or choose another place.", folder=folder)
    if not folder.is_dir():
        raise _refuse("{folder} 不是文件夹：请换一个位置。", "{folder} is not a folder: choose another place.",
                      folder=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _refuse("无法写入文件夹 {folder}（没有写入权限）：请换一个位置。",
                      "Cannot write in the folder {folder} (no permission): choose another place.", folder=folder)


def write_failure(target: Path, exc: OSError) -> OutputRefused:
    """The message for a write that failed part way (disk full, permission, a file held open)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _refuse("写入 {path} 时磁盘已满：文件没有写出，已删除写了一半的内容。请腾出空间或换一个位置。",
                       "The disk filled up while writing {path}: nothing was written (the partial file was "
                       "removed). Free some space or choose another place.", path=target)
    if isinstance(exc, PermissionError):
        return _refuse("无法写入 {path}：没有权限，或文件正被其他程序（Excel、WPS、PDF 阅读器）打开。请关闭后重试。",
                       "Cannot write {path}: no permission, or the file is open in another program (Excel, "
                       "WPS, a PDF reader). Close it and try again.", path=target)
    return _refuse("无法写入 {path}：{reason}。文件没有写出。", "Cannot write {path}: {reason}. Nothing was written.",
                   path=target, reason=exc.strerror or exc)


@contextmanager
def atomic_output(path: str | os.PathLike, db: Database | str | os.PathLike | None) -> Iterator[Path]:
    """Check ``path``, yield a temporary file beside it to write, and rename it over ``path`` when
    the block ends without an error; on an error the temporary file is removed (and an OSError
    such as a full disk becomes OutputRefused)."""
    target = checked_output(path, db)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        try:
            yield temporary
            if _holds_store(db, target):  # made the database meanwhile (a symlink swapped in): still refused
                raise checked_output_error(target)
            os.replace(temporary, target)
        except OSError as exc:
            raise write_failure(target, exc) from exc
    finally:
        temporary.unlink(missing_ok=True)


def checked_output_error(target: Path) -> OutputRefused:
    return _refuse("不能写入 {path}：这是工作站正在使用的数据库。", "Cannot write {path}: it is the open database.",
                   path=target)
