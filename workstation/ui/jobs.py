"""Long jobs off the GUI thread, on ONE writer thread (Orange's concurrent.py, Anki's taskman).

A job is a plain function ``fn(control: JobControl, *args, **kwargs) -> result``
from the services; it knows nothing of Qt. ``JobRunner.submit`` runs it on the
single writer thread — so two writes never race for SQLite's lock — and hands
back a ``Job`` whose signals (progress, finished, failed, cancelled) arrive on
the GUI thread. With ``db_path=`` the job gets a connection of its own, opened
and closed on the writer thread, as ``fn(control, db, *args, **kwargs)``.

The worker never emits the public signals itself: it posts to private
signals connected (queued) before the job starts, and the Job re-emits them on
the GUI thread. So a caller may connect — or a test ``qtbot.waitSignal`` — after
``submit`` returns without missing a job that finished quickly.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from workstation.domain.jobs import Cancelled, JobControl
from workstation.domain.messages import UserError

log = logging.getLogger(__name__)


class Job(QObject):
    """One submitted job, as seen from the GUI thread."""

    progress = Signal(float, str)  # fraction 0..1, status text
    finished = Signal(object)  # the function's result
    failed = Signal(object)  # the exception: UserError (show its text) or an unexpected one
    cancelled = Signal()
    done = Signal()  # after any of finished / failed / cancelled

    _post_progress = Signal(float, str)
    _post_end = Signal(str, object)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.result: Any = None
        self.error: BaseException | None = None
        self.state = "queued"  # queued | running | finished | failed | cancelled
        self._cancel = threading.Event()
        self._post_progress.connect(self.progress, Qt.ConnectionType.QueuedConnection)
        self._post_end.connect(self._on_end, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        """Ask the job to stop at its next check; it then rolls back and emits ``cancelled``."""
        self._cancel.set()

    def is_cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def is_done(self) -> bool:
        return self.state in {"finished", "failed", "cancelled"}

    def control(self) -> JobControl:
        return JobControl(on_progress=self._post_progress.emit, is_cancelled=self._cancel.is_set)

    @Slot(str, object)
    def _on_end(self, state: str, payload: object) -> None:
        self.state = state
        if state == "finished":
            self.result = payload
            self.finished.emit(payload)
        elif state == "failed":
            self.error = payload  # type: ignore[assignment]
            self.failed.emit(payload)
        else:
            self.cancelled.emit()
        self.done.emit()


class JobRunner(QObject):
    """The single writer thread. ``busy_changed`` drives "working…" indicators."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="writer")
        self._jobs: set[Job] = set()  # held until done: the caller may drop its reference

    def submit(self, fn: Callable[..., Any], *args: Any, name: str = "",
               db_path: str | Path | None = None, **kwargs: Any) -> Job:
        job = Job(name or getattr(fn, "__name__", "job"))
        job.done.connect(lambda: self._job_done(job))
        self._jobs.add(job)
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        self._executor.submit(_run, job, fn, args, kwargs, db_path)
        return job

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def is_busy(self) -> bool:
        return bool(self._jobs)

    def _job_done(self, job: Job) -> None:
        self._jobs.discard(job)
        if not self._jobs:
            self.busy_changed.emit(False)

    def shutdown(self, wait: bool = True) -> None:
        self._executor.shutdown(wait=wait, cancel_futures=True)


def _run(job: Job, fn: Callable[..., Any], args: tuple, kwargs: dict,
         db_path: str | Path | None) -> None:
    """On the writer thread: run, and post how it ended."""
    job.state = "running"
    if job.is_cancel_requested():
        job._post_end.emit("cancelled", None)
        return
    control = job.control()
    db = None
    try:
        if db_path is not None:
            from workstation.services.database import open_database

            db = open_database(db_path)
            result = fn(control, db, *args, **kwargs)
        else:
            result = fn(control, *args, **kwargs)
    except Cancelled:
        job._post_end.emit("cancelled", None)
    except UserError as exc:
        job._post_end.emit("failed", exc)
    except Exception as exc:  # shown to the user as a message; the details go to the log
        log.exception("job %s failed", job.name)
        job._post_end.emit("failed", exc)
    else:
        job._post_end.emit("finished", result)
    finally:
        if db is not None:
            db.close()
