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
        self.lock = QLockFile(f"{self.db_path}.lock")
        self.lock.setStaleLockTime(0)
        in_use = self.db_path.exists() and not self.lock.tryLock(0)
        # The day's first opening checks every page, then takes the day's backup (services.backups).
        self.db: Database = open_database(self.db_path, read_only=in_use, check=daily_due(self.db_path))
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
        if self.lock.isLocked():
            self.lock.unlock()
