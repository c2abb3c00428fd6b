"""The column mapping of a file being imported: source header -> canonical field, editable.

One row per source column, with a sample value so the user can see what the
column holds; the "maps to" cell is edited with a combo of every canonical field
(required ones marked ★) or "kept as extra".
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from workstation.domain.fields import CASE_FIELDS, FIELDS_BY_KEY, canonical_key
from workstation.domain.messages import language
from workstation.services.quarantine import masked

Index = QModelIndex | QPersistentModelIndex
SOURCE, SAMPLE, TARGET = range(3)


def field_label(key: str | None) -> str:
    """How a canonical field is named to the user: its Chinese header and its key."""
    if key is None:
        return QCoreApplication.translate("MappingModel", "(not a case field — kept as extra)")
    field = FIELDS_BY_KEY.get(key)
    if field is None:
        return key
    star = " ★" if field.required else ""
    return f"{field.key} · {field.zh}{star}" if language() == "en" else f"{field.zh} · {field.key}{star}"


class MappingModel(QAbstractTableModel):
    mapping_edited = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.headers: list[str] = []
        self.samples: list[str] = []
        self.mapping: dict[str, str | None] = {}

    def set_source(self, headers: list[str], rows: list[list[str]], mapping: dict[str, str | None]) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        self.samples = []
        for column in range(len(headers)):
            values = [row[column] for row in rows if column < len(row) and str(row[column]).strip()]
            self.samples.append(str(values[0]) if values else "")
        self.mapping = {h: mapping.get(h) for h in headers}
        self.endResetModel()

    def set_target(self, header: str, key: str | None) -> None:
        """Import ``header`` as ``key``; a column that held ``key`` before gives it up (kept as extra),
        so one field never comes from two columns."""
        if header not in self.mapping or self.mapping[header] == key:
            return
        for other, other_key in self.mapping.items():
            if key is not None and other_key == key:
                self.mapping[other] = None
        self.mapping[header] = key
        self.dataChanged.emit(self.index(0, TARGET), self.index(len(self.headers) - 1, TARGET))
        self.mapping_edited.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == TARGET else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        header = self.headers[index.row()]
        key = self.mapping.get(header)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == SAMPLE:  # a name or ID number is shown masked, as everywhere
                return masked(key or canonical_key(header), self.samples[index.row()])
            return (header, None, field_label(key))[index.column()]
        if role == Qt.ItemDataRole.EditRole and index.column() == TARGET:
            return key
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == TARGET and key is None:
            return QBrush(QColor("#777777"))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == TARGET and role == Qt.ItemDataRole.EditRole:
            self.set_target(self.headers[index.row()], value or None)
            return True
        return False

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Column in the file"), self.tr("First value"), self.tr("Imported as"))[section]
        return super().headerData(section, orientation, role)


class FieldComboDelegate(QStyledItemDelegate):
    """Edits the "imported as" cell with a combo of every canonical field."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(field_label(None), None)
        for field in CASE_FIELDS:
            combo.addItem(field_label(field.key), field.key)
        combo.setMaxVisibleItems(20)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox), "createEditor makes a combo box"
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        assert isinstance(editor, QComboBox), "createEditor makes a combo box"
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
