"""The desk's safety nets in the GUI: a second copy opens read-only with a banner, File backs up,
and an unexpected error shows a dialog naming the log while the window stays."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from workstation.store.backup import list_backups


def test_a_second_copy_opens_read_only_with_a_banner(start_app, small_db_path, open_workspace):
    first = open_workspace(small_db_path)  # the copy already running holds the lock
    assert not first.read_only
    controller, shown = start_app(small_db_path)
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
