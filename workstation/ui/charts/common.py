"""Shared look of the review desk's pyqtgraph charts."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor

pg.setConfigOptions(antialias=False, background="w", foreground="#333")

NORMAL_COLOUR = QColor(110, 130, 160, 90)
OTHER_FLAG_COLOUR = QColor(230, 150, 30, 200)
LOW_COLOUR = QColor(31, 95, 191, 220)
HIGH_COLOUR = QColor(179, 38, 30, 230)
CASE_COLOUR = QColor(20, 150, 60)


def yuan_axis_label(widget: pg.PlotWidget, axis: str, text: str) -> None:
    widget.setLabel(axis, text)


class YuanAxis(pg.AxisItem):
    """Tick labels in yuan with thousands separators, never scientific notation."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return [f"{v:,.0f}" for v in values]
