"""My reviews: an expert's landing page — the items awaiting their vote, blinded as on the projector.

No queue, no unmasking, no other expert's vote: the expert sees the item and casts their own.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.messages import language
from workstation.services.panel.desk import Waiting, expert_of, waiting_for
from workstation.services.panel.desk_vote import vote_from_desk
from workstation.ui.context import AppContext
from workstation.ui.jobs import Job
from workstation.ui.panel.item_view import BlindedItemView
from workstation.ui.review.tasks import service_job
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.workspace import ChangeSet


class MyReviewsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("MyReviewsPage")
        self.waiting: list[Waiting] = []
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self.show_item)
        self.item_view = BlindedItemView(12, False, self)
        self.choices = QButtonGroup(self)
        bar = QHBoxLayout()
        for choice, text in (("support", self.tr("Support")), ("oppose", self.tr("Oppose")),
                             ("abstain", self.tr("Abstain"))):
            button = QRadioButton(text, self)
            button.setProperty("choice", choice)
            self.choices.addButton(button)
            bar.addWidget(button)
        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText(self.tr("Comment (optional)"))
        bar.addWidget(self.comment, 1)
        self.vote_button = QPushButton(self.tr("Cast my vote"), self)
        self.vote_button.clicked.connect(self.cast)
        bar.addWidget(self.vote_button)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.addWidget(self.item_view, 1)
        column.addLayout(bar)
        column.addWidget(self.message)
        split = QSplitter(self)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        self.job: Job | None = None
        context.workspace.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.reviews:
            self.refresh()

    def refresh(self) -> None:
        db = self.context.workspace.db
        expert_id = expert_of(db, self.context.user)
        self.waiting = waiting_for(db, expert_id, lang=language()) if expert_id is not None else []
        self.list.blockSignals(True)
        self.list.clear()
        for waiting in self.waiting:
            # The session by its number, not its date: a blinded view shows no calendar date.
            where = (self.tr("Session %1").replace("%1", str(waiting.session_id)) if waiting.session_id is not None
                     else self.tr("Outside a session"))
            text = self.tr("%1 · item %2 · hospital %3 · %4").replace("%1", where) \
                .replace("%2", str(waiting.item.position)).replace("%3", waiting.item.letter) \
                .replace("%4", str(waiting.item.reason))
            QListWidgetItem(text, self.list)
        self.list.blockSignals(False)
        if expert_id is None:
            self.heading.setText(self.tr("This account is not an expert of the pool: nothing awaits its vote."))
        else:
            self.heading.setText(self.tr("%n item(s) await your vote.", "", len(self.waiting)))
        has = bool(self.waiting)
        self.item_view.setVisible(has)
        for widget in (*self.choices.buttons(), self.comment, self.vote_button):
            widget.setEnabled(has)
        if has:
            self.list.setCurrentRow(0)
            self.show_item(0)

    def show_item(self, row: int) -> None:
        if 0 <= row < len(self.waiting):
            self.item_view.set_item(self.waiting[row].item)
            self.message.setText("")

    def cast(self) -> None:
        row = self.list.currentRow()
        button = self.choices.checkedButton()
        if not (0 <= row < len(self.waiting)):
            return
        if button is None:
            self.message.setText(self.tr("Choose support, oppose or abstain first."))
            return
        waiting = self.waiting[row]
        job = self.context.runner.submit(service_job, vote_from_desk, self.context.user, waiting.session_id,
                                         waiting.item.application_id, str(button.property("choice")),
                                         self.comment.text(), name="vote_from_desk",
                                         db_path=self.context.workspace.db_path)
        job.finished.connect(self._voted)
        job.failed.connect(lambda exc: self.message.setText(error_text(exc)))
        self.job = job

    def _voted(self, _result: object) -> None:
        self.comment.clear()
        checked = self.choices.checkedButton()
        if checked is not None:
            self.choices.setExclusive(False)
            checked.setChecked(False)
            self.choices.setExclusive(True)
        self.context.workspace.notify(ChangeSet(reviews=True))
        self.message.setText(self.tr("Your vote is recorded."))

