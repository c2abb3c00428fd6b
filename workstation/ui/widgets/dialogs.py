"""Questions and file pickers behind a small service, so controllers test without clicks
(Picard's user_dialog_service). The GUI uses ``DialogService``; tests pass a
``ScriptedDialogs`` with the answers a user would give."""
from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

if TYPE_CHECKING:
    from workstation.services.context import Actor

DEMO_ENV = "DRG_WORKSTATION_DEMO"


@dataclass(frozen=True)
class AdminChoice:
    """How the first-start question on a store without accounts ended."""

    user: Actor | None  # the new administrator, signed in; None: continue without accounts
    dont_ask_again: bool = False


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
        return None if clicked is cancel or not isinstance(clicked, QPushButton) else buttons.get(clicked)

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
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        assert isinstance(printer, QPrinter), "the print dialog sets up a QPrinter"
        return QPrintDialog(printer, parent).exec() == QPrintDialog.DialogCode.Accepted

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    # -- accounts (the dialogs live in ui/accounts/forms.py) ------------------------------------
    def sign_in(self, parent: QWidget | None, database: str, attempt: Callable[[str, str], Actor],
                cancel_quits: bool = True, *, hint: str = "") -> Actor | None:
        """Ask for user and password until ``attempt`` accepts them; None when cancelled. ``hint``: a
        line under the fields (the demo's accounts, right after the demo was made)."""
        from workstation.ui.accounts.forms import SignInDialog

        dialog = SignInDialog(database, attempt, cancel_quits=cancel_quits, hint=hint, parent=parent)
        return dialog.user if dialog.exec() else None

    def create_admin(self, parent: QWidget | None, database: str, acting: str,
                     create: Callable[[str, str, str], Actor]) -> AdminChoice:
        """First start on a store without accounts: ``create(user, display name, password)``."""
        from workstation.ui.accounts.forms import CreateAdminDialog

        dialog = CreateAdminDialog(database, acting, create, parent)
        made = dialog.exec()
        return AdminChoice(dialog.user if made else None, not made and dialog.dont_ask.isChecked())

    def new_password(self, parent: QWidget | None, username: str, apply: Callable[[str], None],
                     forced: bool = False) -> bool:
        """A new password typed twice and handed to ``apply``; False when cancelled."""
        from workstation.ui.accounts.forms import NewPasswordDialog

        return bool(NewPasswordDialog(username, apply, forced=forced, parent=parent).exec())

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

    # Account questions take only their own answers (SignInAnswer, NewAdminAnswer,
    # NewPasswordAnswer) from the script; without one next, they are cancelled (the
    # first-start question: continue without accounts), so older scripts keep working.
    def _next_of(self, kind: type):
        return self.answers.popleft() if self.answers and isinstance(self.answers[0], kind) else None

    def sign_in(self, parent, database, attempt, cancel_quits=True, *, hint=""):
        from workstation.domain.messages import UserError

        self.said.append(("sign_in", hint, database))
        while (answer := self._next_of(SignInAnswer)) is not None:
            try:
                return attempt(answer.user, answer.password)
            except UserError as exc:
                self.said.append(("sign_in_refused", answer.user, str(exc)))
        return None

    def create_admin(self, parent, database, acting, create):
        from workstation.domain.messages import UserError

        self.said.append(("create_admin", "", database))
        answer = self._next_of(NewAdminAnswer)
        if answer is None:
            return AdminChoice(None)
        try:
            return AdminChoice(create(answer.user, answer.display_name, answer.password))
        except UserError as exc:
            self.said.append(("create_admin_refused", answer.user, str(exc)))
            return AdminChoice(None)

    def new_password(self, parent, username, apply, forced=False):
        from workstation.domain.messages import UserError

        self.said.append(("new_password", "", username))
        while (answer := self._next_of(NewPasswordAnswer)) is not None:
            try:  # as the dialog: a refusal is said and the form stays open for another try
                apply(answer.password)
                return True
            except UserError as exc:
                self.said.append(("new_password_refused", username, str(exc)))
        return False

    def warn(self, parent, title, text):
        self.said.append(("warn", title, text))


@dataclass(frozen=True)
class SignInAnswer:
    user: str
    password: str


@dataclass(frozen=True)
class NewAdminAnswer:
    user: str
    password: str
    display_name: str = ""


@dataclass(frozen=True)
class NewPasswordAnswer:
    password: str


class AutoDemoDialogs(DialogService):
    """Unattended runs (screenshots, CI): the first-start question answers "demo" by itself."""

    def choose(self, parent, title, text, choices, default):
        keys = [key for key, _ in choices]
        return "demo" if "demo" in keys else default

    def inform(self, parent, title, text):
        print(f"{title}: {text}", file=sys.stderr)

    def warn(self, parent, title, text):
        print(f"{title}: {text}", file=sys.stderr)

    def sign_in(self, parent, database, attempt, cancel_quits=True, *, hint=""):
        """As the command line signs in: $DRG_WORKSTATION_USER with $DRG_WORKSTATION_PASSWORD."""
        from workstation.domain.messages import UserError
        from workstation.services.context import USER_ENV

        user, password = os.environ.get(USER_ENV), os.environ.get("DRG_WORKSTATION_PASSWORD")
        if not (user and password):
            print(f"{database}: sign-in needs {USER_ENV} and DRG_WORKSTATION_PASSWORD", file=sys.stderr)
            return None
        try:
            return attempt(user, password)
        except UserError as exc:
            print(str(exc), file=sys.stderr)
            return None

    def create_admin(self, parent, database, acting, create):
        return AdminChoice(None)  # unattended: continue without accounts


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
