"""Per-hospital quota gauges: a hospital's applications against its cap (the rules' share of
its DRG-paid discharges in the period), one compact bar each, red beyond the cap."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QScrollArea, QVBoxLayout, QWidget

from workstation.services.application_list import QuotaGauge

COLUMNS = 2  # hospitals side by side (a period has dozens), each bar wide enough for its text
_NORMAL = "QProgressBar::chunk { background: #9cc0f0; }"
_OVER = "QProgressBar { color: #000; font-weight: bold; } QProgressBar::chunk { background: #f28b82; }"


def hospital_label(code: str, name: str) -> str:
    """A hospital as lists show it: its code, and its name beside it when the hospital table has one."""
    return f"{code} {name}" if name else code


class QuotaGauges(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setObjectName("quotaTitle")
        self.title.setWordWrap(True)
        self.inner = QWidget(self)
        self.grid = QGridLayout(self.inner)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(2)
        for column in range(COLUMNS):
            self.grid.setColumnStretch(2 * column + 1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows scroll, columns fit
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        self.bars: dict[str, QProgressBar] = {}
        self.gauges: list[QuotaGauge] = []
        self.set_gauges("", [])

    def set_loading(self, period: str) -> None:
        self.title.setText(self.tr("Quotas for {0}: reading…").format(period))

    def set_gauges(self, period: str, gauges: list[QuotaGauge]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.bars = {}
        self.gauges = list(gauges)
        if not period:
            self.title.setText(self.tr("Quotas: no applications yet."))
            return
        over = [g for g in gauges if g.over]
        self.title.setText(self.tr("Quotas for {0} (applications / cap): {1} of {2} hospitals over").format(
            period, len(over), len(gauges)))
        # The hospitals over their cap first, then the fullest: what a reviewer looks for.
        ordered = sorted(gauges, key=lambda g: (-g.over, -g.applications / max(g.quota, 1), g.hospital_code))
        for i, gauge in enumerate(ordered):
            row, column = divmod(i, COLUMNS)
            label = QLabel(hospital_label(gauge.hospital_code, gauge.hospital_name), self.inner)
            bar = QProgressBar(self.inner)
            bar.setObjectName(f"quota_{gauge.hospital_code}")
            bar.setMaximumHeight(self.fontMetrics().height() + 4)
            bar.setRange(0, max(gauge.quota, gauge.applications, 1))
            bar.setValue(gauge.applications)
            bar.setFormat(self.tr("%v / cap {0}").format(gauge.quota) + (
                "  " + self.tr("(+{0} over)").format(gauge.over) if gauge.over else ""))
            bar.setStyleSheet(_OVER if gauge.over else _NORMAL)
            bar.setToolTip(self.tr("{0}: {1} applications, {2} accepted; cap {3} of {4} DRG-paid discharges").format(
                hospital_label(gauge.hospital_code, gauge.hospital_name), gauge.applications, gauge.accepted, gauge.quota,
                gauge.drg_discharges))
            self.grid.addWidget(label, row, 2 * column)
            self.grid.addWidget(bar, row, 2 * column + 1)
            self.bars[gauge.hospital_code] = bar
        self.grid.setRowStretch((len(gauges) + COLUMNS - 1) // COLUMNS, 1)

    def is_over(self, hospital_code: str) -> bool:
        return any(g.over for g in self.gauges if g.hospital_code == hospital_code)
