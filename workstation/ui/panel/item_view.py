"""One blinded agenda item, laid out to be read across a room (the projector) or at a desk.

Shows only what services.panel.blinded gives: letter, age band, sex, days in hospital, the DRG,
cost against the benchmark, the flags with why, the masked reason and summary, and the group's
cost distribution with the case marked (no period, no dates on the chart either).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from workstation.domain.money import fen_to_yuan_text
from workstation.services.panel.blinded import BlindedItem


class CostChart(pg.PlotWidget):
    """The group's costs as a histogram, the benchmark and this case as lines."""

    def __init__(self, points: int, dark: bool, parent: QWidget | None = None):
        super().__init__(parent, background="k" if dark else "w")
        self.ink = QColor("white" if dark else "black")
        self.points = points
        font = QFont(self.font())
        font.setPointSize(max(9, points * 2 // 3))
        for side in ("left", "bottom"):
            axis = self.getAxis(side)
            axis.setTickFont(font)
            axis.setPen(pg.mkPen(self.ink))
            axis.setTextPen(pg.mkPen(self.ink))
        self.setMouseEnabled(x=False, y=False)
        self.setMenuEnabled(False)
        self.hideButtons()
        style = {"color": self.ink.name(), "font-size": f"{max(9, points * 2 // 3)}pt"}
        self.setLabel("left", self.tr("Cases"), **style)
        self.setLabel("bottom", self.tr("Total cost of the group's cases (thousand yuan)"), **style)

    def set_item(self, item: BlindedItem) -> None:
        self.clear()
        costs = item.distribution.costs_fen
        if len(costs) == 0:
            return
        yuan_k = costs.astype(np.float64) / 100_000  # fen -> thousand yuan, for the axis only
        counts, edges = np.histogram(yuan_k, bins=min(30, max(5, len(costs) // 3)))
        self.addItem(pg.BarGraphItem(x0=edges[:-1], x1=edges[1:], height=counts, brush=QColor(120, 160, 220),
                                     pen=pg.mkPen(None)))
        marks = [(item.benchmark_fen, QColor(255, 210, 0), self.tr("benchmark")),
                 (item.cost_fen, QColor(255, 80, 80), self.tr("this case"))]
        for fen, colour, name in marks:
            if fen is None:
                continue
            line = pg.InfiniteLine(pos=fen / 100_000, angle=90, pen=pg.mkPen(colour, width=4),
                                   label=name, labelOpts={"color": colour, "position": 0.92})
            line.label.setFont(QFont(self.font().family(), max(9, self.points * 2 // 3)))
            self.addItem(line)


class BlindedItemView(QWidget):
    """The facts of one item; ``points`` is the body size (24 pt on a 1080-line projector)."""

    def __init__(self, points: int = 24, dark: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.points = points
        self.setObjectName("BlindedItemView")
        grid = QGridLayout()
        grid.setHorizontalSpacing(points)
        grid.setVerticalSpacing(points // 3)
        self.fields: dict[str, QLabel] = {}
        names = [("patient", self.tr("Case")), ("stay", self.tr("Stay")), ("drg", self.tr("DRG")),
                 ("reason", self.tr("Applied for")), ("cost", self.tr("Cost")), ("flags", self.tr("Flags"))]
        for row, (key, caption) in enumerate(names):
            label = QLabel(caption, self)
            label.setObjectName("caption")
            value = QLabel(self)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.fields[key] = value
        grid.setColumnStretch(1, 1)
        self.statement = QLabel(self)
        self.summary = QLabel(self)
        for label in (self.statement, self.summary):
            label.setWordWrap(True)
        self.chart = CostChart(points, dark, self)
        self.chart.setMinimumHeight(points * 8)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(grid)
        column.addWidget(self.summary)
        column.addWidget(self.statement)
        column.addWidget(self.chart, 1)

    def set_item(self, item: BlindedItem) -> None:
        self.fields["patient"].setText(self.tr("Hospital %1 · age %2 · %3").replace("%1", item.letter)
                                       .replace("%2", item.age_band or "—").replace("%3", str(item.sex)))
        self.fields["stay"].setText(self.tr("%n day(s) in hospital", "", item.los))
        name = item.drg_name if item.drg_name != item.drg_code else ""
        self.fields["drg"].setText(f"{item.drg_code} {name}".strip() or "—")
        self.fields["reason"].setText(str(item.reason))
        cost = fen_to_yuan_text(item.cost_fen, thousands=True)
        if item.benchmark_fen:
            self.fields["cost"].setText(self.tr("%1 yuan, %2 × the group's benchmark of %3 yuan")
                                        .replace("%1", cost).replace("%2", f"{item.cost_ratio or 0:.2f}")
                                        .replace("%3", fen_to_yuan_text(item.benchmark_fen, thousands=True)))
        else:
            self.fields["cost"].setText(self.tr("%1 yuan (no benchmark)").replace("%1", cost))
        self.fields["flags"].setText("\n".join(f"{f.name}: {f.why}" for f in item.flags) or self.tr("none"))
        self.summary.setText(self.tr("Reviewer's summary: %1").replace("%1", item.summary or "—"))
        self.statement.setText(self.tr("Hospital's reason: %1").replace("%1", item.statement or "—"))
        self.chart.set_item(item)
