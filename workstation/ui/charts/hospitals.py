"""HospitalComparisonChart: hospitals side by side by outlier rate, CMI or settlement ratio.

Clicking a bar emits the hospital's code (the page turns it into a queue filter).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workstation.services.queue.charts import HospitalStats
from workstation.ui.charts.common import style_plot

METRICS = ("outlier_rate", "cmi", "settlement_ratio")


def tick_label(stats: HospitalStats) -> str:
    """A bar's label: the hospital's code, its name below it (a code alone says little to a reviewer)."""
    return f"{stats.hospital_code}\n{stats.hospital_name}" if stats.hospital_name else stats.hospital_code


class HospitalComparisonChart(QWidget):
    hospital_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.metric_combo = QComboBox(self)
        for key, text in zip(METRICS, (self.tr("Outlier rate (high + low cost cases)"), self.tr("CMI"),
                                       self.tr("Settlement ratio (DRG payment / cost)"))):
            self.metric_combo.addItem(text, key)
        self.metric_combo.currentIndexChanged.connect(self._redraw)
        self.plot = pg.PlotWidget(self)
        self.plot.setMinimumHeight(180)
        style_plot(self.plot)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.getPlotItem().showGrid(y=True, alpha=0.2)
        self.plot.scene().sigMouseClicked.connect(self._scene_clicked)
        self.plot.scene().sigMouseMoved.connect(self._scene_hovered)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Compare hospitals by"), self))
        top.addWidget(self.metric_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        self.stats: list[HospitalStats] = []
        self.values = np.zeros(0)

    def current_metric(self) -> str:
        return self.metric_combo.currentData()

    def set_metric(self, key: str) -> None:
        self.metric_combo.setCurrentIndex(max(0, self.metric_combo.findData(key)))

    def set_data(self, stats: list[HospitalStats]) -> None:
        self.stats = list(stats)
        self._redraw()

    def _redraw(self) -> None:
        self.plot.clear()
        key = self.current_metric()
        values = np.array([np.nan if getattr(s, key) is None else float(getattr(s, key)) for s in self.stats])
        self.values = values
        if not self.stats:
            self.plot.setTitle(self.tr("No hospitals to compare"))
            return
        x = np.arange(len(self.stats))
        shown = np.nan_to_num(values)
        scale = 100.0 if key in ("outlier_rate", "settlement_ratio") else 1.0
        self.plot.addItem(pg.BarGraphItem(x=x, height=shown * scale, width=0.7, brush=(70, 110, 170, 200),
                                          pen=None))
        cases = np.array([s.cases for s in self.stats], dtype=float)
        finite = ~np.isnan(values)
        if finite.any() and cases[finite].sum():
            # The region's figure weights each hospital by its cases (a ratio of sums, not a mean of ratios).
            overall = float((values[finite] * cases[finite]).sum() / cases[finite].sum()) * scale
            self.plot.addItem(pg.InfiniteLine(pos=overall, angle=0, pen=pg.mkPen("#b3261e", width=1, style=Qt.PenStyle.DashLine),
                                              label=self.tr("All: %1").replace("%1", f"{overall:.2f}"),
                                              labelOpts={"position": 0.95, "color": "#b3261e",
                                                         "fill": (255, 255, 255, 220)}))  # readable over a bar
        self._update_ticks()
        unit = {"outlier_rate": self.tr("Outlier rate (%)"), "cmi": self.tr("CMI"),
                "settlement_ratio": self.tr("Settlement ratio (%)")}[key]
        self.plot.setLabel("left", unit)
        self.plot.setTitle(self.tr("Click a bar to show that hospital's cases in the queue"))
        self.plot.setXRange(-1.2, len(self.stats) - 0.2, padding=0)  # room for the first code label

    def _update_ticks(self) -> None:
        """Label every n-th bar so hospital codes never run into each other at this width."""
        if not self.stats:
            return
        metrics = self.fontMetrics()
        labels = [tick_label(s) for s in self.stats]
        label = max(metrics.horizontalAdvance(line) for text in labels for line in text.split("\n")) + 16
        width = max(200, self.plot.width() - 80)
        step = max(1, int(np.ceil(len(self.stats) * label / width)))
        ticks = [(i, text) for i, text in enumerate(labels) if i % step == 0]
        axis = self.plot.getAxis("bottom")
        # Two lines a tick (code, name below it): the axis grows to hold them.
        axis.setHeight(metrics.height() * 2 + 14 if any(s.hospital_name for s in self.stats) else None)
        axis.setTicks([ticks])

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._update_ticks()

    def _scene_clicked(self, event) -> None:
        view = self.plot.getPlotItem().vb
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        point = view.mapSceneToView(event.scenePos())
        self.click_bar(int(round(point.x())))

    def _scene_hovered(self, scene_pos) -> None:
        """Name the hospital under the mouse and its figure (codes alone say little)."""
        view = self.plot.getPlotItem().vb
        index = int(round(view.mapSceneToView(scene_pos).x()))
        if view.sceneBoundingRect().contains(scene_pos) and 0 <= index < len(self.stats):
            s = self.stats[index]
            value = self.values[index]
            shown = "—" if np.isnan(value) else (f"{value * 100:.2f}%" if self.current_metric() != "cmi" else f"{value:.4f}")
            self.plot.setToolTip(self.tr("%1 %2\n%3 case(s); %4").replace("%1", s.hospital_code)
                                 .replace("%2", s.hospital_name).replace("%3", f"{s.cases:,}").replace("%4", shown))
        else:
            self.plot.setToolTip("")

    def click_bar(self, index: int) -> bool:
        if 0 <= index < len(self.stats):
            self.hospital_clicked.emit(self.stats[index].hospital_code)
            return True
        return False
