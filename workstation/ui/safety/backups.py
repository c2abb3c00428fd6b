"""File → Back up now / Restore from backup…, and the banner of a database opened read-only.

Installed on a MainWindow (like accounts.menus). Menu entries appear only where the authority
table says yes. Restoring closes the database: the controller does it (``restore_requested``).
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow

from workstation.domain.authority import Action, authorize
from workstation.services.backups import backup_now, backups_of
from workstation.ui.widgets.dialogs import error_text


class BackupMenus(QObject):
    restore_requested = Signal(str)  # the backup file

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.context = window.context  # type: ignore[attr-defined]
        role = self.context.user.role
        file_menu = window.file_menu  # type: ignore[attr-defined]
        quit_action = window.quit_action  # type: ignore[attr-defined]
        self.backup_action = QAction(self.tr("Back up now"), window)
        self.backup_action.triggered.connect(self.back_up)
        self.restore_action = QAction(self.tr("Restore from backup…"), window)
        self.restore_action.triggered.connect(self.choose_backup)
        shown = [a for a, action in ((self.backup_action, Action.BACKUP), (self.restore_action, Action.RESTORE))
                 if authorize(role, action)]
        if shown:
            file_menu.insertActions(quit_action, shown)
            file_menu.insertSeparator(quit_action)

    def back_up(self) -> None:
        workspace = self.context.workspace
        try:
            target = backup_now(workspace.db, self.context.user)
        except Exception as exc:  # shown, not raised: a full disk must not look like a crash
            self.context.dialogs.warn(self.window, self.tr("Back up"), error_text(exc))
            return
        self.context.dialogs.inform(self.window, self.tr("Back up"), self.tr("Backed up to\n{0}").format(target))

    def choose_backup(self) -> None:
        found = backups_of(self.context.workspace.db_path)
        if not found:
            self.context.dialogs.inform(self.window, self.tr("Restore"), self.tr("There are no backups yet."))
            return
        labels = [f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.why}  ({b.size / 1e6:.1f} MB)" for b in found]
        label, ok = QInputDialog.getItem(
            self.window, self.tr("Restore from backup"),
            self.tr("Backups, newest first. The backup is checked first; the current database is kept aside, "
                    "renamed, so nothing is lost."), labels, 0, False)
        if ok and label:
            self.restore_requested.emit(str(found[labels.index(label)].path))


def read_only_banner(window: QMainWindow, read_only: bool) -> QLabel:
    banner = QLabel(window)
    banner.setObjectName("ReadOnlyBanner")
    banner.setWordWrap(True)
    banner.setStyleSheet("background: #8a6d00; color: white; padding: 6px; font-weight: bold;")
    banner.setText(QCoreApplication.translate(
        "ReadOnlyBanner", "Read only: this database is in use by another copy of the workstation, or on a medium "
        "that cannot be written. You can look, but not change anything."))
    banner.setVisible(read_only)
    return banner
