"""ChartsPage: the group's cost distribution, cost against stay, and hospitals compared.

Reads plain chart data from workstation.services.queue_charts for the
workspace's period. Clicking a point announces that case (workspace.case_selected);
clicking a hospital's bar asks the queue to filter on it (queue_filter_requested).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from workstation.services.queue import filter_choices
from workstation.services.queue_charts import cost_vs_stay, group_cost_distribution, hospital_comparison
from workstation.ui.charts.cost_stay import CostVsStayChart
from workstation.ui.charts.distribution import GroupCostDistributionChart
from workstation.store.case_ranges import period_term
from workstation.ui.charts.hospitals import HospitalComparisonChart


class ChartsPage(QWidget):
    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.group_combo = QComboBox(self)
        self.group_combo.setMinimumContentsLength(16)
        self.group_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scope_combo = QComboBox(self)
        self.scope_combo.setMinimumContentsLength(16)
        self.scope_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.distribution = GroupCostDistributionChart(self)
        self.cost_stay = CostVsStayChart(self)
        self.hospitals = HospitalComparisonChart(self)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("DRG group"), self))
        controls.addWidget(self.group_combo, 1)
        controls.addSpacing(12)
        controls.addWidget(QLabel(self.tr("Cost against stay for"), self))
        controls.addWidget(self.scope_combo, 1)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.distribution)
        top.addWidget(self.cost_stay)
        outer = QSplitter(Qt.Orientation.Vertical, self)
        outer.addWidget(top)
        outer.addWidget(self.hospitals)
        self.splitter = outer
        self._sized = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(outer, 1)

        self.group_combo.currentIndexChanged.connect(self._group_chosen)
        self.scope_combo.currentIndexChanged.connect(self._scope_chosen)
        self.cost_stay.case_clicked.connect(self._case_clicked)
        self.hospitals.hospital_clicked.connect(self._hospital_clicked)
        # Charts read whole periods: they are drawn when the page is seen, not while it is hidden.
        self._dirty = True
        if workspace is not None:
            workspace.period_changed.connect(lambda _p: self._invalidate())
            workspace.changed.connect(self._on_changed)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._sized:  # splitter stretch factors do not apply to the first layout
            self._sized = True
            height = max(self.height(), 500)
            self.splitter.setSizes([int(height * 0.58), int(height * 0.42)])
        if self._dirty:
            self.reload()

    def _invalidate(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.reload()

    # -- data -----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Refill the choices and all three charts for the workspace's period."""
        if self.workspace is None:
            return
        self._dirty = False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._reload()
        finally:
            QApplication.restoreOverrideCursor()

    def _reload(self) -> None:
        db, period = self.workspace.db, self.workspace.period
        choices = filter_choices(db, period)
        had_group = self.group_combo.currentData()
        self._fill(self.group_combo, [(code, f"{code} {name}".strip()) for code, name in choices["drgs"]])
        if not had_group or self.group_combo.currentData() != had_group:
            # Start on the period's largest named group: an empty or ungrouped code says little.
            scope, params = period_term(period) if period else ("1", [])
            # Counted over the period's range of the table; ungrouped codes skipped.
            largest = db.execute(
                f"SELECT drg_code FROM case_results WHERE {scope} AND drg_code > '' AND drg_code != '0000'"
                f" AND drg_code NOT LIKE '%QY' GROUP BY drg_code ORDER BY COUNT(*) DESC LIMIT 1", params).fetchone()
            if largest:
                self.group_combo.blockSignals(True)
                self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(largest[0])))
                self.group_combo.blockSignals(False)
        self._fill(self.scope_combo, [("", self.tr("the whole period"))]
                   + [("group", self.tr("the selected DRG group"))]
                   + [(f"hospital:{code}", f"{code} {name}".strip()) for code, name in choices["hospitals"]])
        self._group_chosen()
        self._scope_chosen()
        self.hospitals.set_data(hospital_comparison(db, period))

    @staticmethod
    def _fill(combo: QComboBox, items) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for value, text in items:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    def _group_chosen(self, _index: int = 0) -> None:
        code = self.group_combo.currentData()
        if not code or self.workspace is None:
            self.distribution.set_data(None)
            return
        self.distribution.set_data(group_cost_distribution(self.workspace.db, self.workspace.period, code))
        if self.scope_combo.currentData() == "group":
            self._scope_chosen()

    def _scope_chosen(self, _index: int = 0) -> None:
        if self.workspace is None:
            return
        scope = self.scope_combo.currentData() or ""
        kind, _, code = scope.partition(":")
        if kind == "group":
            kind, code = "drg", self.group_combo.currentData() or ""
        self.cost_stay.set_data(cost_vs_stay(self.workspace.db, self.workspace.period,
                                             drg_code=code if kind == "drg" else "",
                                             hospital_code=code if kind == "hospital" else ""))

    def _on_changed(self, changes) -> None:
        if any(getattr(changes, name, True) for name in ("batches", "results", "reference")):
            self._invalidate()

    # -- clicks ---------------------------------------------------------------------------------
    def _case_clicked(self, case_pk: int) -> None:
        if self.workspace is not None:
            self.workspace.case_selected.emit(case_pk)

    def _hospital_clicked(self, code: str) -> None:
        if self.workspace is not None:
            self.workspace.queue_filter_requested.emit({"hospital_code": code})


if __name__ == "__main__":
    from workstation.ui.queue.preview import run_preview

    raise SystemExit(run_preview(lambda ws: ChartsPage(ws), "Charts"))
