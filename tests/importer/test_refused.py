"""Files that cannot be read are refused whole: clear message, non-zero exit, database untouched."""
from __future__ import annotations

import hashlib

import pytest

from tests.conftest import run_cli
from tests.importer.helpers import GOOD, case, write_batch
from workstation.store.db import open_database

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
       + bytes(range(256)) * 4)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def populated_db(tmp_path):
    """A database holding one batch already, closed (as the CLI finds it)."""
    path = tmp_path / "ws.db"
    db = open_database(path)
    from workstation.services.operations import import_file

    # With its results, as the command leaves it (an import without them is made up by the
    # next command: engine.freshness).
    import_file(db, write_batch(tmp_path / "first.csv", [case(1)]), actor="tester")
    db.close()
    return path


def missing_columns(tmp_path):
    keys = [k for k in GOOD if k not in ("sex", "total_cost")]
    return write_batch(tmp_path / "missing.csv", [case(1)], headers=keys)


def header_only(tmp_path):
    path = write_batch(tmp_path / "header.csv", [case(1)])
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return path


def file_with(name: str, data: bytes):
    def make(tmp_path):
        path = tmp_path / name
        path.write_bytes(data)
        return path
    return make


LETTER = "尊敬的领导：\n现将三月份结算情况汇报如下。\n此致\n敬礼\n".encode()


@pytest.mark.parametrize("make,expected_zh,expected_en", [
    (file_with("empty.csv", b""), "文件是空的", "empty"),
    (file_with("image.csv", PNG), "不是文本表格", "not a text table"),
    (file_with("letter.txt", LETTER), "找不到任何已知表头", "known headers"),
    (missing_columns, "缺少必需的列 “性别”、“医疗总费用”", "性别 (sex), 医疗总费用 (total_cost)"),
    (file_with("fake.xlsx", b"PK\x03\x04" + b"garbage" * 50), "不是有效的 xlsx", "not a valid .xlsx"),
    (header_only, "没有任何数据行", "no data rows"),
])
def test_refused_file_leaves_database_byte_identical(tmp_path, populated_db, make, expected_zh, expected_en):
    source = make(tmp_path)
    before = digest(populated_db)
    zh = run_cli("--db", str(populated_db), "import", str(source))
    en = run_cli("--db", str(populated_db), "--lang", "en", "import", str(source))
    for done in (zh, en):
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert source.name in done.stderr
    assert expected_zh in zh.stderr
    assert expected_en in en.stderr
    assert digest(populated_db) == before


def test_missing_columns_message_says_what_to_do(tmp_path, populated_db):
    done = run_cli("--db", str(populated_db), "import", str(missing_columns(tmp_path)))
    assert "--map" in done.stderr and "导入方案" in done.stderr


def test_undecodable_bytes_later_in_the_file_refuse_it_and_roll_back(tmp_path, populated_db):
    path = write_batch(tmp_path / "broken.csv", [case(i) for i in range(2, 40000)])
    data = path.read_bytes()
    path.write_bytes(data + b"ZY99999,H001,\xff\xfe\xfa,1,45,2024-03-01,2024-03-05,1,I21,1.00\n")
    before = digest(populated_db)
    done = run_cli("--db", str(populated_db), "import", str(path))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "--encoding" in done.stderr
    assert digest(populated_db) == before


def test_cli_import_prints_summary_and_reasons(tmp_path):
    db_path = tmp_path / "ws.db"
    path = write_batch(tmp_path / "b.csv", [case(1), case(2, sex="?"), case(3, sex="?")])
    done = run_cli("--db", str(db_path), "import", str(path))
    assert done.returncode == 0, done.stderr
    assert "读取 3 行 = 导入 1 行 + 隔离 2 行" in done.stdout
    assert "BAD_CODE: 2" in done.stdout and "第 3 行" in done.stdout
    again = run_cli("--db", str(db_path), "--lang", "en", "import", str(path))
    assert again.returncode == 0 and "already imported as batch #1" in again.stdout


def test_cli_map_and_save_profile(tmp_path):
    db_path = tmp_path / "ws.db"
    path = write_batch(tmp_path / "his.csv", [case(1)], chinese=False)
    path.write_text(path.read_text(encoding="utf-8").replace("case_id", "住院流水号", 1), encoding="utf-8")
    done = run_cli("--db", str(db_path), "import", str(path), "--map", "住院流水号=case_id",
                   "--save-profile", "HIS")
    assert done.returncode == 0, done.stderr
    assert "HIS" in done.stdout
    other = tmp_path / "his2.csv"
    other.write_text(path.read_text(encoding="utf-8").replace("ZY00001", "ZY00002"), encoding="utf-8")
    done = run_cli("--db", str(db_path), "import", str(other), "--profile", "HIS")
    assert done.returncode == 0 and "导入 1 行" in done.stdout


def test_cli_save_profile_without_a_map_saves_the_detected_mapping(tmp_path):
    db_path = tmp_path / "ws.db"
    done = run_cli("--db", str(db_path), "import", str(write_batch(tmp_path / "b.csv", [case(1)])),
                   "--save-profile", "标准")
    assert done.returncode == 0, done.stderr
    db = open_database(db_path)
    try:
        from workstation.importer.service import load_profile

        assert load_profile(db, "标准")["就诊ID"] == "case_id"
    finally:
        db.close()


def test_help_explains_in_both_languages():
    done = run_cli("import", "--help")
    assert done.returncode == 0
    assert "导入一个结算清单批次" in done.stdout and "--save-profile" in done.stdout
    english = run_cli("--lang", "en", "import", "--help")
    assert english.returncode == 0
    assert "Import one settlement batch" in english.stdout and "--save-profile" in english.stdout
    assert "导入一个结算清单批次" not in english.stdout
