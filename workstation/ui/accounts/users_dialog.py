"""Tools → Users…: the administrator's list of accounts, with add, disable and reset password.

Every change goes through services.accounts on the writer thread, so it is checked (only an
administrator; never the last one disabled) and written with its audit event.
"""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from workstation.domain.accounts import ROLE_NAMES, Role, check_new_password
from workstation.domain.bounds import NAME_CHARS
from workstation.services import accounts
from workstation.ui.accounts.admin_table import AdminTableDialog
from workstation.ui.accounts.forms import Form, Kept, NewPasswordDialog, password_field
from workstation.ui.context import AppContext
from workstation.ui.widgets.formatting import local_time_text
from workstation.ui.widgets.table_model import Column


class NewUserDialog(Form):
    """User name, display name, role and a first password typed twice."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Add user"), self.tr(
            "Give the new user this first password: at the first sign-in they choose their own."), parent)
        self.setObjectName("NewUserDialog")
        self.username = QLineEdit(self)
        self.username.setMaxLength(NAME_CHARS)
        self.display_name = QLineEdit(self)
        self.display_name.setMaxLength(NAME_CHARS)
        self.role = QComboBox(self)
        for role in Role:
            self.role.addItem(str(ROLE_NAMES[role]), role.value)
        self.password = password_field(self)
        self.repeat = password_field(self)
        self.form.addRow(self.tr("User name:"), self.username)
        self.form.addRow(self.tr("Display name:"), self.display_name)
        self.form.addRow(self.tr("Role:"), self.role)
        self.form.addRow(self.tr("Password:"), self.password)
        self.form.addRow(self.tr("Repeat it:"), self.repeat)

    def apply(self) -> None:
        if self.password.text() != self.repeat.text():
            self.repeat.clear()
            self.say(self.tr("The two passwords differ: type the new one twice."))
            raise Kept()
        check_new_password(self.password.text(), self.username.text())

    def values(self) -> tuple[str, str, str, str]:
        return (self.username.text().strip(), self.role.currentData(), self.password.text(),
                self.display_name.text().strip())


class UsersDialog(AdminTableDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, self.tr("Users"), [
            Column("username", lambda: self.tr("User name")),
            Column("display_name", lambda: self.tr("Display name")),
            Column("role", lambda: self.tr("Role"), accounts.role_name),
            Column("state", lambda: self.tr("State"), self._state),
            Column("last_sign_in", lambda: self.tr("Last sign-in"), local_time_text),
            Column("locked_until", lambda: self.tr("Locked until"), local_time_text),
        ], parent)
        self.setObjectName("UsersDialog")
        self.add_button_ = self.add_button(self.tr("Add user…"), self.add_user)
        self.disable_button = self.add_button(self.tr("Disable"), self.disable_user)
        self.reset_button = self.add_button(self.tr("Reset password…"), self.reset_password)
        self.unlock_button = self.add_button(self.tr("Unlock"), self.unlock_user)
        self.add_button(self.tr("Close"), self.accept, stretch_before=True)
        self.form: Form | None = None  # the form open now, if any
        self.refresh()

    def _state(self, state: str) -> str:
        return {"disabled": self.tr("disabled"), "locked": self.tr("locked"),
                "new_password": self.tr("to choose a password")}.get(state, self.tr("active"))

    def refresh(self) -> None:
        rows = accounts.list_users(self.context.workspace.db, self.context.user)
        for row in rows:
            row["state"] = ("disabled" if not row["active"] else "locked" if row["locked"]
                            else "new_password" if row["must_change_password"] else "active")
        self.fill(rows)

    def selection_changed(self) -> None:
        row = self.selected()
        self.disable_button.setEnabled(bool(row and row["active"]))
        self.reset_button.setEnabled(row is not None)
        self.unlock_button.setEnabled(bool(row and row["locked"]))

    def unlock_user(self) -> None:
        row = self.selected()
        if row is None:
            return
        name = row["username"]
        self.write(accounts.unlock_user, name, done=lambda _r: self.tr("User {0} unlocked.").format(name))

    def add_user(self) -> NewUserDialog:
        form = NewUserDialog(self)
        form.accepted.connect(lambda: self.write(accounts.add_user, *form.values()[:3],
                                                 display_name=form.values()[3], must_change_password=True,
                                                 done=lambda row: self.tr("User {0} added.").format(row["username"])))
        self.form = form
        form.open()
        return form

    def disable_user(self) -> None:
        row = self.selected()
        if row is None:
            return
        name = row["username"]
        answer = self.context.dialogs.choose(self, self.tr("Disable user"), self.tr(
            "Disable {0}? The account can no longer sign in; it stays in the list and in the audit log.")
            .format(name), [("disable", self.tr("Disable"))], "disable")
        if answer == "disable":
            self.write(accounts.disable_user, name, done=lambda _r: self.tr("User {0} disabled.").format(name))

    def reset_password(self) -> NewPasswordDialog | None:
        row = self.selected()
        if row is None:
            return None
        name = row["username"]
        chosen: list[str] = []
        def check_and_keep(password: str) -> None:
            check_new_password(password, name)
            chosen.append(password)

        form = NewPasswordDialog(name, check_and_keep, parent=self)
        form.accepted.connect(lambda: self.write(
            accounts.change_password, name, chosen[-1],
            done=lambda _r: self.tr("New password set: {0} chooses their own at the next sign-in.").format(name)))
        self.form = form
        form.open()
        return form
