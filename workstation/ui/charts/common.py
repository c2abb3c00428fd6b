"""Shared look of the review desk's pyqtgraph charts."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor

NORMAL_COLOUR = QColor(110, 130, 160, 90)
OTHER_FLAG_COLOUR = QColor(230, 150, 30, 200)
LOW_COLOUR = QColor(31, 95, 191, 220)
HIGH_COLOUR = QColor(179, 38, 30, 230)
CASE_COLOUR = QColor(20, 150, 60)


class YuanAxis(pg.AxisItem):
    """Tick labels in yuan with thousands separators, never scientific notation."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return [f"{v:,.0f}" for v in values]


def style_plot(plot: pg.PlotWidget) -> None:
    """White paper and dark axes (per chart, not pyqtgraph's global options other panels share)."""
    plot.setBackground("w")
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen("#333"))
        axis.setTextPen(pg.mkPen("#333"))
    plot.getPlotItem().titleLabel.setAttr("color", "#333")
