"""The GUI's handle on the open database, shared by every panel.

Reads of a page happen on the GUI thread through ``workspace.db`` (milliseconds;
WAL lets them run beside a writer); reads that take long (charts over a million
cases) go to ``workspace.reads``, a reading thread of their own. Writes never happen here:
long jobs run on the single writer thread with a connection of their own (see
``workstation.ui.jobs``), and when one finishes the workspace broadcasts a
``ChangeSet`` so each view decides whether to refresh (Anki's OpChanges).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from sqlite_utils import Database

from workstation.services.backups import daily_backup_if_due, daily_due
from workstation.services.batches import periods
from workstation.services.database import is_read_only, open_database
from workstation.ui.reads import ReadRunner


@dataclass(frozen=True)
class ChangeSet:
    """What a finished operation changed."""

    batches: bool = False  # batches, cases, quarantine
    results: bool = False  # derived benchmarks, flags, points
    reference: bool = False  # DRG groups, hospitals
    rules: bool = False
    reviews: bool = False

    @classmethod
    def everything(cls) -> ChangeSet:
        return cls(True, True, True, True, True)


# The database locks this process holds, with how many workspaces share each: this program may
# open a database it has open already (File → Open on the same file), another copy may not write.
_locks: dict[str, tuple[QLockFile, int]] = {}


def _take_lock(key: str) -> bool:
    if key in _locks:
        lock, users = _locks[key]
        _locks[key] = (lock, users + 1)
        return True
    lock = QLockFile(f"{key}.lock")
    lock.setStaleLockTime(0)  # only a lock whose process is gone is taken over
    if not lock.tryLock(0):
        return False
    _locks[key] = (lock, 1)
    return True


def _release_lock(key: str) -> None:
    lock, users = _locks.get(key, (None, 0))
    if lock is None:
        return
    if users > 1:
        _locks[key] = (lock, users - 1)
    else:
        lock.unlock()
        del _locks[key]


class Workspace(QObject):
    """The open database, the selected period, and change notifications."""

    changed = Signal(object)  # ChangeSet
    period_changed = Signal(str)  # "" = all periods
    case_selected = Signal(int)  # cases.id, e.g. when a chart point is clicked
    queue_filter_requested = Signal(dict)  # e.g. {"hospital_code": "H001"} from a chart bar

    def __init__(self, db_path: str | Path, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        # One writing copy per database: a second copy of the program (another window, another
        # user on a shared folder) opens it read-only with a banner instead of failing. Qt's lock
        # file notices a lock left by a crashed copy (its process is gone) and takes it over.
        self.lock_key = str(self.db_path.resolve())
        self.locked = _take_lock(self.lock_key)
        # The day's first opening checks every page, then takes the day's backup (services.backups).
        try:
            self.db: Database = open_database(self.db_path, read_only=not self.locked and self.db_path.exists(),
                                              check=daily_due(self.db_path))
        except BaseException:
            if self.locked:
                _release_lock(self.lock_key)
            raise
        self.read_only = is_read_only(self.db)
        if not self.read_only:
            daily_backup_if_due(self.db)
        self.reads = ReadRunner(self.db_path, self)  # slow reads (charts) off the GUI thread
        # A reviewer works a month at a time: the desk opens on the latest period ("All periods"
        # is one choice away). It also keeps a cold start short: the queue of one period is a
        # twelfth of a year's, read from disk before the first page can show.
        periods = self.periods()
        self._period = periods[0] if periods else ""

    @property
    def period(self) -> str:
        return self._period

    def set_period(self, period: str) -> None:
        if period != self._period:
            self._period = period
            self.period_changed.emit(period)

    def periods(self) -> list[str]:
        return periods(self.db)

    def notify(self, changes: ChangeSet) -> None:
        self.changed.emit(changes)

    def close(self) -> None:
        self.reads.shutdown()
        self.db.close()
        if self.locked:
            self.locked = False
            _release_lock(self.lock_key)
