"""OpinionsPage: the register of hospitals' opinions (意见收集反馈) with overdue marks; import a
hospital's file, answer an opinion, publish a half-year (PDF and XLSX). Every step is the same
service as the ``opinions`` command, run by the writer thread; the buttons shown are those the
authority table grants the signed-in user. Runnable on its own:
``python -m workstation.ui.opinions.page --db PATH``."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from workstation.domain.authority import Action, authorize
from workstation.services.opinions import TOPICS, answer_opinion, import_opinions, list_opinions, publish_opinions
from workstation.ui.context import AppContext
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.widgets.table_model import Column, RowsModel

OVERDUE_INK = QColor(176, 0, 32)


class OpinionsModel(RowsModel):
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.rows[index.row()]
            if row["overdue"] and not row["answer"]:
                return OVERDUE_INK
        return super().data(index, role)


def _publish(control, db, actor, half: str, pdf: str, xlsx: str) -> int:
    from workstation.reports.opinions_report import write_opinions_pdf, write_opinions_workbook
    from workstation.services.output_paths import atomic_output, checked_output
    from workstation.services.report_settings import report_settings

    for out in (pdf, xlsx):  # both refused before anything is marked published
        checked_output(out, db)
    rows = publish_opinions(db, actor, half)
    settings = report_settings(db)
    with atomic_output(pdf, db) as path:
        write_opinions_pdf(half, rows, settings, path)
    with atomic_output(xlsx, db) as path:
        write_opinions_workbook(half, rows, path)
    return len(rows)


class OpinionsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.open_only = QCheckBox(self.tr("Only unanswered"), self)
        self.import_button = QPushButton(self.tr("Import a hospital's file…"), self)
        self.answer_button = QPushButton(self.tr("Answer…"), self)
        self.publish_button = QPushButton(self.tr("Publish a half-year…"), self)
        self.status = QLabel(self)
        self.status.setObjectName("OpinionsStatus")
        self.status.setWordWrap(True)
        self.model = OpinionsModel([
            Column("id", lambda: self.tr("No."), numeric=True), Column("received_on", lambda: self.tr("Received")),
            Column("hospital_code", lambda: self.tr("Hospital")),
            Column("topic", lambda: self.tr("Topic"), lambda v: str(TOPICS[v])),
            Column("text", lambda: self.tr("Opinion")), Column("links", lambda: self.tr("Proposals"), ", ".join),
            Column("due_on", lambda: self.tr("Due")), Column("state", lambda: self.tr("Status")),
            Column("answer", lambda: self.tr("Answer")),
        ], self)
        self.table = QTableView(self)
        self.table.setObjectName("OpinionsTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        bar = QHBoxLayout()
        for widget in (self.open_only, self.import_button, self.answer_button, self.publish_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.open_only.toggled.connect(self.refresh)
        self.import_button.clicked.connect(self.import_file)
        self.answer_button.clicked.connect(self.answer_selected)
        self.publish_button.clicked.connect(self.publish)
        self.refresh()

    def refresh(self) -> None:
        role = self.context.user.role
        self.import_button.setVisible(bool(authorize(role, Action.OPINION_REGISTER)))
        self.answer_button.setVisible(bool(authorize(role, Action.OPINION_ANSWER)))
        self.publish_button.setVisible(bool(authorize(role, Action.OPINION_PUBLISH)))
        rows = list_opinions(self.context.workspace.db, open_only=self.open_only.isChecked())
        for row in rows:
            state = self.tr("answered") if row["answer"] else self.tr("open")
            if row["overdue"]:
                state += " · " + self.tr("overdue")
            if row["published_at"]:
                state += " · " + self.tr("published")
            row["state"] = state
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        for column in (4, 8):  # the texts: wide, not the whole text
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 320))
        overdue = sum(1 for r in rows if r["overdue"] and not r["answer"])
        self.status.setText(self.tr("%1 opinions, %2 overdue").replace("%1", str(len(rows))).replace("%2", str(overdue)))

    def _run(self, fn, *args, done: str) -> None:
        job = self.context.runner.submit(fn, *args, name="opinions", db_path=self.context.workspace.db_path)
        job.finished.connect(lambda result: self._done(done.replace("%1", str(result))))
        job.failed.connect(lambda e: self.status.setText(error_text(e)))

    def _done(self, message: str) -> None:
        self.refresh()
        self.status.setText(message)

    def import_file(self) -> None:
        path = self.context.dialogs.open_file(self, self.tr("Import a hospital's opinions"), str(Path.home()),
                                              self.tr("Tables (*.csv *.tsv *.txt *.xlsx)"))
        if path:
            self._run(lambda _c, db: str(import_opinions(db, path, actor=self.context.user).summary()), done="%1")

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(self.model.row(rows[0].row())["id"]) if rows else None

    def answer_selected(self) -> None:
        number = self.selected_id()
        if number is None:
            self.status.setText(self.tr("Choose an opinion first."))
            return
        text = self.context.dialogs.ask_text(self, self.tr("Answer opinion %1").replace("%1", str(number)),
                                             self.tr("Answer:"))
        if text:
            self._run(lambda _c, db: answer_opinion(db, self.context.user, number, text),
                      done=self.tr("Answered."))

    def publish(self) -> None:
        half = self.context.dialogs.ask_text(self, self.tr("Publish"), self.tr("Half-year (e.g. 2024H1):"))
        if not half:
            return
        pdf = self.context.dialogs.save_file(self, self.tr("Save the publication"), f"opinions-{half}.pdf",
                                             self.tr("PDF (*.pdf)"))
        if pdf:
            xlsx = str(Path(pdf).with_suffix(".xlsx"))
            self._run(_publish, self.context.user, half.strip().upper(), pdf, xlsx,
                      done=self.tr("Published %1 opinions: ") + f"{pdf}, {xlsx}")


if __name__ == "__main__":  # pragma: no cover - a manual preview
    from workstation.ui.weights.preview import run_page

    run_page(OpinionsPage)
