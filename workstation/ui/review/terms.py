"""The terms of a proposal or decision: the payment method and what it needs (deductions by fee
category, or points / an amount), with the points and payment they give.

The preview comes from the service (``review_view.preview_settlement``, the formulas the
draft itself uses), read off the GUI thread: it reads the period's overall average cost.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.fields import FEE_KEYS, fee_name
from workstation.domain.messages import UserError
from workstation.domain.money import fen_to_yuan_text
from workstation.domain.review.settlement import DEDUCTIBLE, Method
from workstation.services.review.view import SettlementPreview, case_fees, preview_settlement
from workstation.ui.reads import Read
from workstation.ui.review.labels import method_text, yuan
from workstation.ui.review.step_dialog import InvalidInput, amount_fen
from workstation.ui.workspace import Workspace


class TermsEditor(QWidget):
    preview_changed = Signal(str)

    def __init__(self, workspace: Workspace, application_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.application_id = application_id
        self.preview: SettlementPreview | None = None
        self._read: Read | None = None
        self.method = QComboBox(self)
        for method in Method:
            self.method.addItem(method_text(method), method.value)
        self.method.currentIndexChanged.connect(self._on_method)
        spent = case_fees(workspace.db, application_id)
        self.deductions = QTableWidget(len(DEDUCTIBLE), 3, self)
        self.deductions.setObjectName("deductionsTable")
        self.deductions.setHorizontalHeaderLabels([self.tr("Fee category"), self.tr("Spent (yuan)"),
                                                   self.tr("Deduction (yuan)")])
        self.deductions.verticalHeader().setVisible(False)
        self.deductions.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.deductions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.deductions.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        for row, key in enumerate(DEDUCTIBLE):
            name = QTableWidgetItem(fee_name(key))
            name.setData(Qt.ItemDataRole.UserRole, key)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            amount = QTableWidgetItem(yuan(spent.get(key)))
            amount.setFlags(Qt.ItemFlag.ItemIsEnabled)
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.deductions.setItem(row, 0, name)
            self.deductions.setItem(row, 1, amount)
            deduction = QTableWidgetItem("")
            deduction.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.deductions.setItem(row, 2, deduction)
            # Categories the case spent nothing on stay out of the way.
            self.deductions.setRowHidden(row, not spent.get(key) and key in FEE_KEYS)
        # Ten categories visible without scrolling: the ones a bureau usually deducts from.
        self.deductions.setMinimumHeight(11 * (self.fontMetrics().height() + 6) + 4)
        self.deductions.itemChanged.connect(self.schedule_preview)
        self.points = QLineEdit(self)
        self.points.setPlaceholderText(self.tr("e.g. 320.5"))
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("or an amount in yuan, turned into points"))
        for edit in (self.points, self.amount):
            edit.textChanged.connect(self.schedule_preview)
        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("termsPreview")
        self.preview_label.setWordWrap(True)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Payment method:"), self.method)
        self.points_label = QLabel(self.tr("Adjusted points:"), self)
        self.amount_label = QLabel(self.tr("Adjusted amount:"), self)
        form.addRow(self.points_label, self.points)
        form.addRow(self.amount_label, self.amount)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.deductions, 1)
        layout.addWidget(self.preview_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_preview)
        self._on_method()

    # -- values ---------------------------------------------------------------------------------
    def set_terms(self, method: str, deductions: dict[str, int] | None = None, points: str | None = None,
                  amount_fen: int | None = None) -> None:
        self.method.setCurrentIndex(max(self.method.findData(method), 0))
        self.deductions.blockSignals(True)
        for row in range(self.deductions.rowCount()):
            key = self._cell(row, 0).data(Qt.ItemDataRole.UserRole)
            fen = (deductions or {}).get(key)
            self._cell(row, 2).setText("" if fen is None else fen_to_yuan_text(fen, thousands=True))
            if fen:
                self.deductions.setRowHidden(row, False)
        self.deductions.blockSignals(False)
        self.points.setText(points or "")
        self.amount.setText("" if amount_fen is None else fen_to_yuan_text(amount_fen, thousands=True))
        self.schedule_preview()

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.deductions.item(row, column)
        assert item is not None  # every cell is made in __init__
        return item

    def set_deduction(self, key: str, yuan_text: str) -> None:
        row = list(DEDUCTIBLE).index(key)
        self.deductions.setRowHidden(row, False)
        self._cell(row, 2).setText(yuan_text)

    def terms(self) -> dict[str, Any]:
        """method, deductions (fen by fee column), points, amount_fen — as the services take them."""
        method = Method(self.method.currentData())
        deductions: dict[str, int] = {}
        points, amount = None, None
        if method == Method.BY_ITEM:
            for row in range(self.deductions.rowCount()):
                key = self._cell(row, 0).data(Qt.ItemDataRole.UserRole)
                fen = amount_fen(self._cell(row, 2).text(), fee_name(key))
                if fen:
                    deductions[key] = fen
        elif method == Method.ADJUST_POINTS:
            points = self.points.text().strip() or None
            amount = amount_fen(self.amount.text(), self.tr("Adjusted amount"))
            if points is None and amount is None:
                raise InvalidInput(self.tr("Give the adjusted points or an amount."))
        return {"method": method.value, "deductions": deductions, "points": points, "amount_fen": amount}

    # -- preview --------------------------------------------------------------------------------
    def _on_method(self, *_changed: object) -> None:
        method = Method(self.method.currentData())
        self.deductions.setVisible(method == Method.BY_ITEM)
        for widget in (self.points, self.amount, self.points_label, self.amount_label):
            widget.setVisible(method == Method.ADJUST_POINTS)
        self.schedule_preview()

    def schedule_preview(self, *_changed: object) -> None:
        self._timer.start()

    def update_preview(self) -> None:
        if self._read is not None:
            self._read.discard()
        try:
            terms = self.terms()
        except InvalidInput as exc:
            self._show(None, str(exc))
            return
        self.preview = None
        self.preview_label.setText(self.tr("Computing the points and payment…"))
        self._read = self.workspace.reads.read(_preview, self.application_id, terms, name="terms preview")
        # Bound methods, not lambdas: a read that ends after the dialog closed is not delivered.
        self._read.finished.connect(self._on_preview)
        self._read.failed.connect(self._on_preview_failed)

    def _on_preview(self, preview: SettlementPreview) -> None:
        self._show(preview, "")

    def _on_preview_failed(self, exc: BaseException) -> None:
        self._show(None, str(exc) if isinstance(exc, UserError) else self.tr("The payment could not be computed."))

    def _show(self, preview: SettlementPreview | None, problem: str) -> None:
        self.preview = preview
        if preview is None:
            text = problem
        else:
            s = preview.settlement
            text = self.tr("Points {0} → {1}; payment {2} → {3} yuan").format(
                preview.before_points, preview.points, yuan(preview.before_payment_fen), yuan(s.payment_fen))
            if s.separate_fen:
                text += self.tr(" (of which {0} yuan high-value consumables paid apart)").format(yuan(s.separate_fen))
        self.preview_label.setText(text)
        self.preview_changed.emit(text)


def _preview(db, application_id: int, terms: dict[str, Any]) -> SettlementPreview:
    return preview_settlement(db, application_id, **terms)

