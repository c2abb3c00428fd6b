"""The sign-in dialog and the small forms that choose a password.

Each dialog calls back into the services with what was typed (``attempt``, ``create``,
``apply``); a refusal comes back as a ``UserError`` whose text (from the services, in the
current language) is shown under the fields, and the dialog stays open for another try.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workstation.domain.accounts import MIN_PASSWORD_LENGTH
from workstation.domain.bounds import NAME_CHARS
from workstation.domain.messages import UserError
from workstation.services.context import Actor

MESSAGE_STYLE = "color: #b00020;"


class Kept(Exception):
    """The dialog said why it stays open; nothing to add."""


def password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class Form(QDialog):
    """A title line, a form, a message line for refusals, and OK/Cancel."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.message = QLabel(self)
        self.message.setObjectName("FormMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    @property
    def cancel_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def submit(self) -> None:
        try:
            self.apply()
        except UserError as exc:
            self.say(str(exc))
            return
        except Kept:
            return
        self.accept()

    def apply(self) -> None:
        raise NotImplementedError


class SignInDialog(Form):
    """User name and password; ``attempt(user, password)`` signs in or raises the reason why not."""

    def __init__(self, database: str, attempt: Callable[[str, str], Actor], *, cancel_quits: bool = True,
                 hint: str = "", parent: QWidget | None = None):
        super().__init__(self.tr("Sign in"), self.tr(
            "This database has user accounts: sign in to work on it.\nDatabase: {0}").format(database), parent)
        self.setObjectName("SignInDialog")
        self.attempt = attempt
        self.user: Actor | None = None
        self.username = QLineEdit(self)
        self.username.setObjectName("SignInUser")
        self.username.setMaxLength(NAME_CHARS)
        self.password = password_field(self)
        self.password.setObjectName("SignInPassword")
        self.form.addRow(self.tr("User name:"), self.username)
        self.form.addRow(self.tr("Password:"), self.password)
        if hint:
            self.hint = QLabel(hint, self)
            self.hint.setObjectName("SignInHint")
            self.hint.setWordWrap(True)
            self.form.addRow("", self.hint)
        self.ok_button.setText(self.tr("Sign in"))
        self.cancel_button.setText(self.tr("Quit") if cancel_quits else self.tr("Cancel"))
        self.username.setFocus()

    def apply(self) -> None:
        try:
            self.user = self.attempt(self.username.text().strip(), self.password.text())
        except UserError:
            self.password.clear()  # the next try starts from an empty field, as everywhere
            self.password.setFocus()
            raise


class NewPasswordDialog(Form):
    """A new password typed twice; ``apply_password(password)`` stores it or says why not."""

    def __init__(self, username: str, apply_password: Callable[[str], None], *, forced: bool = False,
                 parent: QWidget | None = None):
        intro = (self.tr("An administrator set your password: choose your own before you go on.") if forced
                 else self.tr("Choose the new password of {0}.").format(username))
        super().__init__(self.tr("New password"), intro, parent)
        self.setObjectName("NewPasswordDialog")
        self.apply_password = apply_password
        self.password = password_field(self)
        self.repeat = password_field(self)
        self.form.addRow(self.tr("New password:"), self.password)
        self.form.addRow(self.tr("Repeat it:"), self.repeat)
        self.form.addRow("", QLabel(self.tr("At least {0} characters, not the user name.").format(
            MIN_PASSWORD_LENGTH), self))

    def apply(self) -> None:
        if self.password.text() != self.repeat.text():
            self.repeat.clear()
            self.say(self.tr("The two passwords differ: type the new one twice."))
            raise Kept()
        self.apply_password(self.password.text())


class CreateAdminDialog(Form):
    """The first start on a store without accounts: create the administrator, or go on
    without accounts for this session (the dialog is rejected)."""

    def __init__(self, database: str, acting: str, create: Callable[[str, str, str], Actor],
                 parent: QWidget | None = None):
        super().__init__(self.tr("First start: the administrator"), self.tr(
            "This database has no user accounts yet ({0}).\n\n"
            "Create the administrator's account now: from then on everyone signs in, in this program "
            "and on the command line, and every change in the audit log names who made it. "
            "Or continue without accounts for this session: changes are then recorded as {1}.").format(
            database, acting), parent)
        self.setObjectName("CreateAdminDialog")
        self.create_account = create
        self.user: Actor | None = None
        self.username = QLineEdit("admin", self)
        self.username.setObjectName("AdminUser")
        self.username.setMaxLength(NAME_CHARS)
        self.display_name = QLineEdit(self)
        self.display_name.setMaxLength(NAME_CHARS)
        self.password = password_field(self)
        self.repeat = password_field(self)
        self.form.addRow(self.tr("User name:"), self.username)
        self.form.addRow(self.tr("Display name:"), self.display_name)
        self.form.addRow(self.tr("Password:"), self.password)
        self.form.addRow(self.tr("Repeat it:"), self.repeat)
        self.form.addRow("", QLabel(self.tr("At least {0} characters, not the user name.").format(
            MIN_PASSWORD_LENGTH), self))
        self.dont_ask = QCheckBox(self.tr("Do not offer this again for this database"), self)
        self.form.addRow("", self.dont_ask)
        self.ok_button.setText(self.tr("Create administrator"))
        self.cancel_button.setText(self.tr("Continue without accounts"))
        self.password.setFocus()

    def apply(self) -> None:
        if self.password.text() != self.repeat.text():
            self.repeat.clear()
            self.say(self.tr("The two passwords differ: type the new one twice."))
            raise Kept()
        self.user = self.create_account(self.username.text().strip(), self.display_name.text().strip(),
                                self.password.text())
