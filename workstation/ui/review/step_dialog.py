"""The frame every step dialog shares: a form of what the step needs, the service's refusal
shown as the service words it, and the write run on the writer thread.

Strings of this base class are translated in its own context ("StepDialog"): PySide's
``self.tr`` would look them up under the subclass's name. A dialog says which service to call with which arguments (``request``); the frame
runs it through the JobRunner with the signed-in user as the actor, keeps the dialog
open with the message when the service refuses (an illegal step, the four-eyes rule,
a quota), and on success broadcasts the change so every page refreshes.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.messages import UserError
from workstation.domain.money import MoneyError, parse_yuan_to_fen
from workstation.domain.review.workflow import Step
from workstation.services.review.view import ApplicationView
from workstation.ui.context import AppContext
from workstation.ui.jobs import Job
from workstation.ui.review.labels import status_text, step_button_text, step_text
from workstation.ui.review.tasks import service_job
from workstation.ui.widgets.dialogs import error_text
from workstation.ui.workspace import ChangeSet


class InvalidInput(Exception):
    """A field the user must correct before the step is sent (the text says which and how)."""


Request = tuple[Callable[..., Any], tuple, dict]


def amount_fen(text: str, what: str) -> int | None:
    """The fen of an amount typed in yuan (None when blank); InvalidInput naming ``what`` otherwise."""
    try:
        fen = parse_yuan_to_fen(text.strip() or None)
    except MoneyError:
        fen = -1
    if fen is not None and fen < 0:
        raise InvalidInput(QCoreApplication.translate(
            "StepDialog", "{0}: “{1}” is not an amount in yuan (such as 1,234.50).").format(what, text))
    return fen


class StepDialog(QDialog):
    step_done = Signal(object)  # the service's result

    step: Step | None = None

    def __init__(self, context: AppContext, view: ApplicationView | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.view = view
        self.db = context.workspace.db
        self.job: Job | None = None
        self.result: Any = None
        self.setObjectName(f"StepDialog_{self.step.value if self.step else 'create'}")
        self.setModal(True)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        if view is not None:
            self.header.setText(QCoreApplication.translate("StepDialog", "Application {0} · case {1} · {2}").format(
                view.id, view.case_id, status_text(view.status)))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("stepError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = QPushButton(step_button_text(self.step) if self.step else QCoreApplication.translate("StepDialog", "Create"), self)
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        if self.step is not None:
            self.setWindowTitle(step_text(self.step))
        self.setMinimumWidth(520)

    # -- what a step dialog provides ------------------------------------------------------------
    def request(self) -> Request:
        """(service, arguments after ``db``, keyword arguments); InvalidInput for a field to fix."""
        raise NotImplementedError

    def finish(self, result: Any) -> None:
        """After the service succeeded: by default the dialog closes."""
        self.accept()

    # -- helpers for the forms ------------------------------------------------------------------
    def text_box(self, placeholder: str = "", height: int = 3) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setFixedHeight(self.fontMetrics().lineSpacing() * height + 12)
        return box

    def required(self, box: QPlainTextEdit, what: str) -> str:
        text = box.toPlainText().strip()
        if not text:
            raise InvalidInput(QCoreApplication.translate("StepDialog", "Please fill in: {0}").format(what))
        return text

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        self.fit_contents()

    def fit_contents(self) -> None:
        """Grow to what the form now needs (an error, a reason box shown): a dialog kept at its first
        size squeezed the error out of sight behind the reason box."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = max(self.sizeHint().height(), layout.heightForWidth(self.width()))
        if self.isVisible() and self.height() < wanted:
            self.resize(self.width(), wanted)

    # -- running --------------------------------------------------------------------------------
    def submit(self) -> None:
        if self.job is not None and not self.job.is_done():
            return
        try:
            service, args, kwargs = self.request()
        except InvalidInput as exc:
            self.show_error(str(exc))
            return
        except UserError as exc:  # a value the domain refuses before anything is sent
            self.show_error(str(exc))
            return
        self.show_error("")
        self.ok_button.setEnabled(False)
        self.job = self.context.runner.submit(service_job, service, *args, name=service.__name__,
                                              db_path=self.context.workspace.db_path, **kwargs)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)

    def _on_finished(self, result: Any) -> None:
        self.result = result
        self.context.workspace.notify(ChangeSet(reviews=True))
        self.step_done.emit(result)
        self.finish(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.show_error(error_text(exc))
