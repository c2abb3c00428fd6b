"""The desk's safety nets in the GUI: a second copy opens read-only with a banner, File backs up,
and an unexpected error shows a dialog naming the log while the window stays."""
from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from workstation.store.backup import list_backups

HOLD_LOCK = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1] + ".lock")
print("locked" if lock.tryLock(0) else "refused", flush=True)
time.sleep(120)
"""


def test_a_second_copy_opens_read_only_with_a_banner(start_app, small_db_path):
    # Another copy of the program (another process) has the database open.
    other = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(small_db_path.resolve())], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert other.stdout.readline().strip() == "locked"
        controller, shown = start_app(small_db_path)
    finally:
        other.kill()
        other.wait()
    assert shown
    window = controller.window
    assert controller.workspace.read_only
    assert not window.read_only_banner.isHidden()
    assert "只读" in window.read_only_banner.text()
    window.grab().save("/tmp/desk-read-only.png")


def test_one_copy_alone_has_no_banner_and_backs_up_from_the_file_menu(start_app, small_db_path):
    controller, _ = start_app(small_db_path)
    window = controller.window
    assert not controller.workspace.read_only and window.read_only_banner.isHidden()
    texts = [a.text() for a in window.file_menu.actions()]
    assert "立即备份" in texts and "从备份恢复…" in texts
    before = len(list_backups(small_db_path))
    window.backup_menus.back_up()
    assert len(list_backups(small_db_path)) == before + 1


def test_an_unexpected_error_shows_a_dialog_and_the_window_stays(start_app, small_db_path, monkeypatch, tmp_path):
    from workstation.ui.safety.crash import install_excepthook

    controller, _ = start_app(small_db_path)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    old = sys.excepthook
    install_excepthook(tmp_path / "logs" / "workstation.log")
    try:
        try:
            raise ValueError("boom")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    assert shown and "ValueError: boom" in shown[0] and "workstation.log" in shown[0]
    assert controller.window is not None and controller.window in QApplication.topLevelWidgets()


def test_this_program_may_open_its_own_database_again(start_app, small_db_path, open_workspace):
    first = open_workspace(small_db_path)
    controller, _ = start_app(small_db_path)  # e.g. File → Open on the file already open
    assert not first.read_only and not controller.workspace.read_only
