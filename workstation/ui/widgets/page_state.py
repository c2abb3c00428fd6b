"""Remembering how a user arranged a page: its splitters and the columns of its main table.

Pages need not know about settings: the main window keeps one ``PageState`` per
page. The saved arrangement is put back just after the page is first shown,
because a page may set default sizes in its own first show (and a page behind
another tab is only shown when its tab is opened).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QSplitter, QTableView, QWidget

from workstation.ui.settings import Settings


class PageState(QObject):
    def __init__(self, settings: Settings, name: str, page: QWidget, tables: tuple[QTableView, ...] = ()):
        super().__init__(page)
        self.settings = settings
        self.name = name
        self.page = page
        self.tables = tables
        self.restored = False
        page.installEventFilter(self)

    def _splitters(self) -> list[QSplitter]:
        return self.page.findChildren(QSplitter)

    def save(self) -> None:
        if not self.restored:  # never shown this session: keep what was saved before
            return
        for index, splitter in enumerate(self._splitters()):
            self.settings.save_splitter(f"{self.name}/{index}", splitter)
        for index, table in enumerate(self.tables):
            self.settings.save_columns(f"{self.name}/{index}", table.horizontalHeader())

    def restore(self) -> None:
        self.restored = True
        for index, splitter in enumerate(self._splitters()):
            self.settings.restore_splitter(f"{self.name}/{index}", splitter)
        for index, table in enumerate(self.tables):
            self.settings.restore_columns(f"{self.name}/{index}", table.horizontalHeader())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.Show and not self.restored:
            self.restored = True  # at once: a second show before the timer must not queue another
            # With self as the context: a page destroyed first (its window replaced) drops the call.
            QTimer.singleShot(0, self, self.restore)
        return False
