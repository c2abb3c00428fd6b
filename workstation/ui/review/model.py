"""ApplicationsModel: a lazy, page-cached table over the applications (services.application_list).

One COUNT per refresh and a LIMIT/OFFSET page for what the view paints, as the case
queue does; the overdue and over-quota marks come from ``application_marks``, read
off the GUI thread by the page and handed in with ``set_marks``.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from sqlite_utils import Database

from workstation.services.application_list import (
    ApplicationMarks,
    ApplicationRow,
    ApplicationSort,
    application_page,
    count_applications,
)
from workstation.services.applications import ApplicationFilter
from workstation.services.errors import ServiceError
from workstation.ui.review.labels import reason_text, status_text

PAGE_SIZE = 200
MAX_CACHED_PAGES = 20

COLUMNS: tuple[tuple[str | None, str], ...] = (
    ("id", str(QT_TRANSLATE_NOOP("ApplicationsModel", "No."))),
    ("hospital_code", str(QT_TRANSLATE_NOOP("ApplicationsModel", "Hospital"))),
    ("case_id", str(QT_TRANSLATE_NOOP("ApplicationsModel", "Case ID"))),
    ("drg_code", str(QT_TRANSLATE_NOOP("ApplicationsModel", "DRG"))),
    ("reason", str(QT_TRANSLATE_NOOP("ApplicationsModel", "Reason"))),
    ("status", str(QT_TRANSLATE_NOOP("ApplicationsModel", "Status"))),
    ("submitted_on", str(QT_TRANSLATE_NOOP("ApplicationsModel", "Submitted"))),
    ("deadline", str(QT_TRANSLATE_NOOP("ApplicationsModel", "Deadline"))),
    (None, str(QT_TRANSLATE_NOOP("ApplicationsModel", "Overdue"))),
    (None, str(QT_TRANSLATE_NOOP("ApplicationsModel", "Over quota"))),
)
HOSPITAL_COLUMN, OVERDUE_COLUMN, OVER_QUOTA_COLUMN = 1, 8, 9
_OVERDUE = str(QT_TRANSLATE_NOOP("ApplicationsModel", "overdue"))
_OVER_QUOTA = str(QT_TRANSLATE_NOOP("ApplicationsModel", "over quota"))
_RED = QBrush(QColor("#b3261e"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("ApplicationsModel", text)


class ApplicationsModel(QAbstractTableModel):
    count_changed = Signal(int)
    read_failed = Signal(str)

    def __init__(self, db: Database | None = None, parent=None):
        super().__init__(parent)
        self._db = db
        self.filter = ApplicationFilter()
        self.sort_order = ApplicationSort()
        self.marks = ApplicationMarks(date.today())
        self._count = 0
        self._pages: OrderedDict[int, list[ApplicationRow]] = OrderedDict()
        self.read_error = ""

    def set_marks(self, marks: ApplicationMarks) -> None:
        self.marks = marks
        self.refresh()

    def set_filter(self, f: ApplicationFilter) -> None:
        if f != self.filter:
            self.filter = f
            self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self.read_error = ""
        try:
            self._count = count_applications(self._db, self.filter, self.marks) if self._db is not None else 0
        except ServiceError as exc:
            self._count = 0
            self.read_error = str(exc)
            self.read_failed.emit(self.read_error)
        self.endResetModel()
        self.count_changed.emit(self._count)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        if key is None:
            return
        wanted = ApplicationSort(key, order == Qt.SortOrder.DescendingOrder)
        if wanted != self.sort_order:
            self.sort_order = wanted
            self.layoutAboutToBeChanged.emit()
            self._pages.clear()
            self.layoutChanged.emit()

    def row_at(self, row: int) -> ApplicationRow | None:
        if not 0 <= row < self._count or self._db is None or self.read_error:
            return None
        number, within = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            try:
                page = application_page(self._db, self.filter, self.sort_order, number * PAGE_SIZE, PAGE_SIZE,
                                        self.marks)
            except ServiceError as exc:
                self.read_error = str(exc)
                self.read_failed.emit(self.read_error)
                return None
            self._pages[number] = page
            while len(self._pages) > MAX_CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[within] if within < len(page) else None

    def application_id_at(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found else None

    def row_of(self, application_id: int, *, read_up_to: int = 0) -> int | None:
        """The row of an application: on a page already read, else (``read_up_to`` > 0) reading the
        pages of the first ``read_up_to`` rows in turn (a period has hundreds, not millions)."""
        for number, page in self._pages.items():
            for i, r in enumerate(page):
                if r.id == application_id:
                    return number * PAGE_SIZE + i
        for start in range(0, min(self._count, read_up_to), PAGE_SIZE):
            if start // PAGE_SIZE in self._pages:
                continue
            if self.row_at(start) is None:
                return None
            page = self._pages.get(start // PAGE_SIZE, [])
            for i, r in enumerate(page):
                if r.id == application_id:
                    return start + i
        return None

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _tr(COLUMNS[section][1])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and (
                (column in (OVERDUE_COLUMN, 7) and row.overdue) or (column == OVER_QUOTA_COLUMN and row.over_quota)):
            return _RED
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _text(self, row: ApplicationRow, column: int) -> str:
        key = COLUMNS[column][0]
        if column == OVERDUE_COLUMN:
            return _tr(_OVERDUE) if row.overdue else ""
        if column == OVER_QUOTA_COLUMN:
            return _tr(_OVER_QUOTA) if row.over_quota else ""
        if key == "reason":
            return reason_text(row.reason)
        if key == "status":
            return status_text(row.status)
        if key == "deadline":
            return row.deadline.isoformat() if row.deadline else ""
        if key == "hospital_code":  # a code alone says little to a reviewer: its name beside it
            return f"{row.hospital_code} {row.hospital_name}" if row.hospital_name else row.hospital_code
        value = getattr(row, key or "id")
        return "" if value is None else str(value)
