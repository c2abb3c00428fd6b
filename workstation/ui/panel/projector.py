"""The projector view of a panel session: one blinded item at a time, readable across a room.

Full screen on the second screen when there is one; white on black; the body at 24 pt on a
1080-line screen (scaled with the screen's height). Keys: → next item, ← previous, V the votes,
T start/pause the item's timer, B blank the screen, Esc leave. Showing an item records its start
(services.panel.start_item); the votes go through services.panel as the secretary enters them.
The tally is shown as counts once every present, non-recused expert has voted, never before.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedLayout, QVBoxLayout, QWidget

from workstation.domain.messages import language
from workstation.services import panel
from workstation.services.panel.blinded import blinded_item
from workstation.services.panel.sessions import SessionView
from workstation.ui.context import AppContext
from workstation.ui.jobs import Job
from workstation.ui.panel.item_view import BlindedItemView
from workstation.ui.panel.votes_dialog import VotesDialog
from workstation.ui.review.tasks import service_job
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.workspace import ChangeSet

BODY_POINTS_AT_1080 = 24


def body_points(screen_height: int) -> int:
    """24 pt on a 1080-line screen, in proportion elsewhere (never below 16)."""
    return max(16, round(BODY_POINTS_AT_1080 * screen_height / 1080))


class ProjectorView(QWidget):
    closed = Signal()

    def __init__(self, context: AppContext, session_id: int, points: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.session_id = context, session_id
        self.setObjectName("ProjectorView")
        self.setWindowTitle(self.tr("Panel session %1").replace("%1", str(session_id)))
        screen = QGuiApplication.primaryScreen()
        self.points = points or body_points(screen.geometry().height() if screen else 1080)
        self.setStyleSheet(
            f"QWidget#ProjectorView, QWidget#ProjectorView QWidget {{ background: black; color: white;"
            f" font-size: {self.points}pt; }}"
            f" QLabel#heading {{ font-size: {self.points * 3 // 2}pt; font-weight: bold; color: #ffd200; }}"
            f" QLabel#caption {{ color: #9fd3ff; }} QLabel#timer {{ font-size: {self.points * 3 // 2}pt; }}"
            " QLabel#timer[over=\"true\"] { color: #ff5050; }"
            f" QLabel#keys {{ font-size: {max(12, self.points * 2 // 3)}pt; color: #c0c0c0; }}")
        self.index = 0
        self.view: SessionView | None = None
        self.heading, self.timer_label = QLabel(self), QLabel(self)
        self.heading.setObjectName("heading")
        self.timer_label.setObjectName("timer")
        self.item_view = BlindedItemView(self.points, True, self)
        self.room = QLabel(self)
        self.room.setWordWrap(True)
        self.flag = QLabel(self)
        self.flag.setWordWrap(True)
        self.flag.setStyleSheet("color: #ff8080;")
        self.keys = QLabel(self.tr("→ next   ← previous   V votes   T timer   B blank   Esc leave"), self)
        self.keys.setObjectName("keys")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.timer_label)
        page = QWidget(self)
        column = QVBoxLayout(page)
        margin = self.points
        column.setContentsMargins(margin, margin // 2, margin, margin // 2)
        column.addLayout(top)
        column.addWidget(self.flag)
        column.addWidget(self.item_view, 1)
        column.addWidget(self.room)
        column.addWidget(self.keys)
        self.blank = QWidget(self)
        self.blank.setStyleSheet("background: black;")
        self.stack = QStackedLayout(self)
        self.stack.addWidget(page)
        self.stack.addWidget(self.blank)
        self.seconds_left = 0
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.job: Job | None = None
        self.reload()

    # -- reading -------------------------------------------------------------
    def reload(self) -> None:
        db = self.context.workspace.db
        if self.context.user.role is not None and self.context.user.role.value != "expert":
            panel.settle(db, self.context.user, self.session_id)  # votes from the experts' desks
        self.view = panel.load_session(db, self.session_id)
        self.index = min(self.index, max(0, len(self.view.items) - 1))
        self.show_item()

    def show_item(self, restart_timer: bool = False) -> None:
        view = self.view
        if view is None or not view.items:
            self.heading.setText(self.tr("The agenda is empty"))
            return
        item = view.items[self.index]
        blinded = blinded_item(self.context.workspace.db, view, item.application_id, lang=language())
        self.heading.setText(self.tr("Item %1 of %2 · hospital %3").replace("%1", str(self.index + 1))
                             .replace("%2", str(len(view.items))).replace("%3", item.letter))
        self.item_view.set_item(blinded)
        names = {i: e["name"] for i, e in view.invited.items()}
        if item.room.quorum:
            self.flag.setText("")
        else:
            self.flag.setText(self.tr("No quorum: %1 present, non-recused panel members of the %2 the rules ask "
                                      "for. A top-up draw is needed before this item can be voted.")
                              .replace("%1", str(len(item.room.voters))).replace("%2", str(view.panel_size)))
        voted = {m["expert_id"] for m in item.members if m["vote"]}
        lines = [self.tr("Voting: %1").replace("%1", "   ".join(
            f"{names[i]} {'✔' if i in voted else '…'}" for i in item.room.voters) or "—")]
        present_recused = [names[i] for i in item.room.recused if i not in view.absent]
        if present_recused:
            lines.append(self.tr("Recused (leave the room): %1").replace("%1", ", ".join(present_recused)))
        if item.room.votes_in:
            counts = {v: sum(m["vote"] == v for m in item.members if m["expert_id"] in item.room.voters)
                      for v in ("support", "oppose", "abstain")}
            lines.append(self.tr("Tally: %1 support · %2 oppose · %3 abstain")
                         .replace("%1", str(counts["support"])).replace("%2", str(counts["oppose"]))
                         .replace("%3", str(counts["abstain"])))
        if item.status == "decided":
            outcome = {"supported": self.tr("supported"), "opposed": self.tr("opposed")}.get(item.row["outcome"] or "", "")
            lines.append(self.tr("Concluded: %1").replace("%1", outcome))
        self.room.setText("\n".join(lines))
        if restart_timer or self.seconds_left <= 0:
            self.ticker.stop()
            self.seconds_left = view.minutes_per_item * 60
        self._show_time()

    # -- the room's keys -----------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if self.stack.currentWidget() is self.blank and key != Qt.Key.Key_Escape:
            self.stack.setCurrentIndex(0)  # any key brings the screen back
            return
        if key == Qt.Key.Key_Right:
            self.step(1)
        elif key == Qt.Key.Key_Left:
            self.step(-1)
        elif key == Qt.Key.Key_V:
            self.open_votes()
        elif key == Qt.Key.Key_T:
            self.toggle_timer()
        elif key == Qt.Key.Key_B:
            self.stack.setCurrentIndex(1)
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def step(self, delta: int) -> None:
        if self.view is None or not self.view.items:
            return
        self.index = max(0, min(len(self.view.items) - 1, self.index + delta))
        self.show_item(restart_timer=True)
        item = self.view.items[self.index]
        if item.status == "waiting" and item.room.quorum and self.view.session["status"] != "closed":
            self._write(panel.start_item, self.context.user, self.session_id, item.application_id)

    def toggle_timer(self) -> None:
        if self.ticker.isActive():
            self.ticker.stop()
        else:
            self.ticker.start()
        self._show_time()

    def _tick(self) -> None:
        self.seconds_left -= 1
        self._show_time()

    def _show_time(self) -> None:
        left = abs(self.seconds_left)
        text = f"{'-' if self.seconds_left < 0 else ''}{left // 60}:{left % 60:02d}"
        self.timer_label.setText(text if self.ticker.isActive() else self.tr("%1 (paused)").replace("%1", text))
        self.timer_label.setProperty("over", "true" if self.seconds_left < 0 else "false")
        self.timer_label.style().polish(self.timer_label)

    def open_votes(self) -> None:
        if self.view is None or not self.view.items:
            return
        item = self.view.items[self.index]
        if not item.room.quorum or item.status in ("decided", "deferred"):
            return
        names = {i: e["name"] for i, e in self.view.invited.items()}
        dialog = VotesDialog([(i, names[i]) for i in item.room.voters],
                             {m["expert_id"]: m["vote"] for m in item.members if m["vote"]}, self.points, self)
        if dialog.exec():
            self._write(panel.votes_in_room, self.context.user, self.session_id, item.application_id, dialog.votes())

    def _write(self, service, *args) -> None:
        job = self.context.runner.submit(service_job, service, *args, name=service.__name__,
                                         db_path=self.context.workspace.db_path)
        job.finished.connect(self._written)
        job.failed.connect(lambda exc: self.flag.setText(error_text(exc)))
        self.job = job

    def _written(self, _result: object) -> None:
        self.context.workspace.notify(ChangeSet(reviews=True))
        if self.isVisible():  # a write that ends after the room left the view: nothing to redraw
            self.reload()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.ticker.stop()
        self.closed.emit()
        super().closeEvent(event)


def show_projector(context: AppContext, session_id: int) -> ProjectorView:
    """Full screen on the second screen when there is one, else on this one."""
    screens = QGuiApplication.screens()
    screen = screens[1] if len(screens) > 1 else QGuiApplication.primaryScreen()
    view = ProjectorView(context, session_id, body_points(screen.geometry().height()))
    view.setScreen(screen)
    view.setGeometry(screen.geometry())
    view.showFullScreen()
    return view
