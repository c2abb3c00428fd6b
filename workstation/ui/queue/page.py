"""CaseQueuePage: the review desk — the filtered case queue beside the case detail.

Reacts to the workspace (period, data changes, filter requests from charts) and
keeps ``workspace.case_selected`` in step with the row the reviewer is on.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMenu, QSplitter, QTableView, QVBoxLayout, QWidget

from workstation.services.queue import CaseFilter, filter_choices
from workstation.ui.detail.widget import CaseDetailWidget
from workstation.ui.queue.filter_bar import QueueFilterBar
from workstation.ui.queue.model import COLUMNS, CaseQueueModel

# A typical value per column: widths follow the font (and so the language), not fixed pixels.
_COLUMN_SAMPLES = {"case_id": "ZY2024030000000", "hospital_code": "H0000", "drg_code": "AA000",
                   "patient_id": "P00000000", None: "欧阳**", "discharge_date": "2024-00-00", "los": "000",
                   "total_cost": "1,000,000.00", "avg_cost": "100,000.00", "cost_ratio": "00.00",
                   "flags": "高倍率病例、住院过程", "points": "1,000.00", "estimated_payment": "100,000.00",
                   "status": "专家评审中"}

ALWAYS_SHOWN = "case_id"  # the column that cannot be hidden: a row must stay recognisable


class CaseQueuePage(QWidget):
    show_personal_changed = Signal(bool)  # the queue's own checkbox or set_show_personal

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self._announcing = False  # True while we emit case_selected ourselves

        self.filter_bar = QueueFilterBar(self)
        self.model = CaseQueueModel(None, self)
        self.table = QTableView(self)
        self.table.setObjectName("caseQueue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The indicator first: enabling sorting sorts by whatever the indicator shows.
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._keep_indicator_on_sortable_column)
        # Column choices: drag a header to reorder; right-click it to show or hide columns
        # (remembered with the widths, see widgets/page_state.py).
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
        metrics = self.table.fontMetrics()
        for i, (key, _) in enumerate(COLUMNS):
            header_text = self.model.headerData(i, Qt.Orientation.Horizontal)
            self.table.setColumnWidth(i, max(metrics.horizontalAdvance(_COLUMN_SAMPLES.get(key, "0000")),
                                             metrics.horizontalAdvance(header_text) + 12) + 14)
        self.detail = CaseDetailWidget(self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_bar)
        # Why the queue could not be read (a locked or damaged file); hidden while reads succeed.
        self.read_message = QLabel(self)
        self.read_message.setObjectName("queueReadMessage")
        self.read_message.setWordWrap(True)
        self.read_message.setStyleSheet("color: #b3261e")
        self.read_message.setVisible(False)
        left_layout.addWidget(self.read_message)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._sized = False

        self.filter_bar.filter_changed.connect(self._on_filter_changed)
        self.filter_bar.show_personal_toggled.connect(self.set_show_personal)
        self.model.count_changed.connect(self.filter_bar.set_count)
        self.model.count_changed.connect(lambda _n: self.read_message.setVisible(bool(self.model.read_error)))
        self.model.read_failed.connect(self._show_read_failure)
        self.model.count_changed.connect(self._fit_columns_once)
        self._columns_fitted = False
        self.model.layoutChanged.connect(self._reselect)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.detail.case_requested.connect(self._announce)
        if workspace is not None:
            workspace.period_changed.connect(self._on_period_changed)
            workspace.changed.connect(self._on_data_changed)
            workspace.queue_filter_requested.connect(self.filter_bar.apply_request)
            workspace.case_selected.connect(self._on_case_selected)
            self.detail.set_database(workspace.db)
            self.filter_bar.set_period(workspace.period)
            self._reload_choices()
            self.model.set_database(workspace.db, self.filter_bar.current_filter())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._sized:  # stretch factors do not apply to the first layout; give the detail ~37%
            self._sized = True
            width = max(self.width(), 800)
            self.splitter.setSizes([int(width * 0.63), int(width * 0.37)])

    # -- public API (the main window's menu and shortcuts) -------------------------------------
    def next_case(self) -> None:
        self._step(1)

    def previous_case(self) -> None:
        self._step(-1)

    def focus_search(self) -> None:
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    def focus_filter(self) -> None:
        self.filter_bar.hospital.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_show_personal(self, show: bool) -> None:
        if self.filter_bar.show_personal.isChecked() != show:
            self.filter_bar.show_personal.setChecked(show)  # comes back here through the signal
            return
        self.model.set_show_personal(show)
        self.detail.set_show_personal(show)
        self.show_personal_changed.emit(show)

    def _show_read_failure(self, reason: str) -> None:
        self.read_message.setText(self.tr("The queue could not be read: {0}").format(reason))
        self.read_message.setVisible(True)

    def column_menu(self, parent: QWidget) -> QMenu:
        """Which columns the queue shows: one checkable entry a column (the case ID always shows),
        and the default arrangement back."""
        menu = QMenu(self.tr("Queue columns"), parent)
        self.fill_column_menu(menu)
        return menu

    def _show_column_menu(self, pos) -> None:
        menu = self.column_menu(self)
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()  # a new one each right-click: do not keep the old ones

    def fill_column_menu(self, menu: QMenu) -> None:
        menu.clear()
        header = self.table.horizontalHeader()
        for i, (key, _) in enumerate(COLUMNS):
            action = menu.addAction(str(self.model.headerData(i, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.setEnabled(key != ALWAYS_SHOWN)
            action.toggled.connect(lambda shown, i=i: self.set_column_shown(i, shown))
        menu.addSeparator()
        menu.addAction(self.tr("Default columns"), self.default_columns)

    def set_column_shown(self, column: int, shown: bool) -> None:
        if COLUMNS[column][0] == ALWAYS_SHOWN and not shown:
            return
        self.table.horizontalHeader().setSectionHidden(column, not shown)

    def default_columns(self) -> None:
        """Every column shown, in the shipped order."""
        header = self.table.horizontalHeader()
        for i in range(len(COLUMNS)):
            header.setSectionHidden(i, False)
            visual = header.visualIndex(i)
            if visual != i:
                header.moveSection(visual, i)

    def current_filter(self) -> CaseFilter:
        return self.model.case_filter

    def case_count(self) -> int:
        return self.model.rowCount()

    def selected_case(self) -> int | None:
        return self.detail.case_pk()

    def _fit_columns_once(self, count: int) -> None:
        """Fit the columns to the first page of real data once (codes differ in length by region)."""
        if self._columns_fitted or not count:
            return
        self._columns_fitted = True
        header = self.table.horizontalHeader()
        # Qt looks at this many rows per column (its default, 1000, reads ten pages): the rows a screen shows.
        header.setResizeContentsPrecision(min(count, 40))
        self.table.resizeColumnsToContents()
        limit = self.table.fontMetrics().horizontalAdvance("0" * 24)
        for i in range(self.model.columnCount()):
            self.table.setColumnWidth(i, min(self.table.columnWidth(i) + 8, limit))

    # -- reacting ------------------------------------------------------------------------------
    def _reload_choices(self) -> None:
        choices = filter_choices(self.workspace.db, self.workspace.period)
        self.filter_bar.set_choices(choices["hospitals"], choices["drgs"], choices["statuses"])

    def _on_filter_changed(self, case_filter: CaseFilter) -> None:
        self.model.set_filter(case_filter)
        self._reselect()

    def _on_period_changed(self, period: str) -> None:
        self.filter_bar.set_period(period)
        self._reload_choices()
        self.model.set_filter(self.filter_bar.current_filter())
        self._reselect()

    def _on_data_changed(self, changes) -> None:
        if any(getattr(changes, name, True) for name in ("batches", "results", "reviews", "reference")):
            self._reload_choices()
            self.model.refresh(self.filter_bar.current_filter())
            self.detail.show_case(self.detail.case_pk())
            self._reselect()

    def _keep_indicator_on_sortable_column(self, column: int, _order) -> None:
        # The masked name is not sortable: leave the arrow where the queue is really sorted.
        if COLUMNS[column][0] is None:
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(),
                                    Qt.SortOrder.DescendingOrder if self.model.queue_sort.descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
            header.viewport().update()

    def _on_current_row(self, current, _previous) -> None:
        case_pk = self.model.case_pk_at(current.row()) if current.isValid() else None
        if case_pk is not None and case_pk != self.detail.case_pk():
            self.detail.show_case(case_pk)
            self._announce(case_pk)

    def _announce(self, case_pk: int) -> None:
        if self.workspace is None:
            self.detail.show_case(case_pk)
            return
        self._announcing = True
        try:
            self.workspace.case_selected.emit(case_pk)
        finally:
            self._announcing = False
        if self.detail.case_pk() != case_pk:
            self._on_case_selected(case_pk)

    def _on_case_selected(self, case_pk: int) -> None:
        """A case chosen elsewhere (a chart point): show it, and select its row when the queue has it."""
        if self._announcing and self.detail.case_pk() == case_pk:
            return
        self.detail.show_case(case_pk)
        self._select_row_of(case_pk)

    def _select_row_of(self, case_pk: int) -> None:
        row = self.model.find_row(case_pk)
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        selection.blockSignals(True)
        try:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            selection.blockSignals(False)
        self.table.viewport().update()
        self.table.scrollTo(index)

    def _reselect(self) -> None:
        case_pk = self.detail.case_pk()
        if case_pk is not None:
            self._select_row_of(case_pk)

    def _step(self, delta: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        current = self.table.currentIndex()
        row = 0 if not current.isValid() else min(max(current.row() + delta, 0), count - 1)
        self.table.setCurrentIndex(self.model.index(row, current.column() if current.isValid() else 0))
        self.table.scrollTo(self.model.index(row, 0))


if __name__ == "__main__":
    from workstation.ui.widgets.preview import run_preview

    raise SystemExit(run_preview(lambda ws: CaseQueuePage(ws), "Case queue"))
