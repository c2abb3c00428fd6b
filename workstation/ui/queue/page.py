"""CaseQueuePage: the review desk's queue | detail splitter. (Stub: being built out.)"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class CaseQueuePage(QWidget):
    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Case queue")))

    def next_case(self) -> None:
        pass

    def previous_case(self) -> None:
        pass

    def focus_search(self) -> None:
        pass

    def focus_filter(self) -> None:
        pass

    def set_show_personal(self, show: bool) -> None:
        pass
