"""The batches page: every imported batch with its counts, and the quarantine of the one selected.

Runnable on its own: ``python -m workstation.ui.batches.page [--db PATH]``.
"""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget

from workstation.services.batches import list_batches
from workstation.services.quarantine import reason_counts
from workstation.ui.batches.quarantine import QuarantineView, reason_counts_text
from workstation.ui.widgets.dialogs import DialogService
from workstation.ui.widgets.formatting import local_time_text
from workstation.ui.widgets.table_model import Column, RowsModel
from workstation.ui.workspace import ChangeSet, Workspace


def _count(value) -> str:
    return "" if value is None else f"{int(value):,}"


class BatchesPage(QWidget):
    def __init__(self, workspace: Workspace, dialogs: DialogService | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.dialogs = dialogs or DialogService()
        self.model = RowsModel([
            Column("id", lambda: self.tr("#"), numeric=True),
            Column("period", lambda: self.tr("Period")),
            Column("file_name", lambda: self.tr("File")),
            Column("imported_at", lambda: self.tr("Imported at"), local_time_text),
            Column("imported_by", lambda: self.tr("By")),
            Column("encoding", lambda: self.tr("Encoding")),
            Column("rows_read", lambda: self.tr("Rows read"), _count, numeric=True),
            Column("rows_imported", lambda: self.tr("Imported"), _count, numeric=True),
            Column("rows_quarantined", lambda: self.tr("Quarantined"), _count, numeric=True),
            Column("rows_already_imported", lambda: self.tr("Already imported"), _count, numeric=True),
        ], self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy = proxy
        self.table = QTableView(self)
        self.table.setObjectName("BatchesTable")
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_batch_chosen)

        self.quarantine_title = QLabel(self)
        self.quarantine_title.setObjectName("QuarantineTitle")
        self.reasons_label = QLabel(self)
        self.reasons_label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export quarantined rows…"), self)
        self.export_button.clicked.connect(self.export_quarantine)
        self.quarantine = QuarantineView(workspace.db, self)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.quarantine_title, 1)
        heading.addWidget(self.export_button)
        lower_layout.addLayout(heading)
        lower_layout.addWidget(self.reasons_label)
        lower_layout.addWidget(self.quarantine, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("BatchesSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        workspace.changed.connect(self._on_changed)
        workspace.period_changed.connect(self._on_period_changed)  # bound: the workspace outlives the page
        self.refresh()

    # -- data -----------------------------------------------------------------
    def _on_period_changed(self, _period: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        period = self.workspace.period
        rows = [r for r in list_batches(self.workspace.db) if not period or r["period"] == period]
        selected = self.selected_batch_id()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the file name
        ids = [r["id"] for r in rows]
        self.select_batch(selected if selected in ids else (ids[-1] if ids else None))

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.batches:
            self.refresh()

    def selected_batch_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row())["id"]

    def select_batch(self, batch_id: int | None) -> None:
        for row, record in enumerate(self.model.rows):
            if record["id"] == batch_id:
                self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
                return
        self._show_quarantine(None)

    def _on_batch_chosen(self, current, _previous) -> None:
        self._show_quarantine(self.selected_batch_id() if current.isValid() else None)

    def _show_quarantine(self, batch_id: int | None) -> None:
        self.quarantine.set_batch(batch_id)
        count = self.quarantine.quarantine_model.rowCount()
        self.export_button.setEnabled(count > 0)
        if batch_id is None:
            self.quarantine_title.setText(self.tr("Select a batch to see its quarantined rows."))
            self.reasons_label.clear()
            return
        self.quarantine_title.setText(self.tr("Quarantined rows of batch #{0}: {1}").format(batch_id, f"{count:,}"))
        self.reasons_label.setText(reason_counts_text(reason_counts(self.workspace.db, batch_id)))

    def export_quarantine(self) -> None:
        batch_id = self.selected_batch_id()
        if batch_id is not None:
            self.quarantine.export(self.dialogs, f"quarantine-batch-{batch_id}.csv")


if __name__ == "__main__":
    from workstation.ui.widgets.preview import run_preview

    raise SystemExit(run_preview(lambda ws: BatchesPage(ws), "BatchesPage"))
