"""Bar charts for the printed reports (reportlab graphics, vector), fed plain numbers."""
from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.units import mm

from workstation.reports import styles as S


def bar_chart(categories: Sequence[str], series: Sequence[Sequence[float]], names: Sequence[str], *, title: str,
              cjk: bool = True, width: float = S.FRAME_WIDTH, height: float = 62 * mm) -> Drawing:
    """Vertical bars, one group per category, one colour per series (with a legend when several)."""
    font = S.font_name(cjk)
    drawing = Drawing(width, height, initialFontName=font)
    drawing.add(String(0, height - 10, title, fontName=font, fontSize=S.BODY_SIZE))
    chart = VerticalBarChart()
    chart.x, chart.y = 16 * mm, 14 * mm
    chart.width, chart.height = width - 22 * mm - (30 * mm if len(series) > 1 else 0), height - 30 * mm
    chart.data = [list(s) for s in series] or [[0]]
    chart.categoryAxis.categoryNames = list(categories)
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = S.SMALL_SIZE - (1 if len(categories) > 12 else 0)
    if len(categories) > 8:
        # Many categories: short names written upright, each ending under its own bar, so 30
        # hospitals never touch each other; the drawing grows to make room for them.
        longest = max((len(c) for c in categories), default=1)
        room = min(30 * mm, longest * (S.SMALL_SIZE - 1) * 1.1 + 4 * mm)
        height += room
        drawing.height = height
        drawing.contents[0].y = height - 10
        chart.categoryAxis.labels.angle = -90
        chart.categoryAxis.labels.boxAnchor = "w"
        chart.categoryAxis.labels.dy = -3
        chart.y = 6 * mm + room
        chart.height = height - 22 * mm - room
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = S.SMALL_SIZE
    chart.valueAxis.valueMin = 0
    top = max((v for s in series for v in s), default=0)
    chart.valueAxis.valueMax = top * 1.15 if top else 1
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    # Value labels above the bars, so a reader need not estimate from the axis.
    chart.barLabelFormat = lambda v: f"{v:,.0f}" if v else ""
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 5.5 if len(categories) * max(len(series), 1) > 24 else S.SMALL_SIZE - 1
    chart.barLabels.nudge = 5
    chart.barLabels.boxAnchor = "s"
    chart.barSpacing = 1
    chart.groupSpacing = 6
    for i in range(len(series)):
        chart.bars[i].fillColor = S.SERIES_COLOURS[i % len(S.SERIES_COLOURS)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = width - 28 * mm, height - 18 * mm
        legend.fontName, legend.fontSize = font, S.SMALL_SIZE
        legend.alignment = "right"
        legend.colorNamePairs = [(S.SERIES_COLOURS[i % len(S.SERIES_COLOURS)], name) for i, name in enumerate(names)]
        drawing.add(legend)
    return drawing
