"""CaseQueueModel: a lazy, page-cached table model over the review queue query.

Only the row count and the pages the view actually paints are read from SQLite
(Anki's browser model is the pattern): a million-case period costs one COUNT
and one LIMIT/OFFSET page, never a million Python objects.
"""
from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from sqlite_utils import Database

from workstation.domain.money import fen_to_yuan_text
from workstation.services.errors import ServiceError
from workstation.services.queue import (
    UNREVIEWED,
    CaseFilter,
    QueueRow,
    QueueSort,
    count_and_first_page,
    fetch_page,
    position_of,
)
from workstation.ui.queue.labels import flag_short_names, status_label

PAGE_SIZE = 200
MAX_CACHED_PAGES = 40  # ~8,000 rows: enough for fast scrolling back and forth, bounded memory

# (sort key or None, header source text): marked for lupdate here, translated in headerData.
# What a reviewer screens on (ratio, flags, cost) comes first, so it is visible on a 1366 screen.
# The text is typed object: so PySide6 types QT_TRANSLATE_NOOP, which returns its text.
COLUMNS: tuple[tuple[str | None, object], ...] = (
    ("case_id", QT_TRANSLATE_NOOP("CaseQueueModel", "Case ID")),
    ("hospital_code", QT_TRANSLATE_NOOP("CaseQueueModel", "Hospital")),
    ("drg_code", QT_TRANSLATE_NOOP("CaseQueueModel", "DRG")),
    ("cost_ratio", QT_TRANSLATE_NOOP("CaseQueueModel", "Cost ratio")),
    ("flags", QT_TRANSLATE_NOOP("CaseQueueModel", "Flags")),
    ("total_cost", QT_TRANSLATE_NOOP("CaseQueueModel", "Total cost")),
    ("avg_cost", QT_TRANSLATE_NOOP("CaseQueueModel", "Group average")),
    ("los", QT_TRANSLATE_NOOP("CaseQueueModel", "Stay (days)")),
    (None, QT_TRANSLATE_NOOP("CaseQueueModel", "Name")),
    ("patient_id", QT_TRANSLATE_NOOP("CaseQueueModel", "Patient ID")),
    ("discharge_date", QT_TRANSLATE_NOOP("CaseQueueModel", "Discharged")),
    ("points", QT_TRANSLATE_NOOP("CaseQueueModel", "Points")),
    ("estimated_payment", QT_TRANSLATE_NOOP("CaseQueueModel", "Est. payment")),
    ("status", QT_TRANSLATE_NOOP("CaseQueueModel", "Review status")),
)
_ROLES = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole,
          Qt.ItemDataRole.UserRole, Qt.ItemDataRole.ToolTipRole}
_NUMERIC = {"los", "total_cost", "avg_cost", "cost_ratio", "points", "estimated_payment"}
_HIGH_BRUSH = QBrush(QColor("#b3261e"))
_LOW_BRUSH = QBrush(QColor("#1f5fbf"))


class CaseQueueModel(QAbstractTableModel):
    count_changed = Signal(int)
    # A read failed (a locked or damaged file): the text says why. The rows read so far stay;
    # the rest are empty until the next refresh, instead of an exception out of data().
    read_failed = Signal(str)
    # The columns by key: a saved column arrangement applies only to this same set and order.
    column_layout = tuple(key or "name" for key, _ in COLUMNS)

    def __init__(self, db: Database | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._db = db
        self._filter = CaseFilter()
        self._sort = QueueSort()
        self._show_personal = False
        self._count = 0
        self._pages: OrderedDict[int, list[QueueRow]] = OrderedDict()
        self._texts: dict[int, dict[int, list[str]]] = {}  # page -> row in page -> column texts
        self.read_error = ""  # why the last read failed; "" when reads succeed

    # -- what to show -------------------------------------------------------------------------
    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    @property
    def queue_sort(self) -> QueueSort:
        return self._sort

    def set_database(self, db, case_filter: CaseFilter | None = None) -> None:
        """Show ``db``'s queue, filtered by ``case_filter`` when given (one count, not two)."""
        self._db = db
        self.refresh(case_filter)

    def set_filter(self, case_filter: CaseFilter) -> None:
        if case_filter != self._filter:
            self._filter = case_filter
            self.refresh()

    def set_show_personal(self, show: bool) -> None:
        if show != self._show_personal:
            self._show_personal = show
            self._pages.clear()
            self._texts.clear()
            self._emit_all_changed()

    def refresh(self, case_filter: CaseFilter | None = None) -> None:
        """Re-count and drop cached pages (the filter, sort or the data changed); with
        ``case_filter``, under that filter even when it is the one shown."""
        if case_filter is not None:
            self._filter = case_filter
        self.beginResetModel()
        self._pages.clear()
        self._texts.clear()
        self.read_error = ""
        try:
            count, first = self._count_and_first_page() if self._db is not None else (0, None)
        except ServiceError as exc:
            count, first = 0, None
            self._failed(exc)
        self._count = count
        if first is not None:
            self._pages[0] = first
        self.endResetModel()
        self.count_changed.emit(self._count)

    def _count_and_first_page(self) -> tuple[int, list[QueueRow] | None]:
        assert self._db is not None, "refresh reads only with a database"
        return count_and_first_page(self._db, self._filter, self._sort, PAGE_SIZE,
                                    show_personal=self._show_personal)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        if key is None:
            return
        wanted = QueueSort(key, order == Qt.SortOrder.DescendingOrder)
        if wanted != self._sort:
            self._sort = wanted
            self.layoutAboutToBeChanged.emit()
            self._pages.clear()
            self._texts.clear()
            self.layoutChanged.emit()

    def sort_column(self) -> int:
        return next(i for i, (key, _) in enumerate(COLUMNS) if key == self._sort.key)

    # -- rows ---------------------------------------------------------------------------------
    def row_at(self, row: int) -> QueueRow | None:
        if not 0 <= row < self._count or self._db is None:
            return None
        number, within = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            if self.read_error:  # not again for every cell painted: the next refresh tries again
                return None
            try:
                page = fetch_page(self._db, self._filter, self._sort, number * PAGE_SIZE, PAGE_SIZE,
                                  show_personal=self._show_personal, matching=self._count)
            except ServiceError as exc:
                self._failed(exc)
                return None
            self._pages[number] = page
            self._texts.pop(number, None)
            while len(self._pages) > MAX_CACHED_PAGES:
                evicted, _ = self._pages.popitem(last=False)
                self._texts.pop(evicted, None)
        else:
            self._pages.move_to_end(number)
        return page[within] if within < len(page) else None

    def case_pk_at(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.case_pk if found else None

    def row_of_case(self, case_pk: int) -> int | None:
        """The row of a case if it is on a page already read (no query)."""
        for number, page in self._pages.items():
            for i, r in enumerate(page):
                if r.case_pk == case_pk:
                    return number * PAGE_SIZE + i
        return None

    def find_row(self, case_pk: int) -> int | None:
        """The row of a case in the queue shown, or None when the filter leaves it out."""
        row = self.row_of_case(case_pk)
        if row is not None or self._db is None:
            return row
        try:
            return position_of(self._db, self._filter, self._sort, case_pk)
        except ServiceError as exc:
            self._failed(exc)
            return None

    def _failed(self, exc: ServiceError) -> None:
        self.read_error = str(exc)
        self.read_failed.emit(self.read_error)

    # -- Qt model interface -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("CaseQueueModel", str(COLUMNS[section][1]))
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # Painting asks for a dozen roles per visible cell, most of them unused here: those
        # return at once, and a row's texts are made once (a page's worth is cached with it).
        if role not in _ROLES or not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts_of(index.row())[index.column()] if self.row_at(index.row()) else None
        row = self.row_at(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.TextAlignmentRole and key in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and key in ("cost_ratio", "flags"):
            if "HIGH" in row.flag_codes:
                return _HIGH_BRUSH
            if "LOW" in row.flag_codes:
                return _LOW_BRUSH
        if role == Qt.ItemDataRole.UserRole:
            return row.case_pk
        if role == Qt.ItemDataRole.ToolTipRole and key == "hospital_code":
            return row.hospital_name
        if role == Qt.ItemDataRole.ToolTipRole and key == "flags":
            return "\n".join(flag_short_names([code]) for code in row.flag_codes)
        return None

    def _texts_of(self, row_number: int) -> list[str]:
        """The shown text of every column of a row whose page is read (``row_at`` first)."""
        number, within = divmod(row_number, PAGE_SIZE)
        texts = self._texts.setdefault(number, {})
        if within not in texts:
            row = self._pages[number][within]
            texts[within] = [self._display(row, key, i) for i, (key, _) in enumerate(COLUMNS)]
        return texts[within]

    def _display(self, row: QueueRow, key: str | None, column: int) -> str:
        if key is None:  # the name column
            return row.patient_name
        if key == "total_cost":
            return fen_to_yuan_text(row.total_cost_fen, thousands=True)
        if key == "avg_cost":
            return fen_to_yuan_text(row.avg_cost_fen, thousands=True)
        if key == "estimated_payment":
            return fen_to_yuan_text(row.estimated_payment_fen, thousands=True)
        if key == "cost_ratio":
            return "" if row.cost_ratio is None else f"{row.cost_ratio:.2f}"
        if key == "points":
            return "" if row.points is None else f"{row.points:,.2f}"
        if key == "flags":
            return flag_short_names(row.flag_codes)
        if key == "status":
            return status_label(row.status or UNREVIEWED)
        value = getattr(row, key)
        return "" if value is None else str(value)

    def _emit_all_changed(self) -> None:
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))
