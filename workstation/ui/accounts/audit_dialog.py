"""Help → Audit trail…: the chain's head (how many events and the last one's hash) to write
down, and a check of the whole chain run on the reading thread (it hashes every event)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.services import audit_trail
from workstation.ui.context import AppContext
from workstation.ui.reads import Read
from workstation.ui.widgets.dialogs import error_text

OK_STYLE = "color: #1b5e20;"
BROKEN_STYLE = "color: #b00020; font-weight: bold;"


class AuditTrailDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("AuditTrailDialog")
        self.setWindowTitle(self.tr("Audit trail"))
        self.setMinimumSize(760, 300)  # room for the report's lines when the check ends
        intro = QLabel(self.tr(
            "Every change is an event in a hash chain. Write the head down (or keep it elsewhere): "
            "`main.py audit verify --head HASH` later shows whether events were changed, removed or "
            "inserted since."), self)
        intro.setWordWrap(True)
        self.count = QLabel(self)
        self.count.setObjectName("AuditCount")
        self.head = QLineEdit(self)
        self.head.setObjectName("AuditHead")
        self.head.setReadOnly(True)
        self.head.setMinimumWidth(520)
        self.head.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        copy = QPushButton(self.tr("Copy"), self)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.head.text()))
        head_row = QHBoxLayout()
        head_row.addWidget(self.head, 1)
        head_row.addWidget(copy)
        form = QFormLayout()
        form.addRow(self.tr("Events:"), self.count)
        form.addRow(self.tr("Head hash:"), head_row)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("AuditResult")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_button = QPushButton(self.tr("Verify now"), self)
        self.verify_button.clicked.connect(self.verify)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.verify_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.reading: Read | None = None
        self.show_head()

    def show_head(self) -> None:
        count, head = audit_trail.chain_head(self.context.workspace.db)
        self.count.setText(f"{count:,}")
        self.head.setText(head)

    def verify(self) -> Read:
        self.verify_button.setEnabled(False)
        self.outcome.setStyleSheet("")
        self.outcome.setText(self.tr("Checking every event…"))
        read = self.reading = self.context.workspace.reads.read(audit_trail.verify, name="audit verify")
        read.finished.connect(self._verified)
        read.failed.connect(self._failed)
        return read

    def _failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.outcome.setText(error_text(exc))

    def _verified(self, verification: audit_trail.Verification) -> None:
        self.verify_button.setEnabled(True)
        self.count.setText(f"{verification.events:,}")
        self.head.setText(verification.head_hash)
        self.outcome.setStyleSheet(OK_STYLE if verification.intact else BROKEN_STYLE)
        self.outcome.setText(str(verification.report()))
