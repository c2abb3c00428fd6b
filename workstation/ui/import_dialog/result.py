"""The end of an import: the summary (rows read = imported + quarantined), the reasons,
and the quarantined rows, viewable and exportable."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workstation.domain.messages import language
from workstation.ui.batches.quarantine import QuarantineView, reason_counts_text
from workstation.ui.widgets.dialogs import DialogService


class ImportResultPanel(QWidget):
    def __init__(self, db, dialogs: DialogService, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.dialogs = dialogs
        self.result = None
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("ImportSummary")
        self.summary_label.setWordWrap(True)
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary_label.setFont(font)
        self.reasons_label = QLabel(self)
        self.reasons_label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export quarantined rows…"), self)
        self.export_button.clicked.connect(self.export)
        self.quarantine = QuarantineView(db, self)
        heading = QHBoxLayout()
        heading.addWidget(self.reasons_label, 1)
        heading.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addLayout(heading)
        layout.addWidget(self.quarantine, 1)

    def show_result(self, result) -> None:
        self.result = result
        self.summary_label.setText(result.summary(language()))
        reasons = dict(getattr(result, "reasons", {}) or {})
        if reasons:
            self.reasons_label.setText(self.tr("Quarantined by reason: {0}").format(
                reason_counts_text(sorted(reasons.items(), key=lambda kv: -kv[1]))))
        else:
            self.reasons_label.setText(self.tr("No row was quarantined."))
        imported = result.batch_id is not None  # None: the same file was imported before
        for widget in (self.reasons_label, self.export_button, self.quarantine):
            widget.setVisible(imported)
        self.quarantine.set_batch(result.batch_id)
        self.export_button.setEnabled(imported and bool(result.rows_quarantined))

    def export(self) -> None:
        if self.result is not None and self.result.batch_id is not None:
            self.quarantine.export(self.dialogs, f"quarantine-{Path(self.result.file_name).stem}.csv")
