"""Slow reads off the GUI thread (Anki's ``QueryOp``): a chart over a million cases takes a
second, and the window must keep painting and answering meanwhile.

``ReadRunner.read(fn, *args)`` runs ``fn(db, *args)`` from the services on ONE reading
thread, with a connection of its own opened there (SQLite connections stay on the thread
that made them; WAL lets it read beside the writer thread and the GUI's own connection).
The returned ``Read`` emits ``finished(result)`` or ``failed(exception)`` on the GUI thread.
A read that is no longer wanted (the period changed again) is ``discard``ed: its result is
dropped, so a slow old read never overwrites a newer one.

Reads never write, so there is nothing to roll back and no cancel button: a discarded
read runs to its end on the reading thread and is forgotten.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)


class Read(QObject):
    """One read, as seen from the GUI thread."""

    finished = Signal(object)  # the function's result
    failed = Signal(object)  # the exception (a locked or damaged file, ...)

    _post_end = Signal(bool, object)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.discarded = False
        self.done = False
        # Queued, connected before the read starts: a caller may connect after read() returns.
        self._post_end.connect(self._on_end, Qt.ConnectionType.QueuedConnection)

    def discard(self) -> None:
        """Nobody wants the result any more: neither signal will be emitted."""
        self.discarded = True

    @Slot(bool, object)
    def _on_end(self, ok: bool, payload: object) -> None:
        self.done = True
        if self.discarded:
            return
        (self.finished if ok else self.failed).emit(payload)


class ReadRunner(QObject):
    """The reading thread of one database file."""

    def __init__(self, db_path: str | Path, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader")
        self._local = threading.local()  # the reading thread's connection
        self._reads: set[Read] = set()  # held until done: the caller may drop its reference
        self._closed = False

    def read(self, fn: Callable[..., Any], *args: Any, name: str = "") -> Read:
        read = Read(name or getattr(fn, "__name__", "read"), self)
        if self._closed:  # the workspace is closing: nobody will see the result
            read.discard()
            return read
        read._post_end.connect(lambda *_: self._reads.discard(read))
        self._reads.add(read)
        self._executor.submit(self._run, read, fn, args)
        return read

    def _connection(self):
        db = getattr(self._local, "db", None)
        if db is None:
            from workstation.services.database import open_database

            db = self._local.db = open_database(self.db_path)
        return db

    def _run(self, read: Read, fn: Callable[..., Any], args: tuple) -> None:
        if read.discarded:  # superseded while it waited: skip the work
            read._post_end.emit(False, None)
            return
        try:
            result = fn(self._connection(), *args)
        except Exception as exc:  # shown in the page that asked; the details go to the log
            log.warning("read %s failed: %s", read.name, exc, exc_info=True)
            read._post_end.emit(False, exc)
        else:
            read._post_end.emit(True, result)

    def _close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            self._local.db = None
            db.close()

    def shutdown(self) -> None:
        """Drop pending reads, wait for the running one, close the thread's connection."""
        if self._closed:
            return
        self._closed = True
        for read in list(self._reads):
            read.discard()
        self._executor.submit(self._close)
        self._executor.shutdown(wait=True)
