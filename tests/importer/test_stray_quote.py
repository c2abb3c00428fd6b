"""A stray quote stops the import naming its line, instead of swallowing the rest of the file
into one cell (issue 18, point 2)."""
from __future__ import annotations

import pytest

from tests.importer.helpers import case, table_text
from workstation.domain.messages import UserError
from workstation.importer import sources
from workstation.importer.service import import_batch


def batch_lines(n: int) -> list[str]:
    rows = [case(i, hospital_name="第一医院,东院" if i % 3 == 0 else "第一医院") for i in range(1, n + 1)]
    return table_text(rows).splitlines()  # the csv module quotes the names with a comma


def write(tmp_path, lines: list[str]):
    path = tmp_path / "batch.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def spoil(line: str) -> str:
    """Opens a quote at the start of the third field that nothing closes."""
    fields = line.split(",")
    fields[2] = '"' + fields[2]
    return ",".join(fields)


@pytest.mark.parametrize("spoiled_line", [3, 41])
def test_a_stray_quote_closed_by_a_later_cell_stops_the_import_at_its_line(db, tmp_path, spoiled_line):
    lines = batch_lines(60)
    lines[spoiled_line - 1] = spoil(lines[spoiled_line - 1])
    with pytest.raises(UserError) as refused:
        import_batch(db, write(tmp_path, lines), actor="tester")
    assert f"第 {spoiled_line} 行有一个没有配对的英文双引号" in refused.value.text.zh
    assert f"line {spoiled_line} has a double quote" in refused.value.text.en
    assert db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0


def test_a_stray_quote_that_swallows_rows_with_the_right_field_count_is_found(db, tmp_path):
    # The quote opens in the last column and closes in a later row's last column: the swallowed
    # rows become one cell of a row that has just the header's number of fields.
    lines = [line + ",x" for line in batch_lines(10)]
    lines[0] = lines[0][:-2] + ",备注"
    lines[4] = lines[4][:-2] + ',"x'
    lines[7] = lines[7][:-2] + ',x"'
    with pytest.raises(UserError) as refused:
        import_batch(db, write(tmp_path, lines), actor="tester")
    assert "第 5 行" in refused.value.text.zh


def test_a_stray_quote_to_the_end_of_the_file_is_named(db, tmp_path):
    lines = [line.replace('"', "") .replace("第一医院,东院", "第一医院东院") for line in batch_lines(30)]
    lines[10] = spoil(lines[10])
    with pytest.raises(UserError) as refused:
        import_batch(db, write(tmp_path, lines), actor="tester")
    assert "第 11 行" in refused.value.text.zh


def test_a_quoted_line_break_or_two_still_imports_and_later_lines_are_counted(db, tmp_path, monkeypatch):
    lines = batch_lines(20)
    lines[2] = lines[2].replace("第一医院", '"第一医院\n（新址）"', 1)
    result = import_batch(db, write(tmp_path, lines), actor="tester")
    assert (result.rows_read, result.rows_imported) == (20, 20)
    assert db.execute("SELECT hospital_name FROM cases WHERE source_row = 3").fetchone()[0] == "第一医院\n（新址）"
    # A stray quote after it is named at the line an editor shows (one more than its row).
    lines[16] = spoil(lines[16])
    with pytest.raises(UserError) as refused:
        import_batch(db, write(tmp_path, lines), actor="tester")
    assert "第 18 行" in refused.value.text.zh


def test_a_big_file_read_in_small_blocks_is_checked_in_every_block(db, tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "CSV_BLOCK_BYTES", 2048)
    lines = batch_lines(300)
    lines[250] = spoil(lines[250])
    with pytest.raises(UserError) as refused:
        import_batch(db, write(tmp_path, lines), actor="tester")
    assert "第 251 行" in refused.value.text.zh
