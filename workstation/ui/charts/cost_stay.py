"""CostVsStayChart: each case's cost against its length of stay, coloured by flag.

100,000+ points stay responsive: the service thins each flag category above
its limit, and the points are drawn in pixel mode without per-point pens, which is
pyqtgraph's fast path. Clicking a point emits its case id.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from workstation.services.queue.charts import HIGH, LOW, NORMAL, OTHER_FLAG, CostVsStay
from workstation.ui.charts.common import HIGH_COLOUR, LOW_COLOUR, NORMAL_COLOUR, OTHER_FLAG_COLOUR, YuanAxis, style_plot

_COLOURS = {NORMAL: NORMAL_COLOUR, OTHER_FLAG: OTHER_FLAG_COLOUR, LOW: LOW_COLOUR, HIGH: HIGH_COLOUR}


class CostVsStayChart(pg.PlotWidget):
    case_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, axisItems={"left": YuanAxis("left")})
        self.setMinimumHeight(200)
        style_plot(self)
        self.getPlotItem().showGrid(x=True, y=True, alpha=0.2)
        self.setLabel("bottom", self.tr("Length of stay (days)"))
        self.setLabel("left", self.tr("Total cost (yuan)"))
        self.getAxis("left").setWidth(self.fontMetrics().horizontalAdvance("0,000,000") + 30)
        self.legend = self.addLegend(offset=(-10, 10), labelTextColor="#333", brush=(255, 255, 255, 200))
        self.data: CostVsStay | None = None
        self.layers: dict[int, pg.ScatterPlotItem] = {}

    def set_data(self, data: CostVsStay | None) -> None:
        self.data = data
        self.clear()
        self.legend.clear()
        self.layers = {}
        if data is None or len(data.case_pk) == 0:
            self.setTitle(self.tr("No cases to show"))
            return
        names = {NORMAL: self.tr("No flag"), OTHER_FLAG: self.tr("Other flags"),
                 LOW: self.tr("Low-cost outlier"), HIGH: self.tr("High-cost outlier")}
        # One item per category (one brush each) rather than per-point brushes: far faster to draw.
        for category in (NORMAL, OTHER_FLAG, LOW, HIGH):
            chosen = data.category == category
            if not chosen.any():
                continue
            size = 4 if category == NORMAL else 6
            item = pg.ScatterPlotItem(x=data.los[chosen], y=data.cost_fen[chosen] / 100.0,
                                      data=data.case_pk[chosen], size=size, pen=None,
                                      brush=pg.mkBrush(_COLOURS[category]), pxMode=True, hoverable=False,
                                      name=names[category])
            item.sigClicked.connect(self._clicked)
            self.addItem(item)
            self.layers[category] = item
        shown = len(data.case_pk)
        if data.sampled:
            title = self.tr("%1 of %2 cases shown (thinned evenly within each flag category)")
        else:
            title = self.tr("%1 of %2 cases shown")
        self.setTitle(title.replace("%1", f"{shown:,}").replace("%2", f"{data.total:,}"))

    def _clicked(self, _item, points, _event=None) -> None:
        if len(points):
            self.case_clicked.emit(int(points[0].data()))

    def click_case(self, case_pk: int) -> bool:
        """Act as if the point of ``case_pk`` was clicked (used by tests and keyboard access)."""
        for item in self.layers.values():
            for point in item.points():
                if int(point.data()) == case_pk:
                    self._clicked(item, [point])
                    return True
        return False

    def point_position(self, case_pk: int) -> tuple[float, float] | None:
        if self.data is None:
            return None
        where = np.flatnonzero(self.data.case_pk == case_pk)
        if len(where) == 0:
            return None
        i = int(where[0])
        return float(self.data.los[i]), float(self.data.cost_fen[i] / 100.0)
