"""GroupCostDistributionChart: the costs of a group's cases, its thresholds, and one case marked."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QWidget

from workstation.domain.money import fen_to_yuan_text
from workstation.services.queue.charts import GroupCostDistribution
from workstation.ui.charts.common import CASE_COLOUR, HIGH_COLOUR, LOW_COLOUR, YuanAxis, style_plot

_LABEL_HEIGHT = {"low": 0.86, "average": 0.66, "high": 0.46, "case": 0.26}  # one text line each
_TITLE_POINTS = 11  # pyqtgraph's PlotItem title size


class GroupCostDistributionChart(pg.PlotWidget):
    """A histogram of total cost (yuan) with the low/average/high lines and the current case."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, axisItems={"bottom": YuanAxis("bottom")})
        self.setMinimumHeight(180)
        style_plot(self)
        self.setMouseEnabled(x=True, y=False)
        self.getPlotItem().showGrid(y=True, alpha=0.2)
        self.setLabel("left", self.tr("Cases"))
        self.setLabel("bottom", self.tr("Total cost (yuan)"))
        self.data: GroupCostDistribution | None = None
        self.lines: dict[str, pg.InfiniteLine] = {}
        self.full_title = ""

    def _show_title(self, text: str, name: str = "") -> None:
        """The title, its ``name`` part shortened with … to the chart's width (a group name can be
        long, and a title wider than the chart would widen the plot past the panel's edge and cut
        off its right side); the whole title is the tooltip."""
        self.full_title, self._title_name = text, name
        font = QFont(self.font())
        font.setPointSizeF(_TITLE_POINTS)
        metrics = QFontMetrics(font)
        room = max(60, self.width() - 16)
        label = self.getPlotItem().titleLabel.item
        width = metrics.horizontalAdvance(name)
        while True:  # the label draws rich text in its own font: measure what it drew
            shown = text.replace(name, metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)) if name else text
            self.setTitle(shown)
            if label.boundingRect().width() <= room or width <= 0:
                break
            width = int(width * 0.85) - 8
        if label.boundingRect().width() > room:  # even without the name: shorten the whole
            self.setTitle(metrics.elidedText(shown, Qt.TextElideMode.ElideRight, room * 3 // 4))
        self.setToolTip(text)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if getattr(self, "full_title", ""):  # (pyqtgraph resizes before __init__ sets it)
            self._show_title(self.full_title, self._title_name)

    def set_data(self, data: GroupCostDistribution | None) -> None:
        self.data = data
        self.clear()
        self.lines = {}
        if data is None or len(data.costs_fen) == 0:
            self._show_title(self.tr("No group to show"))
            return
        costs = data.costs_fen / 100.0  # float only for drawing; the labels use exact fen
        upper: float = np.percentile(costs, 99.5)
        for value in (data.high_threshold_fen, data.case_cost_fen):
            if value is not None:
                upper = max(upper, value / 100.0 * 1.05)
        bins = min(60, max(10, int(np.sqrt(len(costs)))))
        counts, edges = np.histogram(np.clip(costs, 0, upper), bins=bins, range=(0, upper))
        self.addItem(pg.BarGraphItem(x0=edges[:-1], x1=edges[1:], height=counts, brush=(120, 140, 170, 160),
                                     pen=pg.mkPen(255, 255, 255, 120)))
        self._show_title(self.tr("%1 %2: %n case(s)", "", len(costs)).replace("%1", data.drg_code)
                         .replace("%2", data.drg_name), data.drg_name)
        marks = [("low", data.low_threshold_fen, LOW_COLOUR, self.tr("Low")),
                 ("average", data.avg_cost_fen, pg.mkColor("#555"), self.tr("Average")),
                 ("high", data.high_threshold_fen, HIGH_COLOUR, self.tr("High")),
                 ("case", data.case_cost_fen, CASE_COLOUR, self.tr("This case"))]
        top = max(1, counts.max())

        def side(fen: int) -> tuple[float, float]:
            return (1.0, 0.5) if fen / 100.0 > 0.6 * upper else (0.0, 0.5)

        for key, fen, colour, label in marks:
            if fen is None:
                continue
            style = Qt.PenStyle.SolidLine if key == "case" else Qt.PenStyle.DashLine
            pen = QPen(colour, 3 if key == "case" else 2, style)
            pen.setCosmetic(True)
            line = pg.InfiniteLine(pos=fen / 100.0, angle=90, pen=pen,
                                   label=f"{label} {fen_to_yuan_text(fen, thousands=True)}",
                                   # staggered heights: lines close together keep readable labels
                                   labelOpts={"position": _LABEL_HEIGHT[key], "color": colour,
                                              "fill": (255, 255, 255, 235),
                                              # right of the line, or left of it near the right edge
                                              "anchors": [side(fen)] * 2})
            # A label reaches across the lines on its side: its line is drawn above those
            # (a label on the right above the lines further right, one on the left above those
            # further left), so no dashes run through its text.
            right = side(fen)[0] == 0.0
            line.setZValue(20 + (-fen if right else fen) / max(1.0, upper * 100.0))
            self.addItem(line)
            self.lines[key] = line
        self.setYRange(0, top * 1.1, padding=0)
        self.setXRange(0, upper, padding=0.02)
