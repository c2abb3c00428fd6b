"""The accounts' entries in the main window: File → Switch user… / Sign out, Tools → Users… /
Expert pool… (for an administrator), Help → Audit trail…, and the status bar's user caption.

Kept here rather than in main_window.py, which only installs them, so the window stays small.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu

from workstation.services import accounts
from workstation.services.context import Actor


def user_caption(user: Actor) -> str:
    """What the status bar says about who works: name and role, or that there are no accounts."""
    if user.role is None:
        return QCoreApplication.translate("AccountMenus", "User: {0} (no accounts)").format(user.name)
    name = user.display_name if user.display_name and user.display_name != user.name else ""
    shown = f"{name} ({user.name})" if name else user.name
    return QCoreApplication.translate("AccountMenus", "User: {0} · {1}").format(shown, accounts.role_name(user.role))


class AccountMenus(QObject):
    """Installed once on a MainWindow, which has ``context``, ``file_menu``, ``help_menu``,
    ``quit_action`` and the ``switch_user_requested`` / ``sign_out_requested`` signals."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.context = window.context  # type: ignore[attr-defined]
        self.switch_action = self._action(self.tr("Switch user…"), window.switch_user_requested.emit)  # type: ignore[attr-defined]
        self.sign_out_action = self._action(self.tr("Sign out"), window.sign_out_requested.emit)  # type: ignore[attr-defined]
        file_menu: QMenu = window.file_menu  # type: ignore[attr-defined]
        quit_action: QAction = window.quit_action  # type: ignore[attr-defined]
        file_menu.insertActions(quit_action, [self.switch_action, self.sign_out_action])
        file_menu.insertSeparator(quit_action)

        self.users_action = self._action(self.tr("Users…"), self.open_users)
        self.experts_action = self._action(self.tr("Expert pool…"), self.open_experts)
        self.tools_menu: QMenu | None = None
        if accounts.can_administer(self.context.workspace.db, self.context.user):
            help_menu: QMenu = window.help_menu  # type: ignore[attr-defined]
            self.tools_menu = QMenu(self.tr("&Tools"), window)
            self.tools_menu.addActions([self.users_action, self.experts_action])
            window.menuBar().insertMenu(help_menu.menuAction(), self.tools_menu)
        self.audit_action = self._action(self.tr("Audit trail…"), self.open_audit_trail)
        help_menu = window.help_menu  # type: ignore[attr-defined]
        if help_menu.actions():
            help_menu.insertAction(help_menu.actions()[0], self.audit_action)
        else:
            help_menu.addAction(self.audit_action)

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        return action

    def _show(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _refused(self) -> bool:
        if accounts.can_administer(self.context.workspace.db, self.context.user):
            return False
        self.context.dialogs.warn(self.window, self.tr("Administration"), self.tr(
            "Only an administrator can manage users and the expert pool."))
        return True

    def open_users(self) -> QDialog | None:
        from workstation.ui.accounts.users_dialog import UsersDialog

        return None if self._refused() else self._show(UsersDialog(self.context, self.window))

    def open_experts(self) -> QDialog | None:
        from workstation.ui.accounts.experts_dialog import ExpertsDialog

        return None if self._refused() else self._show(ExpertsDialog(self.context, self.window))

    def open_audit_trail(self) -> QDialog:
        from workstation.ui.accounts.audit_dialog import AuditTrailDialog

        return self._show(AuditTrailDialog(self.context, self.window))
