"""The panel sessions page (the office's): plan a session, open its projector, close it with minutes.

The office sees hospitals by code and name here (it plans the agenda); the panel sees only the
projector's letters. Every write runs on the writer thread through services.panel.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.authority import Action, authorize
from workstation.domain.review.policy import REASON_NAMES
from workstation.services import panel
from workstation.services.panel.sessions import candidates, hospital_names
from workstation.ui.context import AppContext
from workstation.ui.jobs import Job
from workstation.ui.panel.projector import ProjectorView, show_projector
from workstation.ui.review.tasks import service_job
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.workspace import ChangeSet


class NewSessionDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New panel session"))
        self.day = QDateEdit(QDate.currentDate(), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.title, self.place = QLineEdit(self), QLineEdit(self)
        form = QFormLayout(self)
        form.addRow(self.tr("Date"), self.day)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Place"), self.place)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[date, str, str]:
        return self.day.date().toPython(), self.title.text(), self.place.text()  # type: ignore[return-value]


class AddItemsDialog(QDialog):
    """Tick the applications to put on the agenda (ordered by deadline when added)."""

    def __init__(self, rows: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add applications to the agenda"))
        self.list = QListWidget(self)
        for row in rows:
            reason = REASON_NAMES.get(row["reason"])
            item = QListWidgetItem(f"{row['id']}  {row['hospital_code']} {row['hospital_name']}  "
                                   f"{reason if reason else row['reason']}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(self.tr("Applications in expert review with a drawn panel:"), self))
        column.addWidget(self.list)
        column.addWidget(buttons)

    def chosen(self) -> list[int]:
        return [int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class PanelSessionsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("PanelSessionsPage")
        self.sessions = QListWidget(self)
        self.sessions.currentItemChanged.connect(lambda *_: self.show_session())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.agenda = QTableWidget(0, 6, self)
        self.agenda.setHorizontalHeaderLabels([self.tr("No."), self.tr("Application"), self.tr("Hospital"),
                                               self.tr("Status"), self.tr("Voters / recused"), self.tr("Quorum")])
        self.agenda.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.agenda.horizontalHeader().setStretchLastSection(True)
        self.agenda.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.agenda.verticalHeader().hide()
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot in (("new", self.tr("New session…"), self.new_session),
                                ("add", self.tr("Add applications…"), self.add_items),
                                ("absent", self.tr("Mark absent…"), self.mark_absent),
                                ("projector", self.tr("Projector"), self.open_projector),
                                ("close", self.tr("Close and print the minutes…"), self.close_session)):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.addWidget(self.summary)
        column.addWidget(self.agenda, 1)
        split = QSplitter(self)
        split.addWidget(self.sessions)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(split, 1)
        self.projector: ProjectorView | None = None
        self.job: Job | None = None
        context.workspace.changed.connect(self._on_changed)
        self.refresh()

    # -- reading ---------------------------------------------------------------
    def session_id(self) -> int | None:
        item = self.sessions.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.reviews:
            self.refresh()

    def refresh(self) -> None:
        keep = self.session_id()
        self.sessions.blockSignals(True)
        self.sessions.clear()
        for row in panel.list_sessions(self.context.workspace.db):
            status = {"planned": self.tr("planned"), "open": self.tr("open"), "closed": self.tr("closed")}[row["status"]]
            item = QListWidgetItem(f"{row['held_on']}  {row['title'] or ''}  ({status}, {row['decided']}/{row['items']})",
                                   self.sessions)
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            if row["id"] == keep or keep is None and self.sessions.count() == 1:
                self.sessions.setCurrentItem(item)
        self.sessions.blockSignals(False)
        self.show_session()

    def show_session(self) -> None:
        session_id = self.session_id()
        plan = bool(authorize(self.context.user.role, Action.PANEL_PLAN))
        self.buttons["new"].setVisible(plan)
        for key in ("add", "absent", "projector", "close"):
            self.buttons[key].setVisible(plan)
            self.buttons[key].setEnabled(session_id is not None)
        self.agenda.setRowCount(0)
        if session_id is None:
            self.summary.setText(self.tr("No session yet: plan one with New session…"))
            return
        view = panel.load_session(self.context.workspace.db, session_id)
        closed = view.session["status"] == "closed"
        for key in ("add", "absent", "close"):
            self.buttons[key].setEnabled(not closed)
        names = {i: e["name"] for i, e in view.invited.items()}
        present = ", ".join(e["name"] for e in view.present) or "—"
        absent = ", ".join(names[i] for i in view.absent) or "—"
        self.summary.setText(self.tr("Session %1 on %2 at %3. Present: %4. Absent: %5.")
                             .replace("%1", str(view.id)).replace("%2", view.session["held_on"])
                             .replace("%3", view.session["place"] or "—").replace("%4", present).replace("%5", absent))
        statuses = {"waiting": self.tr("waiting"), "open": self.tr("open"), "decided": self.tr("decided"),
                    "deferred": self.tr("deferred")}
        hospitals = hospital_names(self.context.workspace.db)
        for row, item in enumerate(view.items):
            code = item.application["hospital_code"]
            voted = {m["expert_id"] for m in item.members if m["vote"]}
            voters = ", ".join(names[i] + (" ✔" if i in voted else "") for i in item.room.voters)
            recused = ", ".join(names[i] for i in item.room.recused)
            cells = [str(item.row["position"]), str(item.application_id),
                     f"{item.letter} = {code} {hospitals.get(code, '')}".strip(), statuses[item.status],
                     voters + (self.tr(" / recused: %1").replace("%1", recused) if recused else ""),
                     self.tr("yes") if item.room.quorum else self.tr("no: a top-up draw is needed")]
            self.agenda.insertRow(row)
            for column, text in enumerate(cells):
                self.agenda.setItem(row, column, QTableWidgetItem(text))

    # -- writing ---------------------------------------------------------------
    def _write(self, service, *args, then=None) -> Job:
        self.error.setText("")
        job = self.context.runner.submit(service_job, service, *args, name=service.__name__,
                                         db_path=self.context.workspace.db_path)
        def finished(result: object) -> None:
            self.context.workspace.notify(ChangeSet(reviews=True))
            if then is not None:
                then(result)

        job.finished.connect(finished)
        job.failed.connect(lambda exc: self.error.setText(error_text(exc)))
        self.job = job
        return job

    def new_session(self) -> None:
        dialog = NewSessionDialog(self)
        if dialog.exec():
            self._write(panel.new_session, self.context.user, *dialog.values())

    def add_items(self) -> None:
        session_id = self.session_id()
        rows = candidates(self.context.workspace.db)
        if session_id is None:
            return
        if not rows:
            self.error.setText(self.tr("No application is in expert review with a drawn panel."))
            return
        dialog = AddItemsDialog(rows, self)
        if dialog.exec() and dialog.chosen():
            self._write(panel.add_items, self.context.user, session_id, dialog.chosen())

    def mark_absent(self) -> None:
        session_id = self.session_id()
        if session_id is None:
            return
        view = panel.load_session(self.context.workspace.db, session_id)
        choices = [(str(i), e["name"]) for i, e in view.invited.items() if i not in view.absent]
        if not choices:
            return
        chosen = self.context.dialogs.choose(self, self.tr("Mark absent"), self.tr("Which expert is absent?"),
                                             choices, choices[0][0])
        if chosen is None:
            return
        reason = self.context.dialogs.ask_text(self, self.tr("Mark absent"), self.tr("Reason (optional):")) or ""
        self._write(panel.set_absent, self.context.user, session_id, int(chosen), reason)

    def open_projector(self) -> None:
        session_id = self.session_id()
        if session_id is not None:
            self.projector = show_projector(self.context, session_id)

    def close_session(self) -> None:
        session_id = self.session_id()
        if session_id is None:
            return
        path = self.context.dialogs.save_file(self, self.tr("Save the minutes"),
                                              f"panel-session-{session_id}-minutes.pdf", self.tr("PDF (*.pdf)"))
        if path:
            self._write(panel.close_session, self.context.user, session_id, path,
                        then=lambda closed: self.summary.setText(
                            self.tr("Closed. Minutes written, SHA-256 %1").replace("%1", closed.sha256)))
