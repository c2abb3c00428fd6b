"""A PDF's pages inside the app, and printing them through Qt's print dialog.

The preview shows the very PDF a user would save or send (rendered by PDFium, pypdfium2), not a
second layout of the same data; printing draws each page at the printer's resolution.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from workstation.ui.widgets.dialogs import DialogService

SCREEN_SCALE = 1.25  # PDF points to screen pixels: an A4 page about 1,030 pixels tall


def page_images(data: bytes, scale: float) -> list[QImage]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    images = []
    try:
        for page in document:
            bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB, as QImage reads it
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888)
            images.append(image.copy())  # own the pixels: the bitmap's buffer goes with it
    finally:
        document.close()
    return images


class PdfPreview(QScrollArea):
    def __init__(self, dialogs: DialogService | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("PdfPreview")
        self.dialogs = dialogs or DialogService()
        self.data = b""
        self.pages: list[QLabel] = []
        self.holder = QWidget(self)
        self.column = QVBoxLayout(self.holder)
        self.column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self.holder)
        self.setWidgetResizable(True)
        self.setBackgroundRole(self.backgroundRole())

    def show_pdf(self, data: bytes) -> None:
        for label in self.pages:
            label.deleteLater()
        self.pages = []
        self.data = data
        for image in page_images(data, SCREEN_SCALE):
            label = QLabel(self.holder)
            label.setPixmap(QPixmap.fromImage(image))
            label.setFrameShape(QLabel.Shape.Box)
            self.column.addWidget(label)
            self.pages.append(label)

    def print_pages(self, printer: QPrinter | None = None) -> bool:
        """Ask for a printer (Qt's dialog) and print every page; False when there is nothing to
        print or the dialog was dismissed."""
        if not self.data:
            return False
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        if not self.dialogs.setup_printer(self, printer):
            return False
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            images = page_images(self.data, printer.resolution() / 72)
            for number, image in enumerate(images):
                if number:
                    printer.newPage()
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(target.x(), target.y(), image.scaled(size))
        finally:
            painter.end()
        return True
