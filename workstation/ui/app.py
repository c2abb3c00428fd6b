"""Starting the desktop application: Qt, the bundled font, translations, the database,
and the controller that (re)builds the main window.

``run_gui(args)`` is called by the CLI when no command is given; ``args`` has
``.db``, ``.lang`` and ``.user``.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog

from workstation.domain.jobs import JobControl
from workstation.paths import default_db_path
from workstation.services.context import Actor, current_actor
from workstation.services.output_paths import OutputRefused, checked_output
from workstation.ui.context import AppContext
from workstation.ui.i18n import install_language, normalise_language
from workstation.ui.jobs import Job, JobRunner
from workstation.ui.settings import Settings
from workstation.ui.settings import settings as shared_settings
from workstation.ui.startup import prepare_application
from workstation.ui.widgets.dialogs import DialogService, default_dialogs, error_text
from workstation.ui.workspace import Workspace

if TYPE_CHECKING:  # imported when the window is built (see _show_window)
    from workstation.ui.main_window import MainWindow

DEMO_CASES = 3000


def create_demo_database_job(control: JobControl, path: str | Path, *, cases: int = DEMO_CASES,
                             actor: str = "demo") -> Path:
    """On the writer thread: a demo database loaded as a user would (groups, hospitals, a batch).

    A failed or cancelled attempt removes the half-made file, so the next start asks again.
    """
    from workstation.demo.bootstrap import create_demo_database

    path = Path(path)
    existed = path.exists()
    try:
        return create_demo_database(path, cases=cases, actor=actor, control=control)
    except BaseException:
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise


class Controller(QObject):
    """Owns the workspace and the main window; replaces them for another database or language."""

    window_changed = Signal(object)  # the new MainWindow
    start_failed = Signal(str)
    start_cancelled = Signal()  # sign-in cancelled before any window: quit

    def __init__(self, db_path: str | Path, actor: str, settings: Settings,
                 dialogs: DialogService | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.actor = actor
        self.settings = settings
        self.dialogs = dialogs or DialogService()
        self.runner = JobRunner(self)
        self.workspace: Workspace | None = None
        self.window: MainWindow | None = None
        self.demo_job: Job | None = None  # the demo database being made, if any
        self.user: Actor | None = None  # who works in the window (signed in, or the named user)

    # -- start ----------------------------------------------------------------
    def start(self) -> bool:
        """Open the database (offering to create one) and show the window.

        Returns False when the user declined to create a database or to sign in: nothing to show.
        When a demo database is being made, the window appears once it is ready.
        """
        if self.db_path.exists():
            return self.open_database(self.db_path)
        answer = self.dialogs.choose(
            None, self.tr("No database yet"),
            self.tr("There is no workstation database at\n{0}\n\nCreate a demo database with sample "
                    "batches to try the workstation, or an empty one for real work?").format(self.db_path),
            [("demo", self.tr("Create demo database")), ("empty", self.tr("Create empty database"))], "demo")
        if answer == "demo":
            self.create_demo(self.db_path, then_open=True)
            return True
        if answer == "empty":
            return self.open_database(self.db_path)
        return False

    def create_demo(self, path: Path, *, then_open: bool) -> Job:
        parent = self.window
        progress = QProgressDialog(self.tr("Creating the demo database…"), self.tr("Cancel"), 0, 100, parent)
        progress.setWindowTitle(self.tr("Demo database"))
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setMinimumWidth(420)
        job = self.demo_job = self.runner.submit(create_demo_database_job, path, actor=self.actor, name="demo")
        progress.canceled.connect(job.cancel)

        def show_progress(fraction: float, message: str) -> None:
            progress.setValue(int(fraction * 100))
            if message:
                progress.setLabelText(message)

        job.progress.connect(show_progress)

        def finished(_result) -> None:
            progress.reset()
            progress.deleteLater()
            if then_open:
                self.open_database(path, hint=self._demo_accounts_hint())

        def ended_without_database(text: str) -> None:
            progress.reset()
            progress.deleteLater()
            if self.window is None:  # nothing to show: the start failed
                self.dialogs.warn(None, self.tr("Demo database"), text)
                self.start_failed.emit(text)
            else:
                self.dialogs.warn(self.window, self.tr("Demo database"), text)

        job.finished.connect(finished)
        job.failed.connect(lambda exc: ended_without_database(error_text(exc)))
        job.cancelled.connect(lambda: ended_without_database(self.tr("Cancelled: no demo database was made.")))
        progress.show()
        return job

    # -- window ---------------------------------------------------------------
    def _demo_accounts_hint(self) -> str:
        """The demo's accounts, said where a newcomer needs them (README lists them too)."""
        from workstation.demo.review_texts import DEMO_PASSWORD, USERS

        by_role = {role: name for name, _display, role in reversed(USERS)}  # the first user of each role
        return self.tr("Demo database: sign in as {0} (reviewer), {1} (supervisor), {2} (expert) or {3} "
                       "(administrator); the password of each is {4}.").format(
            by_role["reviewer"], by_role["supervisor"], by_role["expert"], by_role["admin"], DEMO_PASSWORD)

    def open_database(self, path: Path, *, hint: str = "") -> bool:
        """Open ``path`` and show it, once someone signs in to it (``hint``: a line in the sign-in
        dialog); False when nothing changed."""
        from workstation.services.database import StoreError
        from workstation.ui.accounts.session import who_works

        try:
            workspace = Workspace(path)
        except (StoreError, RuntimeError) as exc:
            self.dialogs.warn(self.window, self.tr("Cannot open the database"), str(exc))
            if self.window is None:
                self.start_failed.emit(str(exc))
            return False
        user = who_works(self.window, workspace, self.dialogs, self.settings, self.actor,
                         cancel_quits=self.window is None, hint=hint)
        if user is None:  # cancelled: keep what was open, or quit when nothing was
            workspace.close()
            if self.window is None:
                self.start_cancelled.emit()
            return False
        old = self.workspace
        self.workspace = workspace
        self.user = user
        self.db_path = Path(path)
        self._show_window()
        if old is not None:
            old.close()
        return True

    def _show_window(self) -> None:
        from workstation.ui.main_window import MainWindow

        old = self.window
        if old is not None:
            old.save_state()
        assert self.workspace is not None, "a window is shown for an open database"
        context = AppContext(self.workspace, self.runner, self.settings, self.dialogs, self.user or Actor(self.actor))
        window = MainWindow(context)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.language_requested.connect(self.set_language)
        window.open_database_requested.connect(self.choose_database)
        window.new_demo_requested.connect(self.choose_new_demo)
        window.switch_user_requested.connect(self.switch_user)
        window.sign_out_requested.connect(self.sign_out)
        window.backup_menus.restore_requested.connect(self.restore_backup)
        window.destroyed.connect(lambda _obj=None, closed=window: self._window_destroyed(closed))
        self.window = window
        window.show()
        if old is not None:
            # Not close(): closing asks about running jobs and means "quit" to the user.
            old.hide()
            old.deleteLater()
        self.window_changed.emit(window)

    def _window_destroyed(self, closed) -> None:
        if closed is self.window:  # the current window, not one replaced: the user quit
            self.window = None
            QApplication.quit()

    def set_language(self, lang: str) -> None:
        """Switch language by rebuilding the window: every string comes up through tr() again."""
        lang = normalise_language(lang)
        self.settings["ui/language"] = lang
        install_language(lang)
        self._show_window()

    def choose_database(self) -> None:
        if self._refuse_while_busy():
            return
        path = self.dialogs.open_file(self.window, self.tr("Open database"), str(self.db_path.parent),
                                      self.tr("Workstation databases (*.db *.sqlite);;All files (*)"))
        if path:
            self.open_database(Path(path))

    def choose_new_demo(self) -> None:
        if self._refuse_while_busy():
            return
        path = self.dialogs.save_file(self.window, self.tr("New demo database"),
                                      str(self.db_path.parent / "demo.db"),
                                      self.tr("Workstation databases (*.db)"))
        if not path:
            return
        if Path(path).exists():
            self.dialogs.warn(self.window, self.tr("New demo database"), self.tr(
                "{0} already exists. Choose a new file name; an existing database is never overwritten.")
                .format(path))
            return
        try:  # not beside the open database under one of its side files' names (-journal, -wal)
            checked_output(path, self.workspace.db if self.workspace is not None else None)
        except OutputRefused as exc:
            self.dialogs.warn(self.window, self.tr("New demo database"), str(exc))
            return
        self.create_demo(Path(path), then_open=True)

    def switch_user(self) -> None:
        """Another user signs in; the window is rebuilt for them (menus follow the role)."""
        from workstation.ui.accounts.session import sign_in

        if self._refuse_while_busy() or self._refuse_without_accounts():
            return
        assert self.workspace is not None, "the menu is on the window of an open database"
        user = sign_in(self.window, self.workspace, self.dialogs, cancel_quits=False)
        if user is not None:
            self.user = user
            self._show_window()

    def sign_out(self) -> None:
        """The window goes away until someone signs in again; cancelling then quits."""
        from workstation.ui.accounts.session import sign_in

        if self._refuse_while_busy() or self._refuse_without_accounts():
            return
        window = self.window
        assert window is not None and self.workspace is not None, "the menu is on the window of an open database"
        window.hide()
        user = sign_in(None, self.workspace, self.dialogs, cancel_quits=True)
        if user is None:
            window.close()  # the user quit: closing the current window ends the application
            return
        self.user = user
        self._show_window()

    def restore_backup(self, backup: str) -> None:
        """Close the database, put the backup in its place (checked first; the current file kept
        aside), and open it again: whoever works signs in to the restored store."""
        from workstation.services.backups import restore

        if self._refuse_while_busy() or self.workspace is None:
            return
        path, user = self.db_path, self.user or Actor(self.actor)
        self.workspace.close()
        try:
            result = restore(path, backup, user)
        except Exception as exc:  # refused (damaged backup, broken chain): the database is as it was
            self.dialogs.warn(self.window, self.tr("Restore"), error_text(exc))
            self.workspace = Workspace(path)
            self._show_window()
            return
        self.workspace = None
        self.dialogs.inform(self.window, self.tr("Restore"), self.tr(
            "Restored from {0}. The replaced database is kept as {1}.").format(result.backup, result.aside))
        self.open_database(path)

    def _refuse_without_accounts(self) -> bool:
        from workstation.ui.accounts.session import refuse_without_accounts

        assert self.workspace is not None, "the menu is on the window of an open database"
        return refuse_without_accounts(self.window, self.workspace, self.dialogs)

    def _refuse_while_busy(self) -> bool:
        if self.runner.is_busy():
            self.dialogs.inform(self.window, self.tr("A job is running"),
                                self.tr("Wait until the running job has finished, or cancel it."))
            return True
        return False

    def shutdown(self) -> None:
        self.runner.cancel_all()
        self.runner.shutdown(wait=True)
        if self.workspace is not None:
            self.workspace.close()


def run_gui(args) -> int:
    """Start the desktop application; returns the exit status."""
    from workstation.ui.safety.crash import install_excepthook, setup_logging

    log_path = setup_logging()
    logging.getLogger("workstation").info("started, database %s", default_db_path(getattr(args, "db", None)))
    app = prepare_application()
    settings = shared_settings()
    lang = normalise_language(getattr(args, "lang", None) or settings["ui/language"])
    if getattr(args, "lang", None):
        settings["ui/language"] = lang
    install_language(lang, app)
    install_excepthook(log_path)
    app.setQuitOnLastWindowClosed(False)  # the controller quits when the main window closes
    controller = Controller(default_db_path(getattr(args, "db", None)),
                            current_actor(getattr(args, "user", None)), settings, default_dialogs())
    controller.start_failed.connect(lambda _text: app.exit(1))
    controller.start_cancelled.connect(app.quit)
    if not controller.start():
        controller.shutdown()
        return 1
    status = app.exec()
    controller.shutdown()
    settings.sync()
    return status
