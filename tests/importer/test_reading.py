"""Reading files: encodings, delimiters, headers, title rows, unknown columns, XLSX."""
from __future__ import annotations

import json
import random
from datetime import datetime

import pytest

from tests.importer.helpers import GOOD, case, write_batch
from workstation.importer.service import import_batch, inspect_file


def cases(db):
    return list(db.query("SELECT * FROM cases ORDER BY source_row"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_each_encoding_is_detected_and_reported(db, tmp_path, encoding):
    rows = [case(1, patient_name="欧阳娜娜", dept="心血管内科"), case(2)]
    path = write_batch(tmp_path / "batch.csv", rows, encoding=encoding)
    result = import_batch(db, path, actor="tester")
    assert result.encoding == ("gb18030" if encoding == "gbk" else encoding)
    assert result.rows_imported == 2
    assert cases(db)[0]["patient_name"] == "欧阳娜娜"
    assert cases(db)[0]["dept"] == "心血管内科"


@pytest.mark.parametrize("delimiter,suffix", [(",", "csv"), ("\t", "tsv"), ("\t", "txt")])
def test_comma_and_tab_separated(db, tmp_path, delimiter, suffix):
    rows = [case(1, main_dx_name="急性心肌梗死, 前壁"), case(2)]
    path = write_batch(tmp_path / f"batch.{suffix}", rows, delimiter=delimiter)
    preview = inspect_file(path)
    assert preview.delimiter == delimiter
    result = import_batch(db, path, actor="tester")
    assert result.rows_imported == 2
    assert cases(db)[0]["main_dx_name"] == "急性心肌梗死, 前壁"


def test_chinese_english_and_mixed_headers_in_any_order(db, tmp_path):
    keys = list(GOOD.keys())
    random.Random(7).shuffle(keys)
    path = tmp_path / "mixed.csv"
    rows = [case(1), case(2)]
    from tests.importer.helpers import table_text
    from workstation.domain.fields import FIELDS_BY_KEY
    text = table_text(rows, headers=keys, chinese=False)
    # Every other header in Chinese.
    header = [FIELDS_BY_KEY[k].zh if i % 2 else k for i, k in enumerate(keys)]
    path.write_text(",".join(header) + "\n" + text.split("\n", 1)[1], encoding="utf-8")
    result = import_batch(db, path, actor="tester")
    assert result.rows_imported == 2
    stored = cases(db)[0]
    assert stored["case_id"] == "ZY00001" and stored["total_cost_fen"] == 1234560
    assert stored["admit_date"] == "2024-03-01" and stored["hospital_level"] == 3


def test_title_rows_above_the_header_and_row_numbers(db, tmp_path):
    path = write_batch(tmp_path / "titled.csv", [case(1), case(2, sex="9")],
                       title_rows=["某市医保局 2024年3月 DRG 结算清单", "导出时间：2024-04-02"])
    preview = inspect_file(path)
    assert preview.header_row == 3
    result = import_batch(db, path, actor="tester")
    assert result.rows_imported == 1
    assert cases(db)[0]["source_row"] == 4
    bad = list(db.query("SELECT source_row FROM quarantine"))
    assert bad == [{"source_row": 5}]


def test_unknown_columns_are_kept_as_extra(db, tmp_path):
    rows = [case(1, 备注="转入ICU", 主治医师="李医生"), case(2, 备注="", 主治医师="")]
    path = write_batch(tmp_path / "extra.csv", rows)
    import_batch(db, path, actor="tester")
    first, second = cases(db)
    assert json.loads(first["extra"]) == {"备注": "转入ICU", "主治医师": "李医生"}
    assert second["extra"] is None
    assert inspect_file(path).mapping["备注"] is None


def test_no_unknown_columns_gives_null_extra(db, tmp_path):
    import_batch(db, write_batch(tmp_path / "plain.csv", [case(1)]), actor="tester")
    assert cases(db)[0]["extra"] is None


def test_xlsx_with_real_date_cells_and_serials(db, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024年3月结算清单"])
    headers = ["就诊ID", "定点医药机构编码", "人员编号", "性别", "年龄", "入院日期", "出院日期",
               "离院方式", "主要诊断编码", "医疗总费用", "床位费"]
    sheet.append(headers)
    sheet.append(["A1", "H1", "P1", 1, 45, datetime(2024, 3, 1), datetime(2024, 3, 5, 10, 22), 1,
                  "I21.0", 12345.6, 100])
    sheet.append(["A2", "H1", "P2", "女", 30, 45352, 45356, "5 死亡", "I10", "￥1,000", None])
    path = tmp_path / "batch.xlsx"
    book.save(path)
    preview = inspect_file(path)
    assert preview.format == "xlsx" and preview.header_row == 2
    result = import_batch(db, path, actor="tester")
    assert result.rows_imported == 2, result.reasons
    first, second = cases(db)
    assert (first["admit_date"], first["discharge_date"], first["los"]) == ("2024-03-01", "2024-03-05", 4)
    assert first["total_cost_fen"] == 1234560 and first["fee_bed_fen"] == 10000
    assert (second["admit_date"], second["discharge_date"]) == ("2024-03-01", "2024-03-05")
    assert second["sex"] == 2 and second["discharge_mode"] == 5 and second["total_cost_fen"] == 100000
    assert second["fee_bed_fen"] is None
    assert first["source_row"] == 3 and result.period == "2024-03"


def test_inspect_file_shows_mapping_missing_and_first_rows(tmp_path):
    rows = [case(i) for i in range(1, 30)]
    path = write_batch(tmp_path / "batch.csv", rows, headers=[k for k in GOOD if k != "sex"])
    preview = inspect_file(path)
    assert preview.missing_required == ["sex"]
    assert preview.mapping["就诊ID"] == "case_id"
    assert len(preview.rows) == 20 and preview.rows[0][0] == "ZY00001"
    fixed = inspect_file(path, column_map={"姓名": "sex"})
    assert fixed.missing_required == [] and fixed.mapping["姓名"] == "sex"


def test_gb18030_text_after_a_first_megabyte_of_ascii_is_still_read(db, tmp_path):
    rows = [case(i, hospital_name="HOSP", patient_name="X", hospital_level="3") for i in range(1, 20000)]
    rows.append(case(90000, hospital_name="第一医院"))
    path = write_batch(tmp_path / "late.csv", rows, chinese=False, encoding="gb18030")
    assert path.stat().st_size > 2 * 2**20 // 2
    result = import_batch(db, path, actor="tester")
    assert result.encoding == "gb18030" and result.rows_imported == 20000
    name = db.execute("SELECT hospital_name FROM cases WHERE case_id = 'ZY90000'").fetchone()[0]
    assert name == "第一医院"
    assert db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 1


def test_utf16_tab_separated_unicode_text_from_excel(db, tmp_path):
    path = tmp_path / "unicode.txt"
    from tests.importer.helpers import table_text

    path.write_bytes(table_text([case(1, patient_name="王芳")], delimiter="\t").encode("utf-16"))
    result = import_batch(db, path, actor="tester")
    assert (result.encoding, result.rows_imported) == ("utf-16", 1)
    assert db.execute("SELECT patient_name FROM cases").fetchone()[0] == "王芳"
