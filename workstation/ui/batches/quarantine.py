"""The quarantine of one batch: each refused row with its row number, reason and raw values.

A batch of a million rows can quarantine tens of thousands, so the model reads
pages on demand (Anki's browser table) instead of holding every row.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView, QWidget
from sqlite_utils import Database

from workstation.domain.fields import FIELDS_BY_KEY
from workstation.domain.messages import language
from workstation.services.output_paths import OutputRefused
from workstation.services.quarantine import export_quarantine_csv, quarantine_count, quarantine_page, raw_values
from workstation.ui.widgets.dialogs import DialogService

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


def reason_label(code: str) -> str:
    """A short name for a quarantine reason code (the full reason says row, column and value)."""
    translate = QCoreApplication.translate  # lupdate reads the literal calls below
    labels = {
        "MISSING_REQUIRED": translate("QuarantineModel", "Required value missing"),
        "BAD_DATE": translate("QuarantineModel", "Date not readable"),
        "BAD_AMOUNT": translate("QuarantineModel", "Amount not readable"),
        "BAD_NUMBER": translate("QuarantineModel", "Number not readable"),
        "BAD_CODE": translate("QuarantineModel", "Code not valid"),
        "DISCHARGE_BEFORE_ADMIT": translate("QuarantineModel", "Discharge before admission"),
        "NEGATIVE_COST": translate("QuarantineModel", "Negative cost"),
        "DUPLICATE_IN_FILE": translate("QuarantineModel", "Duplicate in the file"),
        "ALREADY_IMPORTED": translate("QuarantineModel", "Already imported"),
    }
    return labels.get(code, code)


def reason_counts_text(counts: list[tuple[str, int]]) -> str:
    """``[("BAD_DATE", 3), ...]`` as "日期无法识别 3；…" for a summary line."""
    separator = QCoreApplication.translate("QuarantineModel", "; ")  # "；" in Chinese
    return separator.join(f"{reason_label(code)} {n:,}" for code, n in counts)


class QuarantineModel(QAbstractTableModel):
    COLUMNS = ("source_row", "reason_code", "column", "reason", "raw")

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.batch_id: int | None = None
        self._count = 0
        self._pages: dict[int, list[dict]] = {}

    def set_batch(self, batch_id: int | None) -> None:
        self.beginResetModel()
        self.batch_id = batch_id
        self._pages.clear()
        self._count = 0 if batch_id is None else quarantine_count(self.db, batch_id)
        self.endResetModel()

    def _page(self, number: int) -> list[dict]:
        if number not in self._pages:
            assert self.batch_id is not None, "the model has rows only while a batch is set"
            self._pages[number] = quarantine_page(self.db, self.batch_id, number * PAGE, PAGE)
        return self._pages[number]

    def record(self, row: int) -> dict:
        return self._page(row // PAGE)[row % PAGE]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        record = self.record(index.row())
        key = self.COLUMNS[index.column()]
        if key == "reason_code":
            return record["reason_code"] if role == Qt.ItemDataRole.ToolTipRole else reason_label(record["reason_code"])
        if key == "reason":
            return record["reason_en"] if language() == "en" and record["reason_en"] else record["reason"]
        if key == "column":
            field = FIELDS_BY_KEY.get(record["column"] or "")
            if field is None:
                return record["column"] or ""
            return field.key if language() == "en" else field.zh
        if key == "raw":
            return _raw_text(record["raw"])
        return record[key]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Row"), self.tr("Problem"), self.tr("Column"), self.tr("Reason"),
                    self.tr("Values as read")][section]
        return super().headerData(section, orientation, role)


def _raw_text(raw: str | None) -> str:
    """The raw row as `header=value` pairs, personal values masked."""
    return "; ".join(f"{header}={'' if value is None else value}" for header, value in raw_values(raw).items())


class QuarantineView(QTableView):
    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.quarantine_model = QuarantineModel(db, self)
        self.setModel(self.quarantine_model)
        self.setObjectName("QuarantineView")
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        self.setColumnWidth(3, 520)

    def export(self, dialogs: DialogService, suggested_name: str) -> Path | None:
        """Ask where, write the shown batch's quarantine there as CSV with reasons, say how many."""
        batch_id = self.quarantine_model.batch_id
        if batch_id is None:
            return None
        path = dialogs.save_file(self, self.tr("Export quarantined rows"), str(Path.home() / suggested_name),
                                 self.tr("CSV files (*.csv)"))
        if not path:
            return None
        try:
            count = export_quarantine_csv(self.quarantine_model.db, batch_id, path)
        except OutputRefused as exc:  # the database, a folder, a full disk: said, nothing written
            dialogs.warn(self, self.tr("Export failed"), str(exc))
            return None
        except OSError as exc:
            dialogs.warn(self, self.tr("Export failed"), self.tr(
                "Could not write {0}: {1}. Choose another folder or file name.").format(path, exc.strerror or exc))
            return None
        dialogs.inform(self, self.tr("Exported"), self.tr("{0} rows written to {1}").format(f"{count:,}", path))
        return Path(path)

    def set_batch(self, batch_id: int | None) -> None:
        model = self.quarantine_model
        model.set_batch(batch_id)
        # Row, problem and column are short: size them to the first page so they show whole
        # (measured here: the view may not be laid out yet, and resizing to contents would
        # read every page).
        metrics = self.fontMetrics()
        shown = min(model.rowCount(), PAGE)
        for column in range(3):
            texts = [str(model.headerData(column, Qt.Orientation.Horizontal))]
            texts += [str(model.index(row, column).data()) for row in range(shown)]
            self.setColumnWidth(column, max(metrics.horizontalAdvance(t) for t in texts) + 24)
