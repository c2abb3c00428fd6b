"""ChartsPage: the group's cost distribution, cost against stay, and hospitals compared.

Reads plain chart data from workstation.services.charts for the workspace's
period, off the GUI thread (the workspace's ReadRunner). Clicking a point announces that case (workspace.case_selected);
clicking a hospital's bar asks the queue to filter on it (queue_filter_requested).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from workstation.services.charts import ChartsData, charts_data, cost_stay_for, group_charts
from workstation.ui.charts.cost_stay import CostVsStayChart
from workstation.ui.charts.distribution import GroupCostDistributionChart
from workstation.ui.charts.hospitals import HospitalComparisonChart
from workstation.ui.reads import Read


class ChartsPage(QWidget):
    loaded = Signal()  # the reads asked for have ended (drawn, or a failure shown)

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self._reads: dict[str, Read] = {}  # kind -> the Read in flight
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
        self.message = QLabel(self)  # loading, or why the charts could not be read; hidden when idle
        self.message.setObjectName("chartsMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
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
        layout.addWidget(self.message)
        layout.addWidget(outer, 1)

        self.group_combo.currentIndexChanged.connect(self._group_chosen)
        self.scope_combo.currentIndexChanged.connect(self._scope_chosen)
        self.cost_stay.case_clicked.connect(self._case_clicked)
        self.hospitals.hospital_clicked.connect(self._hospital_clicked)
        # Charts read whole periods: they are drawn when the page is seen, not while it is hidden.
        self._dirty = True
        if workspace is not None:
            workspace.period_changed.connect(self._on_period_changed)  # bound: the workspace outlives the page
            workspace.changed.connect(self._on_changed)

    def _on_period_changed(self, _period: str) -> None:
        self._invalidate()

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
    # Each chart's data is read on the workspace's reading thread (a million cases take about a
    # second); the page says it is loading meanwhile, and a failed read (a locked or damaged
    # file) is a message in the page. A newer read of the same kind discards the older one.
    def is_loading(self) -> bool:
        return bool(self._reads)

    def reload(self) -> None:
        """Refill the choices and all three charts for the workspace's period."""
        if self.workspace is None:
            return
        self._dirty = False
        for read in self._reads.values():
            read.discard()
        self._reads.clear()
        self._read("all", self._show_all, charts_data, self.workspace.period,
                   self.group_combo.currentData(), self.scope_combo.currentData() or "")

    def _read(self, kind: str, show, fn, *args) -> None:
        if kind in self._reads:
            self._reads.pop(kind).discard()
        read = self.workspace.reads.read(fn, *args, name=f"charts {kind}")
        read.finished.connect(lambda result: self._read_done(kind, read) and show(result))

        def failed(exc: BaseException) -> None:
            if self._read_done(kind, read):
                self._show_failure(exc)

        read.failed.connect(failed)
        self._reads[kind] = read
        self._say(self.tr("Loading…"))
        self.setCursor(Qt.CursorShape.BusyCursor)

    def _read_done(self, kind: str, read) -> bool:
        """Forget a finished read; False when a newer one of its kind replaced it."""
        if self._reads.get(kind) is not read:
            return False
        del self._reads[kind]
        if not self._reads:
            self._say("")
            self.unsetCursor()
            self.loaded.emit()
        return True

    def _show_failure(self, exc: BaseException) -> None:
        for read in self._reads.values():
            read.discard()
        self._reads.clear()
        self.unsetCursor()
        self._dirty = True  # the next showing tries again
        self._say(self.tr("The charts could not be read: {0}").format(exc), failure=True)
        self.loaded.emit()

    def _say(self, text: str, *, failure: bool = False) -> None:
        self.message.setStyleSheet("color: #b3261e" if failure else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _show_all(self, data: ChartsData) -> None:
        self._fill(self.group_combo, [(code, f"{code} {name}".strip()) for code, name in data.groups])
        self.group_combo.blockSignals(True)
        self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(data.group)))
        self.group_combo.blockSignals(False)
        self._fill(self.scope_combo, [("", self.tr("the whole period"))]
                   + [("group", self.tr("the selected DRG group"))]
                   + [(f"hospital:{code}", f"{code} {name}".strip()) for code, name in data.hospitals])
        self.scope_combo.blockSignals(True)
        self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(data.scope)))
        self.scope_combo.blockSignals(False)
        self.distribution.set_data(data.distribution)
        self.cost_stay.set_data(data.cost_stay)
        self.hospitals.set_data(data.hospital_stats)

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
        if self.workspace is None:
            return
        self._read("group", self._show_group, group_charts, self.workspace.period,
                   self.group_combo.currentData(), self.scope_combo.currentData() or "")

    def _show_group(self, charts: tuple) -> None:
        distribution, cost_stay = charts
        self.distribution.set_data(distribution)
        if cost_stay is not None:
            self.cost_stay.set_data(cost_stay)

    def _scope_chosen(self, _index: int = 0) -> None:
        if self.workspace is None:
            return
        self._read("scope", self.cost_stay.set_data, cost_stay_for, self.workspace.period,
                   self.scope_combo.currentData() or "", self.group_combo.currentData())

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
    from workstation.ui.widgets.preview import run_preview

    raise SystemExit(run_preview(lambda ws: ChartsPage(ws), "Charts"))
