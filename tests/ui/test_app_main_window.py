"""Starting the application and the main window: the first-start question, menus and shortcuts,
the period selector, the status bar, language switching and remembered geometry."""
from __future__ import annotations

import pytest


def _menu_texts(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_no_database_and_no_answer_means_nothing_is_created(start_app, tmp_path):
    path = tmp_path / "new.db"
    controller, shown = start_app(path, None)
    assert shown is False and controller.window is None
    assert not path.exists()
    kind, title, text = controller.dialogs.said[0]
    assert kind == "choose" and str(path) in text


def test_an_empty_database_opens_a_chinese_window(start_app, tmp_path):
    path = tmp_path / "new.db"
    controller, shown = start_app(path, "empty")
    window = controller.window
    assert shown and path.exists() and window.isVisible()
    assert _menu_texts(window) == ["文件(&F)", "查看(&V)", "病例(&C)", "参考数据(&R)", "工具(&T)",
                                  "帮助(&H)"]  # Tools: without accounts, anyone may create the administrator
    assert [window.tabs.tabText(i) for i in range(window.tabs.count()) if window.tabs.isTabVisible(i)] == [
        "病例队列", "图表", "批次", "参考数据", "特例申报", "报告", "专家评审会", "权重调整", "意见反馈"]  # 我的评审 is an expert's
    assert window.count_label.text() == "全部期间：0 例"
    assert "审核员甲" in window.user_label.text() and str(path) in window.db_label.text()
    assert window.period_combo.itemText(0) == "全部期间"


def test_shortcuts_for_the_common_moves(start_app, small_db_path):
    controller, _ = start_app(small_db_path)
    window = controller.window
    keys = {a.text(): [s.toString() for s in a.shortcuts()] for a in window.actions()}
    assert keys["下一例"] == ["Ctrl+Down", "J"]
    assert keys["上一例"] == ["Ctrl+Up", "K"]
    assert keys["搜索"] == ["Ctrl+F"]
    assert keys["筛选"] == ["Ctrl+L"]
    assert keys["导入批次…"] == ["Ctrl+I"]
    window.tabs.setCurrentIndex(2)
    window.next_action.trigger()
    assert window.tabs.currentIndex() == 0  # moving through cases brings the queue forward


def test_period_selector_lists_the_batches_periods_and_drives_the_workspace(start_app, small_db_path):
    controller, _ = start_app(small_db_path)
    window = controller.window
    combo = window.period_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["全部期间", "2024-03", "2024-02"]
    combo.setCurrentIndex(2)
    assert controller.workspace.period == "2024-02"
    assert window.count_label.text().startswith("2024-02：")
    assert window.batches_page.model.rowCount() == 1


def test_status_bar_counts_the_cases_of_the_period(start_app, small_db_path):
    controller, _ = start_app(small_db_path)
    window = controller.window
    # The desk opens on the latest period; "All periods" is one choice away.
    assert window.count_label.text() == "2024-03：3 例" and window.period_combo.currentText() == "2024-03"
    controller.workspace.set_period("")
    assert window.count_label.text() == "全部期间：5 例"
    assert window.period_combo.currentText() == "全部期间"


def test_switching_to_english_rebuilds_the_window_and_is_remembered(start_app, small_db_path, isolated_settings, qtbot):
    controller, _ = start_app(small_db_path)
    old = controller.window
    with qtbot.waitSignal(controller.window_changed, timeout=3000):
        old.english_action.trigger()
    window = controller.window
    assert window is not old
    assert _menu_texts(window) == ["&File", "&View", "&Case", "&Reference data", "&Tools", "&Help"]
    assert window.tabs.tabText(0) == "Case queue"
    assert window.english_action.isChecked()
    assert isolated_settings["ui/language"] == "en"
    with qtbot.waitSignal(controller.window_changed, timeout=3000):
        window.chinese_action.trigger()
    assert controller.window.tabs.tabText(0) == "病例队列"


def test_window_geometry_and_page_are_remembered(start_app, small_db_path, isolated_settings):
    from PySide6.QtWidgets import QApplication

    from tests.ui.conftest import SCREEN

    assert QApplication.primaryScreen().size().toTuple() == SCREEN
    controller, _ = start_app(small_db_path)
    window = controller.window
    window.setGeometry(31, 47, 1000, 555)  # unlike the default geometry
    chosen = (window.x(), window.y(), window.width(), window.height())
    window.tabs.setCurrentIndex(3)
    window.save_state()
    controller.shutdown()
    window.close()
    again, _ = start_app(small_db_path)
    window = again.window
    assert (window.x(), window.y(), window.width(), window.height()) == chosen
    assert again.window.tabs.currentIndex() == 3


def test_reference_menu_opens_the_right_section(start_app, small_db_path):
    controller, _ = start_app(small_db_path)
    window = controller.window
    window.rules_action.trigger()
    assert window.tabs.currentWidget() is window.reference_page
    assert window.reference_page.tabs.currentWidget() is window.reference_page.rules


def test_open_another_database_replaces_the_workspace(start_app, small_db_path, tmp_path):
    other = tmp_path / "other.db"
    controller, _ = start_app(small_db_path)
    controller.dialogs.answers.extend([None])
    controller.choose_database()  # the user cancels the file dialog: nothing changes
    assert controller.workspace.db_path == small_db_path
    from workstation.store.db import open_database

    open_database(other).close()
    controller.dialogs.answers.append(str(other))
    controller.choose_database()
    assert controller.workspace.db_path == other
    assert str(other) in controller.window.db_label.text()


def test_new_demo_database_never_overwrites_a_file(start_app, small_db_path):
    controller, _ = start_app(small_db_path)
    size = small_db_path.stat().st_size
    controller.dialogs.answers.append(str(small_db_path))
    controller.choose_new_demo()
    kind, _title, text = controller.dialogs.said[-1]
    assert kind == "warn" and "已存在" in text
    assert small_db_path.stat().st_size == size and controller.workspace.db_path == small_db_path


def test_show_personal_data_is_off_by_default_and_follows_the_queue(start_app, small_db_path):
    controller, _ = start_app(small_db_path)
    window = controller.window
    assert not window.personal_action.isChecked()
    window.personal_action.trigger()
    assert window.queue_page.filter_bar.show_personal.isChecked()
    window.queue_page.filter_bar.show_personal.setChecked(False)
    assert not window.personal_action.isChecked()


def _share(sizes: list[int]) -> float:
    """The first pane's share: what a splitter keeps when the window's size differs a little."""
    return sizes[0] / sum(sizes)


def test_splitters_and_queue_columns_are_remembered(start_app, small_db_path, qtbot):
    controller, _ = start_app(small_db_path)
    window = controller.window
    window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.page_states[0].restored, timeout=2000)
    qtbot.wait(10)  # the saved arrangement is put back just after the first show
    window.queue_page.splitter.setSizes([300, 900])
    queue_sizes = window.queue_page.splitter.sizes()
    header = window.queue_page.table.horizontalHeader()
    header.resizeSection(0, 211)
    header.moveSection(2, 0)
    window.tabs.setCurrentIndex(2)
    qtbot.wait(10)
    window.batches_page.splitter.setSizes([100, 400])
    batches_sizes = window.batches_page.splitter.sizes()
    window.save_state()
    controller.set_language("en")  # rebuilds the window from the saved settings
    again = controller.window
    assert again is not window and again.tabs.currentIndex() == 2
    qtbot.wait(20)
    assert _share(again.batches_page.splitter.sizes()) == pytest.approx(_share(batches_sizes), abs=0.02)
    again.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: again.page_states[0].restored, timeout=2000)
    qtbot.wait(20)
    assert _share(again.queue_page.splitter.sizes()) == pytest.approx(_share(queue_sizes), abs=0.02)
    header = again.queue_page.table.horizontalHeader()
    assert header.sectionSize(0) == 211 and header.visualIndex(2) == 0


def test_queue_columns_are_chosen_from_the_view_menu_and_remembered(start_app, small_db_path, qtbot):
    from workstation.ui.queue.model import COLUMNS

    controller, _ = start_app(small_db_path)
    window = controller.window
    window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.page_states[0].restored, timeout=2000)
    qtbot.wait(10)
    window.columns_menu.aboutToShow.emit()
    entries = {a.text(): a for a in window.columns_menu.actions() if a.text()}
    assert entries["就诊ID"].isChecked() and not entries["就诊ID"].isEnabled(), "the case ID always shows"
    assert "恢复默认列" in entries
    entries["点数"].setChecked(False)
    header = window.queue_page.table.horizontalHeader()
    points = next(i for i, (key, _) in enumerate(COLUMNS) if key == "points")
    assert header.isSectionHidden(points)
    window.save_state()
    controller.set_language("en")  # rebuilds the window from the saved settings
    again = controller.window
    again.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: again.page_states[0].restored, timeout=2000)
    qtbot.wait(20)
    header = again.queue_page.table.horizontalHeader()
    assert header.isSectionHidden(points)
    again.columns_menu.aboutToShow.emit()
    entries = {a.text(): a for a in again.columns_menu.actions() if a.text()}
    assert not entries["Points"].isChecked()
    entries["Default columns"].trigger()
    assert not any(header.isSectionHidden(i) for i in range(len(COLUMNS)))


def test_opening_a_file_that_is_not_a_database_says_so_and_keeps_the_current_one(start_app, small_db_path, tmp_path):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("这不是数据库" * 200, encoding="utf-8")
    controller, _ = start_app(small_db_path)
    window = controller.window
    controller.dialogs.answers.append(str(not_a_db))
    controller.choose_database()
    kind, _title, text = controller.dialogs.said[-1]
    assert kind == "warn" and "不是 SQLite 数据库文件" in text and "Traceback" not in text
    assert controller.window is window and controller.workspace.db_path == small_db_path
    assert window.count_label.text() == "2024-03：3 例"  # still reading the database it had


def test_a_batch_file_dropped_on_the_window_opens_the_import_dialog_with_it(start_app, small_db_path, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from workstation.ui.import_dialog.dialog import ImportDialog

    batch = tmp_path / "2024-05.csv"
    batch.write_text("就诊ID,定点医药机构编码\nA1,H001\n", encoding="utf-8")
    controller, _ = start_app(small_db_path)
    window = controller.window
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(batch))])
    event = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.file_edit.text() == str(batch)
    assert "人员编号" in dialog.missing_label.text()  # read at once: required columns are missing


def test_the_status_bar_shows_when_a_job_is_working(start_app, small_db_path, qtbot):
    import threading

    controller, _ = start_app(small_db_path)
    window = controller.window
    assert not window.busy_label.isVisible()
    release = threading.Event()
    job = controller.runner.submit(lambda control: release.wait(10))
    assert window.busy_label.isVisible() and window.busy_label.text() == "正在处理…"
    with qtbot.waitSignal(job.done, timeout=5000):
        release.set()
    qtbot.waitUntil(lambda: not window.busy_label.isVisible(), timeout=2000)
