"""What the users and expert-pool dialogs share: a short table, buttons under it, and writes
submitted to the writer thread whose end refreshes the table or says why it was refused."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from workstation.ui.context import AppContext
from workstation.ui.jobs import Job
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.widgets.table_model import Column, RowsModel


class AdminTableDialog(QDialog):
    def __init__(self, context: AppContext, title: str, columns: list[Column], parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.resize(900, 480)
        self.model = RowsModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed())
        self.status = QLabel(self)
        self.status.setObjectName("AdminStatus")
        self.status.setWordWrap(True)
        self.button_row = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(self.button_row)
        self.pending: Job | None = None  # the last write submitted (tests wait on it)

    def add_button(self, text: str, slot: Callable[[], Any], *, stretch_before: bool = False) -> QPushButton:
        if stretch_before:
            self.button_row.addStretch(1)
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        self.button_row.addWidget(button)
        return button

    def fill(self, rows: list[dict]) -> None:
        current = self.selected()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if current is not None:  # keep the same record selected after a change
            key = self.model.columns[0].key
            for row, data in enumerate(self.model.rows):
                if data[key] == current[key]:
                    self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        self.selection_changed()

    def selected(self) -> dict | None:
        index = self.table.selectionModel().currentIndex() if self.table.selectionModel() else None
        if index is None or not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row(self.proxy.mapToSource(index).row())

    def selection_changed(self) -> None:
        """Enable the buttons that act on the selected record."""

    def refresh(self) -> None:
        raise NotImplementedError

    def write(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], str], **kwargs: Any) -> Job:
        """``fn(db, actor, *args, **kwargs)`` on the writer thread, as the signed-in user; then
        the table is read again and ``done(result)`` or the refusal is shown."""
        actor = self.context.user

        def run(_control, db):
            return fn(db, actor, *args, **kwargs)

        job = self.context.runner.submit(run, name=getattr(fn, "__name__", "write"),
                                         db_path=self.context.workspace.db_path)
        def finished(result) -> None:
            self.refresh()
            self.status.setText(done(result))

        def failed(exc: BaseException) -> None:
            self.status.setText("")
            self.context.dialogs.warn(self, self.windowTitle(), error_text(exc))

        job.finished.connect(finished)
        job.failed.connect(failed)
        self.pending = job
        return job
