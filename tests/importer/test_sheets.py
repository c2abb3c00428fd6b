"""Workbooks with more than one sheet: which sheet was read is said, and the user can choose
(issue 18, point 10)."""
from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.conftest import run_cli
from tests.importer.helpers import case
from workstation.domain.fields import FIELDS_BY_KEY
from workstation.domain.messages import UserError
from workstation.importer.service import import_batch, inspect_file


def workbook(path, sheets: dict[str, list[dict[str, str]] | None]):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        if rows is None:
            sheet.append(["说明", "本表为填表说明"])
            continue
        keys = list(rows[0])
        sheet.append([FIELDS_BY_KEY[k].zh for k in keys])
        for row in rows:
            sheet.append([row[k] for k in keys])
    book.save(path)
    return path


@pytest.fixture
def two_months(tmp_path):
    return workbook(tmp_path / "book.xlsx", {
        "填表说明": None,
        "3月": [case(i, discharge_date="2024-03-20") for i in range(1, 4)],
        "4月": [case(i, discharge_date="2024-04-20") for i in range(10, 15)],
    })


def test_the_summary_names_the_sheet_read_and_the_others(db, two_months):
    result = import_batch(db, two_months, actor="t")
    assert result.rows_imported == 3 and result.sheet == "3月"
    assert result.other_sheets == ["填表说明", "4月"]
    text = result.summary("zh")
    assert "读取的是工作表“3月”" in text and "“填表说明”、“4月”" in text and "--sheet" in text
    assert "Read the sheet \"3月\"" in result.summary("en")


def test_another_sheet_is_chosen_by_name_and_is_not_a_repeat(db, two_months):
    import_batch(db, two_months, actor="t")
    second = import_batch(db, two_months, actor="t", sheet="4月")
    assert second.already_imported_batch is None
    assert (second.rows_imported, second.period) == (5, "2024-04")
    again = import_batch(db, two_months, actor="t", sheet="4月")
    assert again.already_imported_batch == second.batch_id


def test_a_sheet_that_does_not_exist_is_refused_with_the_names(db, two_months):
    with pytest.raises(UserError) as refused:
        import_batch(db, two_months, actor="t", sheet="5月")
    assert "填表说明、3月、4月" in refused.value.text.zh
    with pytest.raises(UserError) as refused:
        import_batch(db, two_months, actor="t", sheet="填表说明")
    assert "工作表“填表说明”" in refused.value.text.zh


def test_the_preview_lists_the_sheets(two_months):
    preview = inspect_file(two_months, sheet="4月")
    assert preview.sheet == "4月" and preview.sheet_names == ["填表说明", "3月", "4月"]
    assert len(preview.rows) == 5


def test_a_single_sheet_workbook_says_nothing_more(db, tmp_path):
    path = workbook(tmp_path / "one.xlsx", {"Sheet1": [case(1)]})
    assert "工作表" not in import_batch(db, path, actor="t").summary("zh")


def test_the_command_line_takes_sheet(db_path, two_months):
    done = run_cli("--db", str(db_path), "import", str(two_months), "--sheet", "4月")
    assert done.returncode == 0, done.stderr
    assert "导入 5 行" in done.stdout and "读取的是工作表“4月”" in done.stdout
