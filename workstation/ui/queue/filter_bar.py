"""The queue's filter bar: hospital, DRG, flags, review status, cost-ratio and stay ranges, search."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
)

from workstation.services.queue import UNREVIEWED, CaseFilter
from workstation.ui.queue.labels import flag_choices, status_label

NO_LIMIT = -1  # spin boxes show "" at their minimum, meaning "no bound"


class QueueFilterBar(QWidget):
    """Emits ``filter_changed(CaseFilter)`` whenever the reviewer changes a filter."""

    filter_changed = Signal(object)
    show_personal_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._period = ""
        self._quiet = False
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._emit)

        self.search = QLineEdit(self, placeholderText=self.tr("Case ID or patient ID"), clearButtonEnabled=True)
        self.hospital = QComboBox(self)
        self.drg = QComboBox(self, editable=True)
        self.drg.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.drg.completer()
        assert completer is not None, "an editable combo box has a completer"
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.status = QComboBox(self)
        self.flags_button = QToolButton(self, popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
        self.flags_button.setMinimumWidth(self.fontMetrics().horizontalAdvance("Any flag") + 30)
        self.flags_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.flags_menu = QMenu(self.flags_button)
        self.flags_button.setMenu(self.flags_menu)
        for combo in (self.hospital, self.drg, self.status):
            # Sized by a typical entry, not the longest hospital name, so the queue fits a 1366 screen.
            combo.setMinimumContentsLength(8)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._flag_actions: dict[str, QAction] = {}
        for code, name in flag_choices():
            action = self.flags_menu.addAction(name)
            action.setCheckable(True)
            action.toggled.connect(self._changed_now)
            self._flag_actions[code] = action
        self.ratio_min = QLineEdit(self, placeholderText=self.tr("min"))
        self.ratio_max = QLineEdit(self, placeholderText=self.tr("max"))
        self.los_min = self._los_box()
        self.los_max = self._los_box()
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        self.show_personal = QCheckBox(self.tr("Show personal data"), self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("queueCount")
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet("color: #b3261e")
        self.problem_label.setWordWrap(True)
        for edit in (self.ratio_min, self.ratio_max):
            edit.setFixedWidth(self.fontMetrics().horizontalAdvance("00.000") + 16)

        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.addWidget(QLabel(self.tr("Search"), self), 0, 0)
        grid.addWidget(self.search, 0, 1)
        grid.addWidget(QLabel(self.tr("Hospital"), self), 0, 2)
        grid.addWidget(self.hospital, 0, 3)
        grid.addWidget(QLabel(self.tr("DRG"), self), 0, 4)
        grid.addWidget(self.drg, 0, 5)
        ratio = QHBoxLayout()
        ratio.addWidget(self.ratio_min)
        ratio.addWidget(QLabel("–", self))
        ratio.addWidget(self.ratio_max)
        ratio.addStretch(1)
        stay = QHBoxLayout()
        stay.addWidget(self.los_min)
        stay.addWidget(QLabel("–", self))
        stay.addWidget(self.los_max)
        stay.addWidget(QLabel(self.tr("days"), self))
        stay.addStretch(1)
        grid.addWidget(QLabel(self.tr("Flags"), self), 1, 0)
        grid.addWidget(self.flags_button, 1, 1)
        grid.addWidget(QLabel(self.tr("Status"), self), 1, 2)
        grid.addWidget(self.status, 1, 3)
        grid.addWidget(QLabel(self.tr("Cost ratio"), self), 1, 4)
        grid.addLayout(ratio, 1, 5)
        grid.addWidget(QLabel(self.tr("Stay"), self), 2, 0)
        grid.addLayout(stay, 2, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.problem_label, 1)
        bottom.addWidget(self.show_personal)
        bottom.addWidget(self.clear_button)
        grid.addLayout(bottom, 2, 2, 1, 4)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(5, 2)

        self.search.textChanged.connect(self._changed_later)
        self.ratio_min.textChanged.connect(self._changed_later)
        self.ratio_max.textChanged.connect(self._changed_later)
        self.los_min.valueChanged.connect(self._changed_later)
        self.los_max.valueChanged.connect(self._changed_later)
        self.hospital.currentIndexChanged.connect(self._changed_now)
        self.status.currentIndexChanged.connect(self._changed_now)
        self.drg.currentIndexChanged.connect(self._changed_now)
        drg_edit = self.drg.lineEdit()
        assert drg_edit is not None, "an editable combo box has a line edit"
        drg_edit.editingFinished.connect(self._changed_now)
        self.clear_button.clicked.connect(self.clear)
        self.show_personal.toggled.connect(self.show_personal_toggled)
        self._update_flags_text()
        self.set_choices([], [], [])

    def _los_box(self) -> QSpinBox:
        box = QSpinBox(self, minimum=NO_LIMIT, maximum=9999)
        box.setSpecialValueText(" ")
        box.setValue(NO_LIMIT)
        return box

    # -- filling ------------------------------------------------------------------------------
    def set_choices(self, hospitals: list[tuple[str, str]], drgs: list[tuple[str, str]], statuses: list[str]) -> None:
        """Offer the hospitals, DRGs and review states present; keeps the current selection if still offered."""
        self._quiet = True
        try:
            self._fill(self.hospital, [("", self.tr("All hospitals"))] +
                       [(code, f"{code} {name}".strip()) for code, name in hospitals])
            self._fill(self.drg, [("", self.tr("All DRGs"))] +
                       [(code, f"{code} {name}".strip()) for code, name in drgs])
            states = [UNREVIEWED] + [s for s in statuses if s != UNREVIEWED]
            self._fill(self.status, [(None, self.tr("Any status"))] + [(s, status_label(s)) for s in states])
        finally:
            self._quiet = False

    @staticmethod
    def _fill(combo: QComboBox, items: Sequence[tuple[str | None, str]]) -> None:
        current = combo.currentData()
        combo.clear()
        for value, text in items:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def set_count(self, count: int) -> None:
        self.count_label.setText(self.tr("%n case(s)", "", count))

    # -- reading and writing the filter -------------------------------------------------------
    def set_period(self, period: str) -> None:
        self._period = period

    def current_filter(self) -> CaseFilter:
        self.problem_label.clear()
        hospital = self.hospital.currentData()
        drg = self._drg_code()
        status = self.status.currentData()
        return CaseFilter(
            period=self._period,
            hospital_codes=(hospital,) if hospital else (),
            drg_codes=(drg,) if drg else (),
            flag_codes=tuple(code for code, action in self._flag_actions.items() if action.isChecked()),
            statuses=(status,) if status is not None else (),
            cost_ratio_min=self._ratio(self.ratio_min),
            cost_ratio_max=self._ratio(self.ratio_max),
            los_min=None if self.los_min.value() == NO_LIMIT else self.los_min.value(),
            los_max=None if self.los_max.value() == NO_LIMIT else self.los_max.value(),
            search=self.search.text().strip(),
        )

    def _drg_code(self) -> str:
        text = self.drg.currentText().strip()
        index = self.drg.findText(text)
        if index >= 0:
            return self.drg.itemData(index) or ""
        return text.split(" ")[0].upper() if text else ""

    def _ratio(self, edit: QLineEdit) -> Fraction | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            value = Decimal(text)
            if not value.is_finite() or value < 0:
                raise InvalidOperation
        except InvalidOperation:
            self.problem_label.setText(self.tr("Cost ratio '%1' is not a number like 2 or 0.3; it is ignored.")
                                       .replace("%1", text))
            return None
        return Fraction(value)

    def apply_request(self, request: dict) -> None:
        """Obey a filter request from elsewhere, e.g. {"hospital_code": "H001"} from a chart bar."""
        self._quiet = True
        try:
            if "hospital_code" in request:
                index = self.hospital.findData(request["hospital_code"] or "")
                self.hospital.setCurrentIndex(max(index, 0))
            if "drg_code" in request:
                index = self.drg.findData(request["drg_code"] or "")
                self.drg.setCurrentIndex(max(index, 0))
            if "flag_codes" in request:
                for code, action in self._flag_actions.items():
                    action.setChecked(code in request["flag_codes"])
            if "search" in request:
                self.search.setText(request["search"])
        finally:
            self._quiet = False
        self._changed_now()

    def clear(self) -> None:
        self._quiet = True
        try:
            self.search.clear()
            for combo in (self.hospital, self.drg, self.status):
                combo.setCurrentIndex(0)
            for action in self._flag_actions.values():
                action.setChecked(False)
            self.ratio_min.clear()
            self.ratio_max.clear()
            self.los_min.setValue(NO_LIMIT)
            self.los_max.setValue(NO_LIMIT)
        finally:
            self._quiet = False
        self._changed_now()

    # -- change notification ------------------------------------------------------------------
    def _changed_later(self) -> None:
        if not self._quiet:
            self._debounce.start()

    def _changed_now(self) -> None:
        self._update_flags_text()
        if not self._quiet:
            self._debounce.stop()
            self._emit()

    def _emit(self) -> None:
        self.filter_changed.emit(self.current_filter())

    def _update_flags_text(self) -> None:
        checked = [a.text() for a in self._flag_actions.values() if a.isChecked()]
        self.flags_button.setText(self.tr(", ").join(checked) if checked else self.tr("Any flag"))
