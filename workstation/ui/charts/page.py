"""ChartsPage: group cost distribution, cost vs stay, hospital comparison. (Stub: being built out.)"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ChartsPage(QWidget):
    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Charts")))
