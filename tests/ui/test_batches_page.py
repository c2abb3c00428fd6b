"""The batches page: counts per batch, the quarantined rows with reasons, export with reasons."""
from __future__ import annotations

import csv

from PySide6.QtCore import Qt

from workstation.ui.batches.page import BatchesPage
from workstation.ui.widgets.dialogs import ScriptedDialogs


def _cell(view, row, column):
    return view.model().index(row, column).data(Qt.ItemDataRole.DisplayRole)


def _page(qtbot, open_workspace, db_path, dialogs=None):
    workspace = open_workspace(db_path)
    page = BatchesPage(workspace, dialogs or ScriptedDialogs())
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page, workspace


def test_lists_batches_with_counts_and_shows_the_newest_quarantine(qtbot, open_workspace, small_db_path):
    page, workspace = _page(qtbot, open_workspace, small_db_path)
    assert page.model.rowCount() == 1  # the latest period's (the desk opens on it)
    workspace.set_period("")
    assert page.model.rowCount() == 2
    headers = [page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(page.model.columnCount())]
    assert "结算期" in headers and "已隔离" in headers
    assert page.selected_batch_id() == 2
    assert "批次 #2 的隔离行：2" in page.quarantine_title.text()
    assert "日期无法识别 1" in page.reasons_label.text() and "缺少必填项 1" in page.reasons_label.text()
    assert _cell(page.quarantine, 0, 1) == "日期无法识别"
    view = page.quarantine
    assert _cell(view, 0, 0) == 5
    assert _cell(view, 0, 2) == "出院日期"
    assert "不是日期" in _cell(view, 0, 3)
    raw = _cell(view, 0, 4)
    assert "出院日期=2024-13-01" in raw
    assert "张三丰" not in raw and "张**" in raw  # personal data masked
    assert "330102199001011234" not in raw


def test_period_selection_narrows_the_list(qtbot, open_workspace, small_db_path):
    page, workspace = _page(qtbot, open_workspace, small_db_path)
    workspace.set_period("2024-02")
    assert page.model.rowCount() == 1 and page.model.row(0)["period"] == "2024-02"
    assert "批次 #1 的隔离行：0" in page.quarantine_title.text()
    assert not page.export_button.isEnabled()


def test_export_writes_every_quarantined_row_with_its_reason(qtbot, open_workspace, small_db_path, tmp_path):
    out = tmp_path / "q.csv"
    dialogs = ScriptedDialogs(str(out))
    page, workspace = _page(qtbot, open_workspace, small_db_path, dialogs)
    page.export_quarantine()
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel/WPS open it as UTF-8
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0][:5] == ["行号 row", "原因代码 reason_code", "列 column", "原因", "reason"]
    assert rows[0][5:] == ["就诊ID", "姓名", "证件号码", "出院日期"]
    assert [r[0] for r in rows[1:]] == ["5", "9"]
    assert rows[1][1] == "BAD_DATE" and "不是日期" in rows[1][3] and rows[1][4] == "row 5: discharge date is not a date"
    assert rows[1][8] == "2024-13-01" and rows[1][6] == "张**"
    assert dialogs.said[-1][0] == "inform" and "2" in dialogs.said[-1][2]


def test_english_headers_and_reasons(qtbot, open_workspace, small_db_path):
    from workstation.ui.i18n import install_language

    install_language("en")
    page, workspace = _page(qtbot, open_workspace, small_db_path)
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Period"
    assert _cell(page.quarantine, 0, 3) == "row 5: discharge date is not a date"
    assert _cell(page.quarantine, 0, 2) == "discharge_date"


def test_export_to_a_folder_that_does_not_exist_says_so(qtbot, open_workspace, small_db_path, tmp_path):
    target = tmp_path / "no-such-folder" / "q.csv"
    dialogs = ScriptedDialogs(str(target))
    page, _workspace = _page(qtbot, open_workspace, small_db_path, dialogs)
    page.export_quarantine()
    kind, _title, text = dialogs.said[-1]
    assert kind == "warn" and text == f"文件夹 {target.parent} 不存在：请先建立它，或换一个位置。"
    assert not target.exists()


def test_export_onto_the_database_is_refused_and_leaves_it_whole(qtbot, open_workspace, small_db_path):
    import hashlib

    before = hashlib.sha256(small_db_path.read_bytes()).hexdigest()
    for target in (small_db_path, f"{small_db_path}-wal", small_db_path.parent):
        dialogs = ScriptedDialogs(str(target))
        page, _workspace = _page(qtbot, open_workspace, small_db_path, dialogs)
        page.export_quarantine()
        kind, _title, text = dialogs.said[-1]
        assert kind == "warn" and text.startswith(f"不能写入 {target}"), text
    assert hashlib.sha256(small_db_path.read_bytes()).hexdigest() == before
