"""Loading hospital tables: levels, default coefficient, bad rows, refusal, versions."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from workstation.domain.messages import UserError
from workstation.reference.hospitals import current_hospitals, load_hospital_table, parse_level
from workstation.store.audit import events


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_levels_and_default_coefficient(db, tmp_path):
    path = _write(tmp_path / "hospitals.csv", "\n".join([
        "机构编码,机构名称,级别,差异系数,地址",
        "H001,某市第一人民医院,三级,1.08,人民路1号",
        "H002,某县人民医院,2,0.90,",
        "H003,某镇卫生院,一级,,",
        "H004,某市中医院,三级甲等,1.0,",
    ]) + "\n", encoding="gb18030")
    result = load_hospital_table(db, path, actor="admin")
    assert result.rows_loaded == 4 and result.rejected == []
    rows = {r["hospital_code"]: r for r in current_hospitals(db)}
    assert (rows["H001"]["hospital_level"], rows["H001"]["coefficient"]) == (3, "1.08")
    assert (rows["H002"]["hospital_level"], rows["H002"]["coefficient"]) == (2, "0.90")
    assert (rows["H003"]["hospital_level"], rows["H003"]["coefficient"]) == (1, "1.0")
    assert rows["H004"]["hospital_level"] == 3
    assert json.loads(rows["H001"]["extra"]) == {"地址": "人民路1号"}
    assert result.defaulted == ["H003"]
    assert "未给出差异系数、按 1.0 计：1 家" in "\n".join(result.summary_lines())


def test_settlement_style_headers_and_xlsx(db, tmp_path):
    book = Workbook()
    book.active.append(["定点医药机构编码", "定点医药机构名称", "医疗机构级别", "成本系数"])
    book.active.append(["H0101", "某区医院", "二级", 0.92])
    book.save(tmp_path / "h.xlsx")
    load_hospital_table(db, tmp_path / "h.xlsx", actor="admin")
    assert current_hospitals(db)[0]["coefficient"] == "0.92"


def test_bad_rows_rejected_good_rows_load(db, tmp_path):
    path = _write(tmp_path / "h.csv", "\n".join([
        "机构编码,机构名称,级别,差异系数",
        "H001,甲医院,三级,1.1",
        ",无编码医院,二级,1.0",
        "H002,乙医院,特级,1.0",
        "H003,丙医院,二级,零点九",
        "H004,丁医院,一级,-0.5",
        "H001,甲医院（重复）,三级,1.2",
    ]) + "\n")
    result = load_hospital_table(db, path, actor="admin")
    assert result.rows_loaded == 1
    reasons = {r.source_row: r.reason.zh for r in result.rejected}
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "缺少机构编码" in reasons[3] and "特级" in reasons[4] and "零点九" in reasons[5]
    assert "大于 0" in reasons[6] and "第 2 行重复" in reasons[7]


def test_refused_without_code_column_database_unchanged(db, db_path, tmp_path):
    good = _write(tmp_path / "good.csv", "机构编码,机构名称\nH1,甲\n")
    load_hospital_table(db, good, actor="admin")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db_path.read_bytes()
    wrong = _write(tmp_path / "wrong.csv", "机构名称,级别,差异系数\n甲医院,三级,1.0\n")
    with pytest.raises(UserError) as refused:
        load_hospital_table(db, wrong, actor="admin")
    assert "缺少机构编码列" in refused.value.text.zh and "hospital-code" in refused.value.text.en
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert db_path.read_bytes() == before


def test_replacing_keeps_old_version_and_audits(db, tmp_path):
    first = load_hospital_table(db, _write(tmp_path / "a.csv", "机构编码,机构名称,级别,差异系数\nH1,甲,三级,1.0\n"),
                                actor="alice")
    second = load_hospital_table(db, _write(tmp_path / "b.csv", "机构编码,机构名称,级别,差异系数\nH1,甲,三级,1.05\n"
                                                                 "H2,乙,二级,0.9\n"), actor="bob")
    assert (second.added, second.changed, second.previous_version_id) == (1, 1, first.version_id)
    assert db.execute("SELECT count(*) FROM hospitals WHERE version_id = ?", [first.version_id]).fetchone()[0] == 1
    event = events(db, entity="reference_versions")[0]
    assert (event["action"], event["actor"]) == ("hospitals.load", "bob")
    after = json.loads(event["after"])
    assert json.loads(event["before"])["id"] == first.version_id
    assert after["changes"]["changed"][0]["code"] == "H1" and after["changes"]["added"] == ["H2"]


@pytest.mark.parametrize("text, level", [("三级", 3), ("3", 3), ("二甲", 2), ("二级乙等", 2), ("1级", 1), ("", None)])
def test_parse_level(text, level):
    assert parse_level(text) == level


@pytest.mark.parametrize("text", ["特级", "未定级", "4", "3a"])
def test_parse_level_refuses(text):
    with pytest.raises(ValueError):
        parse_level(text)
