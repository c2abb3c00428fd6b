"""A reviewer's first minutes: the app starts on a demo database, a month's demo batch is
imported through the dialog, and its HIGH-cost outliers are found in the queue."""
from __future__ import annotations

import sys

from workstation.demo.writer import write_demo
from workstation.domain.flags import Flag
from workstation.ui.widgets.dialogs import SignInAnswer


def test_first_start_offers_and_builds_the_demo_database(qtbot, start_app, tmp_path):
    path = tmp_path / "first.db"
    # the demo comes with accounts (README's table): the reviewer signs in once it is built
    controller, shown = start_app(path, "demo", SignInAnswer("li", "demo1234"))
    assert shown and controller.window is None  # the window comes once the demo is built
    with qtbot.waitSignal(controller.window_changed, timeout=120_000):
        pass
    window = controller.window
    assert window.isVisible() and path.exists()
    assert controller.user.name == "li" and "li" in window.user_label.text()
    hint = next(said for said in controller.dialogs.said if said[0] == "sign_in")[1]
    assert "li（经办审核员）" in hint and "demo1234" in hint  # the demo's accounts, where a newcomer needs them
    assert [window.period_combo.itemText(i) for i in range(window.period_combo.count())] == ["全部期间", "2024-03"]
    cases = controller.workspace.db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    assert cases > 2000 and window.count_label.text() == f"2024-03：{cases:,} 例"  # opens on the latest period
    assert window.batches_page.model.rowCount() == 1
    assert window.reference_page.groups.visible_rows() > 100


def test_cancelling_the_demo_at_first_start_leaves_no_file_and_ends_the_start(qtbot, start_app, tmp_path):
    path = tmp_path / "first.db"
    controller, shown = start_app(path, "demo")
    with qtbot.waitSignal(controller.start_failed, timeout=120_000) as failed:
        controller.demo_job.cancel()
    assert "已取消" in failed.args[0]
    assert controller.window is None
    assert not path.exists() and not (tmp_path / "first.db-wal").exists()


def test_import_a_demo_batch_through_the_dialog_and_find_a_high_case_in_the_queue(
        qtbot, start_app, demo_db_path, tmp_path):
    files = write_demo(tmp_path / "files", cases=600, seed=11, period="2024-04")
    controller, _ = start_app(demo_db_path)
    window = controller.window
    dialog = window.open_import_dialog()
    dialog.load_file(files.batch)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.start_import()
    result = dialog.import_result
    assert result.rows_read == result.rows_imported + result.rows_quarantined and result.rows_quarantined > 0
    assert controller.workspace.period == "2024-04"  # the window follows the new batch's period
    assert window.period_combo.currentText() == "2024-04"
    dialog.accept()

    queue = window.queue_page
    controller.workspace.queue_filter_requested.emit({"flag_codes": ["HIGH"]})
    qtbot.waitUntil(lambda: queue.case_count() > 0, timeout=10_000)
    window.next_action.trigger()
    case_pk = queue.selected_case()
    assert case_pk is not None
    period, flags = controller.workspace.db.execute(
        "SELECT period, flags FROM case_results WHERE case_pk = ?", [case_pk]).fetchone()
    assert period == "2024-04" and flags & Flag.HIGH


def test_unattended_offscreen_runs_answer_demo_by_themselves(monkeypatch):
    from workstation.ui.widgets.dialogs import AutoDemoDialogs, DialogService, default_dialogs

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    monkeypatch.setenv("DRG_WORKSTATION_DEMO", "1")
    dialogs = default_dialogs()
    assert isinstance(dialogs, AutoDemoDialogs)
    assert dialogs.choose(None, "", "", [("demo", "d"), ("empty", "e")], "empty") == "demo"
    monkeypatch.delenv("DRG_WORKSTATION_DEMO")
    assert type(default_dialogs()) is DialogService
