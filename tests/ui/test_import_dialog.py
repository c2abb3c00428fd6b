"""The import dialog: a file is inspected, its mapping shown and corrected, imported off the GUI
thread with progress, and the summary with the quarantined rows is shown and exportable."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import add_reference
from workstation.ui.import_dialog.dialog import ImportDialog

HEADERS = ["就诊ID", "定点医药机构编码", "定点医药机构名称", "人员编号", "姓名", "性别", "年龄", "入院日期", "出院日期",
           "离院方式", "主要诊断编码", "DRG编码", "医疗总费用", "备注"]


def _row(case_id, cost, *, discharge="2024-03-10", drg="FM19"):
    return [case_id, "H001", "某市第一人民医院", f"P{case_id}", "王小明", "1", "60", "2024-03-01", discharge, "1",
            "I21.000x001", drg, cost, "院内备注"]


def write_batch(path, rows, *, headers=HEADERS, encoding="gb18030", title=True):
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        if title:
            writer.writerow(["某市医保结算清单 2024年3月"])
        writer.writerow(headers)
        writer.writerows(rows)
    return path


@pytest.fixture
def batch_db(db_path):
    from workstation.store.db import open_database

    db = open_database(db_path)
    add_reference(db)  # FM19: weight 2.1 (base points 210 -> HIGH at 2.0 x 45,123.45 = 90,246.90)
    db.close()
    return db_path


def _dialog(qtbot, context):
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _mapping(dialog) -> dict:
    model = dialog.mapping_model
    return {model.index(r, 0).data(): model.index(r, 2).data() for r in range(model.rowCount())}


def test_inspect_shows_encoding_header_row_and_mapping(qtbot, make_context, batch_db, tmp_path):
    path = write_batch(tmp_path / "2024-03.csv", [_row("A1", "1,000.00")])
    dialog = _dialog(qtbot, make_context(batch_db))
    dialog.load_file(path)
    assert dialog.encoding_combo.currentText() == "gb18030"
    assert "第 2 行" in dialog.format_label.text() and "逗号" in dialog.format_label.text()
    mapping = _mapping(dialog)
    assert mapping["就诊ID"] == "就诊ID · case_id ★"
    assert mapping["备注"] == "（非病例字段——作为附加列保留）"
    first_values = {dialog.mapping_model.index(r, 0).data(): dialog.mapping_model.index(r, 1).data()
                    for r in range(dialog.mapping_model.rowCount())}
    assert first_values["医疗总费用"] == "1,000.00"
    assert dialog.import_button.isEnabled() and not dialog.missing_label.isVisible()
    assert dialog.rows_model.rowCount() == 1


def test_missing_required_columns_block_the_import_until_mapped_and_the_mapping_saves_as_profile(
        qtbot, make_context, batch_db, tmp_path):
    headers = ["住院流水号"] + HEADERS[1:]
    path = write_batch(tmp_path / "odd.csv", [_row("A1", "1000")], headers=headers)
    context = make_context(batch_db, "某平台导出")
    dialog = _dialog(qtbot, context)
    dialog.load_file(path)
    assert dialog.missing_label.isVisible() and "就诊ID" in dialog.missing_label.text()
    assert not dialog.import_button.isEnabled()
    dialog.set_mapping("住院流水号", "case_id")
    assert not dialog.missing_label.isVisible() and dialog.import_button.isEnabled()
    dialog.save_profile()
    with qtbot.waitSignal(dialog.profile_job.finished, timeout=5000):
        pass
    assert dialog.profile_combo.currentData() == "某平台导出"
    assert "已保存" in dialog.status_label.text()
    # The same export next month: choosing the profile maps the odd header again.
    again = _dialog(qtbot, context)
    again.load_file(path)
    assert "就诊ID" in again.missing_label.text()
    again.profile_combo.setCurrentIndex(again.profile_combo.findData("某平台导出"))
    again._on_profile_chosen()
    assert _mapping(again)["住院流水号"] == "就诊ID · case_id ★"
    assert again.import_button.isEnabled()


def test_choosing_a_field_taken_by_another_column_moves_it(qtbot, make_context, batch_db, tmp_path):
    path = write_batch(tmp_path / "b.csv", [_row("A1", "1000")])
    dialog = _dialog(qtbot, make_context(batch_db))
    dialog.load_file(path)
    dialog.set_mapping("备注", "case_id")
    assert dialog.mapping_model.mapping["备注"] == "case_id"
    assert dialog.mapping_model.mapping["就诊ID"] is None
    assert "就诊ID" not in dialog.missing_label.text()


def test_a_file_that_is_not_a_table_is_explained_and_cannot_be_imported(qtbot, make_context, batch_db, tmp_path):
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    dialog = _dialog(qtbot, make_context(batch_db))
    dialog.load_file(path)
    assert dialog.error_label.text() and "Traceback" not in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()


def test_import_runs_on_the_writer_thread_and_shows_summary_and_quarantine(qtbot, make_context, batch_db, tmp_path):
    rows = [_row("A1", "12,000.00"), _row("A2", "¥95000.00"), _row("A3", "30000"),
            _row("A4", "20000", discharge="2024-02-30")]
    path = write_batch(tmp_path / "2024-03.csv", rows)
    context = make_context(batch_db)
    dialog = _dialog(qtbot, context)
    dialog.load_file(path)
    with qtbot.waitSignal(dialog.imported, timeout=20000) as imported:
        job = dialog.start_import()
        assert job is not None and dialog.is_running()
        assert not dialog.import_button.isEnabled()
    result = imported.args[0]
    assert (result.rows_read, result.rows_imported, result.rows_quarantined) == (4, 3, 1)
    assert dialog.stack.currentWidget() is dialog.result_panel
    summary = dialog.result_panel.summary_label.text()
    assert "读取 4 行 = 导入 3 行 + 隔离 1 行" in summary
    assert "日期无法识别 1" in dialog.result_panel.reasons_label.text()
    view = dialog.result_panel.quarantine
    assert view.model().rowCount() == 1
    assert view.model().index(0, 0).data() == 6  # the spreadsheet row: title, header, then rows 3..6
    assert dialog.cancel_button.text() == "关闭"
    # The case over 2 x the group's average is flagged HIGH for the queue.
    flags = dict(context.workspace.db.execute(
        "SELECT c.case_id, r.flag_codes FROM cases c JOIN case_results_full r ON r.case_pk = c.id").fetchall())
    assert "HIGH" in flags["A2"].split(";") and "HIGH" not in (flags["A1"] or "").split(";")
    out = tmp_path / "q.csv"
    context.dialogs.answers.append(str(out))
    dialog.result_panel.export()
    exported = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert exported[1][0] == "6" and exported[1][1] == "BAD_DATE"


def test_the_same_file_twice_says_it_was_already_imported(qtbot, make_context, batch_db, tmp_path):
    path = write_batch(tmp_path / "2024-03.csv", [_row("A1", "12000")])
    context = make_context(batch_db)
    first = _dialog(qtbot, context)
    first.load_file(path)
    with qtbot.waitSignal(first.imported, timeout=20000):
        first.start_import()
    second = _dialog(qtbot, context)
    second.load_file(path)
    job = second.start_import()
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert second.import_result is not None and second.import_result.batch_id is None
    summary = second.result_panel.summary_label.text()
    assert "已作为批次 #1 导入过" in summary
    assert not second.result_panel.quarantine.isVisible()
    assert context.workspace.db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 1


def test_cancel_rolls_the_import_back(qtbot, make_context, batch_db, tmp_path):
    rows = [_row(f"C{i}", "1000") for i in range(30000)]
    path = write_batch(tmp_path / "big.csv", rows)
    context = make_context(batch_db)
    dialog = _dialog(qtbot, context)
    dialog.load_file(path)
    job = dialog.start_import()
    dialog.reject()  # the Cancel button while importing: cancel, stay open until rolled back
    assert dialog.isVisible()
    with qtbot.waitSignal(job.cancelled, timeout=30000):
        pass
    assert dialog.status_label.text() == "已取消：未导入任何内容。"
    assert context.workspace.db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 0
    assert context.workspace.db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0
    assert dialog.import_button.isEnabled()


def test_english_dialog(qtbot, make_context, batch_db, tmp_path):
    from workstation.ui.i18n import install_language

    install_language("en")
    path = write_batch(tmp_path / "b.csv", [_row("A1", "1000")], headers=["住院流水号"] + HEADERS[1:])
    dialog = _dialog(qtbot, make_context(batch_db))
    dialog.load_file(path)
    assert dialog.windowTitle() == "Import a settlement batch"
    assert "case_id (就诊ID)" in dialog.missing_label.text()
    assert dialog.mapping_model.headerData(2, Qt.Orientation.Horizontal) == "Imported as"


def test_names_and_id_numbers_in_the_preview_are_masked(qtbot, make_context, batch_db, tmp_path):
    headers = HEADERS + ["证件号码"]
    path = write_batch(tmp_path / "b.csv", [_row("A1", "1000") + ["330106199001011234"]], headers=headers)
    dialog = _dialog(qtbot, make_context(batch_db))
    dialog.load_file(path)
    model = dialog.mapping_model
    samples = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert samples["姓名"] == "王**" and samples["证件号码"] == "3301**********1234"
    shown = [dialog.rows_model.index(0, c).data() for c in range(dialog.rows_model.columnCount())]
    assert "王小明" not in shown and "330106199001011234" not in shown and "王**" in shown


def test_a_workbook_imports_without_an_encoding(qtbot, make_context, batch_db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(_row("X1", "95000.00"))
    path = tmp_path / "2024-03.xlsx"
    book.save(path)
    dialog = _dialog(qtbot, make_context(batch_db))
    dialog.load_file(path)
    assert not dialog.encoding_combo.isEnabled()
    assert dialog.format_label.text().startswith("XLSX")
    with qtbot.waitSignal(dialog.imported, timeout=20000) as imported:
        dialog.start_import()
    assert imported.args[0].rows_imported == 1


def test_a_workbook_with_several_sheets_shows_them_and_imports_the_one_chosen(qtbot, make_context, batch_db,
                                                                                tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active.append(["填表说明"])
    for name, ids in (("3月", ["A1", "A2"]), ("4月", ["B1", "B2", "B3"])):
        sheet = book.create_sheet(name)
        sheet.append(HEADERS)
        for case_id in ids:
            sheet.append(_row(case_id, "1000.00"))
    path = tmp_path / "book.xlsx"
    book.save(path)
    dialog = _dialog(qtbot, make_context(batch_db))
    dialog.load_file(path)
    assert dialog.sheet_combo.isVisible()
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == ["说明", "3月", "4月"]
    assert "“3月”" in dialog.format_label.text()
    dialog.choose_sheet("4月")
    assert "“4月”" in dialog.format_label.text() and dialog.rows_model.rowCount() == 3
    with qtbot.waitSignal(dialog.imported, timeout=20000) as imported:
        dialog.start_import()
    assert imported.args[0].rows_imported == 3
    assert "读取的是工作表“4月”" in dialog.result_panel.summary_label.text()
