"""Current against implied weight, one point per group: on the diagonal the data agrees with
the table; proposals (beyond the threshold, enough cases) are drawn larger and in red."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from workstation.ui.charts.common import HIGH_COLOUR, NORMAL_COLOUR, style_plot


class WeightScatter(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        style_plot(self)
        self.setMinimumHeight(220)
        self.getPlotItem().showGrid(x=True, y=True, alpha=0.2)
        self.setLabel("bottom", self.tr("Current weight"))
        self.setLabel("left", self.tr("Implied weight"))
        self.points: list[tuple[float, float, bool]] = []

    def set_points(self, points: list[tuple[float, float, bool]]) -> None:
        """(current, implied, is a proposal) per group."""
        self.points = points
        self.clear()
        if not points:
            return
        top = max(max(c, i) for c, i, _ in points) * 1.05
        self.plot([0, top], [0, top], pen=pg.mkPen("#888", style=pg.QtCore.Qt.PenStyle.DashLine))
        for proposal, size, colour in ((False, 7, NORMAL_COLOUR), (True, 12, HIGH_COLOUR)):
            chosen = [(c, i) for c, i, p in points if p == proposal]
            if chosen:
                self.addItem(pg.ScatterPlotItem([c for c, _ in chosen], [i for _, i in chosen], size=size,
                                                brush=pg.mkBrush(colour), pen=pg.mkPen(None)))
