"""Questions and file pickers behind a small service, so controllers test without clicks
(Picard's user_dialog_service). The GUI uses ``DialogService``; tests pass a
``ScriptedDialogs`` with the answers a user would give."""
from __future__ import annotations

import os
import sys
from collections import deque

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

DEMO_ENV = "DRG_WORKSTATION_DEMO"


class DialogService:
    def choose(self, parent: QWidget | None, title: str, text: str,
               choices: list[tuple[str, str]], default: str) -> str | None:
        """Ask a question with several answers; returns the chosen key, None when dismissed."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        buttons = {}
        for key, label in choices:
            buttons[box.addButton(label, QMessageBox.ButtonRole.AcceptRole)] = key
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        for button, key in buttons.items():
            if key == default:
                box.setDefaultButton(button)
        box.exec()
        clicked = box.clickedButton()
        return None if clicked is cancel else buttons.get(clicked)

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getText(parent, title, label, text=text)
        return value.strip() if ok and value.strip() else None

    def open_file(self, parent: QWidget | None, title: str, folder: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
        return path or None

    def save_file(self, parent: QWidget | None, title: str, path: str, filters: str) -> str | None:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, path, filters)
        return chosen or None

    def choose_folder(self, parent: QWidget | None, title: str, folder: str) -> str | None:
        chosen = QFileDialog.getExistingDirectory(parent, title, folder)
        return chosen or None

    def setup_printer(self, parent: QWidget | None, printer: object) -> bool:
        """Qt's print dialog for ``printer`` (a QPrinter); False when dismissed."""
        from PySide6.QtPrintSupport import QPrintDialog

        return QPrintDialog(printer, parent).exec() == QPrintDialog.DialogCode.Accepted

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)


class ScriptedDialogs(DialogService):
    """Answers from a script, in order; records everything said to the user."""

    def __init__(self, *answers: object):
        self.answers = deque(answers)
        self.said: list[tuple[str, str, str]] = []  # (kind, title, text)

    def _next(self, kind: str, title: str, text: str):
        self.said.append((kind, title, text))
        return self.answers.popleft() if self.answers else None

    def choose(self, parent, title, text, choices, default):
        return self._next("choose", title, text)

    def ask_text(self, parent, title, label, text=""):
        return self._next("ask_text", title, label)

    def open_file(self, parent, title, folder, filters):
        return self._next("open_file", title, folder)

    def save_file(self, parent, title, path, filters):
        return self._next("save_file", title, path)

    def choose_folder(self, parent, title, folder):
        return self._next("choose_folder", title, folder)

    def setup_printer(self, parent, printer):
        return bool(self._next("setup_printer", "", ""))

    def inform(self, parent, title, text):
        self.said.append(("inform", title, text))

    def warn(self, parent, title, text):
        self.said.append(("warn", title, text))


class AutoDemoDialogs(DialogService):
    """Unattended runs (screenshots, CI): the first-start question answers "demo" by itself."""

    def choose(self, parent, title, text, choices, default):
        keys = [key for key, _ in choices]
        return "demo" if "demo" in keys else default

    def inform(self, parent, title, text):
        print(f"{title}: {text}", file=sys.stderr)

    def warn(self, parent, title, text):
        print(f"{title}: {text}", file=sys.stderr)


def default_dialogs() -> DialogService:
    """Real dialogs, unless this is an unattended offscreen run that asked for the demo."""
    unattended = os.environ.get("QT_QPA_PLATFORM") == "offscreen" and not sys.stdin.isatty()
    if os.environ.get(DEMO_ENV) == "1" and unattended:
        return AutoDemoDialogs()
    return DialogService()


def error_text(exc: BaseException) -> str:
    """What to tell the user about a failed job: a UserError says it all; anything else is
    summarised (the traceback went to the log)."""
    from PySide6.QtCore import QCoreApplication

    from workstation.domain.messages import UserError

    if isinstance(exc, UserError):
        return str(exc)
    return QCoreApplication.translate(
        "Dialogs", "The operation failed and nothing was changed. Details: {0}").format(
        f"{type(exc).__name__}: {exc}")
