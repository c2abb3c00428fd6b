"""Loading DRG group tables: published tables as they are, variants, bad rows, refusals, versions."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from workstation.domain.messages import UserError
from workstation.reference.bundled import DEFAULT_GROUPS_LABEL, build_default_rows, read_chs_groups
from workstation.reference.groups import current_groups, load_bundled_groups, load_group_table
from workstation.store.audit import events, verify_chain

ROOT = Path(__file__).resolve().parents[2]
BEIJING = ROOT / "resources" / "drg" / "beijing-2022.csv"
WUHAN = ROOT / "resources" / "drg" / "wuhan-2022.csv"


def _group(db, code: str) -> dict:
    return next(db.query("SELECT * FROM current_drg_groups WHERE drg_code = ?", [code]))


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_beijing_2022_loads_as_published(db):
    result = load_group_table(db, BEIJING, actor="admin", label="北京2022")
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (696, 696, 0)
    ae19 = _group(db, "AE19")
    assert (ae19["drg_name"], ae19["weight"], ae19["avg_cost_fen"]) == ("肾移植", "5.8", 11850700)
    assert ae19["payable_by_drg"] == 1 and ae19["base_points"] is None
    # The 49 groups Beijing pays by item are kept, not payable by DRG, with the text as note.
    assert len(result.not_payable) == 49 and "WB19" in result.not_payable
    wb19 = _group(db, "WB19")
    assert (wb19["payable_by_drg"], wb19["weight"], wb19["avg_cost_fen"], wb19["note"]) == \
        (0, None, None, "按项目据实支付")
    summary = "\n".join(result.summary_lines())
    assert "载入 696 病组" in summary and "按项目据实支付" in summary and "WB19" in summary
    assert len(current_groups(db)) == 696


def test_wuhan_places_each_standard_by_level_and_insurance_and_says_so(db):
    result = load_group_table(db, WUHAN, actor="admin")
    assert result.rows_loaded == 660 and result.rows_rejected == 0
    # Both columns serve 二级 hospitals, one per insurance type; the first also stands for the
    # levels the table does not list.
    assert result.cost_column == "二级医院支付标准（职工）"
    summary = "\n".join(result.summary_lines())
    assert "列“二级医院支付标准（职工）”：支付标准：二级医院·职工医保" in summary
    assert "列“二级医院支付标准（居民）”：支付标准：二级医院·居民医保" in summary
    assert "也用于表中未列出的级别" in summary
    ae19 = _group(db, "AE19")
    assert (ae19["weight"], ae19["avg_cost_fen"]) == ("11.17", 11860306)
    assert [(s["level"], s["insurance"], s["fen"]) for s in json.loads(ae19["level_standards"])] == [
        (2, "employee", 11860306), (2, "resident", 10946600)]
    assert ae19["extra"] is None
    remarked = next(db.query("SELECT note FROM current_drg_groups WHERE note LIKE '%参照%' LIMIT 1"))
    assert "支付" in remarked["note"]


@pytest.mark.parametrize("choice", ["二级医院支付标准（居民）", "二级医院支付标准(居民)", "居民"])
def test_wuhan_resident_standard_by_choice(db, choice):
    result = load_group_table(db, WUHAN, actor="admin", cost_column=choice)
    assert result.cost_column == "二级医院支付标准（居民）" and not result.notes
    assert _group(db, "AE19")["avg_cost_fen"] == 10946600


def test_unknown_cost_column_is_refused_with_the_choices(db):
    with pytest.raises(UserError) as refused:
        load_group_table(db, WUHAN, actor="admin", cost_column="城乡")
    assert "二级医院支付标准（职工）" in refused.value.text.zh and "--cost-column" in refused.value.text.en
    assert db["reference_versions"].count == 0


@pytest.mark.parametrize("header", [
    "病组编码,病组名称,相对权重,次均费用,平均住院日",
    "drg_code,drg_name,weight,avg_cost,avg_los",
    "DRG编码,DRG名称,初始权重,均次费用,平均住院日",
])
def test_header_variants(db, tmp_path, header):
    path = _write(tmp_path / "groups.csv", f"{header}\nFM19,经皮冠状动脉支架植入,2.1,45,678.90,7.5\n"
                  .replace("45,678.90", '"45,678.90"'))
    result = load_group_table(db, path, actor="admin")
    assert result.rows_loaded == 1
    row = _group(db, "FM19")
    assert (row["weight"], row["avg_cost_fen"], row["avg_los"]) == ("2.1", 4567890, "7.5")


def test_base_points_without_weight_and_a_title_row(db, tmp_path):
    path = _write(tmp_path / "points.csv", "某市2024年DRG病组基准点数表\nDRG编码,DRG名称,基准点数\nES31,呼吸系统感染,85.3\n")
    load_group_table(db, path, actor="admin")
    row = _group(db, "ES31")
    assert (row["weight"], row["base_points"], row["payable_by_drg"]) == (None, "85.3", 1)


def test_gb18030_and_xlsx_tables(db, tmp_path):
    gb = _write(tmp_path / "gb.csv", "DRG编码,DRG名称,RW,支付标准\nGB25,胃肠道出血（≥65岁）,0.92,¥8812.5\n",
                encoding="gb18030")
    load_group_table(db, gb, actor="admin")
    assert _group(db, "GB25")["drg_name"] == "胃肠道出血（≥65岁）"
    assert _group(db, "GB25")["avg_cost_fen"] == 881250

    book = Workbook()
    sheet = book.active
    sheet.append(["DRG编码", "DRG名称", "权重", "支付标准"])
    sheet.append(["IC29", "髋、肩、膝、肘和踝关节置换术", 3.79, 77428.6])
    sheet.append(["XT19", "其他影响健康状态的因素", "按项目据实支付", None])
    book.save(tmp_path / "groups.xlsx")
    result = load_group_table(db, tmp_path / "groups.xlsx", actor="admin")
    assert result.rows_loaded == 2 and result.not_payable == ["XT19"]
    row = _group(db, "IC29")
    assert (row["weight"], row["avg_cost_fen"]) == ("3.79", 7742860)


def test_bad_rows_rejected_with_row_number_while_good_rows_load(db, tmp_path):
    path = _write(tmp_path / "bad.csv", "\n".join([
        "DRG编码,DRG名称,RW,支付标准",
        "AE19,肾移植,5.8,118507",  # row 2
        ",无编码,1.0,100",  # row 3
        "BR11,脑卒中,1,2.5,100",  # row 4: an unquoted comma shifts the cost column
        "ES31,呼吸系统感染,0.9x,7000",  # row 5
        "AE19,肾移植（重复）,6.0,120000",  # row 6
        "FM19,经皮冠状动脉支架植入,2.1,-12.345",  # row 7
        "GB25,胃肠道出血,0.92,8812.5",  # row 8
    ]) + "\n")
    result = load_group_table(db, path, actor="admin")
    assert result.rows_loaded == 2 and result.rows_read == 7
    rejected = {r.source_row: r for r in result.rejected}
    assert sorted(rejected) == [3, 4, 5, 6, 7]
    assert "缺少 DRG 编码" in rejected[3].reason.zh
    assert "多出 1 个单元格" in rejected[4].reason.zh
    assert "0.9x" in rejected[5].reason.zh and "不是数字" in rejected[5].reason.zh
    assert "第 2 行重复" in rejected[6].reason.zh
    assert "12.345" in rejected[7].reason.zh
    assert _group(db, "AE19")["drg_name"] == "肾移植"
    summary = "\n".join(result.summary_lines())
    assert "第 5 行 ES31：权重“0.9x”不是数字" in summary and "拒收行：5" in summary
    version = next(db.query("SELECT * FROM reference_versions"))
    assert (version["rows"], version["rows_rejected"]) == (2, 5)


@pytest.mark.parametrize("content, expected", [
    ("编码,名称,金额\nA,B,1\n", "找不到表头"),
    ("DRG编码,支付标准\nAE19,118507\n", "DRG名称"),
    ("DRG编码,DRG名称,支付标准\nAE19,肾移植,118507\n", "权重"),
    ("DRG编码,DRG名称,RW\n,肾移植,5.8\n", "没有可载入的行"),
])
def test_unusable_file_is_refused_and_database_unchanged(db, db_path, tmp_path, content, expected):
    load_group_table(db, BEIJING, actor="admin")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db_path.read_bytes()
    path = _write(tmp_path / "wrong.csv", content)
    with pytest.raises(UserError) as refused:
        load_group_table(db, path, actor="admin")
    assert expected in refused.value.text.zh and "wrong.csv" in refused.value.text.zh
    assert refused.value.text.en and "wrong.csv" in refused.value.text.en
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert db_path.read_bytes() == before
    assert db["reference_versions"].count == 1


def test_replacing_a_table_keeps_the_old_version_and_audits_the_change(db, tmp_path):
    first = load_group_table(db, BEIJING, actor="alice", label="北京2022")
    changed = tmp_path / "beijing-2023.csv"
    text = BEIJING.read_text(encoding="utf-8").replace("AE19,肾移植,5.8,118507", "AE19,肾移植,6.1,121000")
    _write(changed, text + "ZZ99,新增演示组,1.0,10000\n")
    second = load_group_table(db, changed, actor="bob", label="北京2023")
    assert second.previous_version_id == first.version_id
    assert (second.added, second.removed, second.changed) == (1, 0, 1)
    versions = list(db.query("SELECT id, label, is_current FROM reference_versions ORDER BY id"))
    assert [(v["label"], v["is_current"]) for v in versions] == [("北京2022", 0), ("北京2023", 1)]
    old = next(db.query("SELECT weight FROM drg_groups WHERE version_id = ? AND drg_code = 'AE19'",
                        [first.version_id]))
    assert old["weight"] == "5.8" and _group(db, "AE19")["weight"] == "6.1"
    event = events(db, entity="reference_versions")[0]
    assert (event["action"], event["actor"]) == ("groups.load", "bob")
    before, after = json.loads(event["before"]), json.loads(event["after"])
    assert before["id"] == first.version_id and before["label"] == "北京2022" and before["rows"] == 696
    assert after["id"] == second.version_id and after["rows"] == 697
    assert after["changes"]["added"] == ["ZZ99"]
    (change,) = after["changes"]["changed"]
    assert change["code"] == "AE19"
    assert (change["before"][:4], change["after"][:4]) == (["5.8", None, 11850700, 1], ["6.1", None, 12100000, 1])
    assert verify_chain(db) == []


def test_bundled_default_table(db):
    result = load_bundled_groups(db, actor="setup")
    assert result.label == DEFAULT_GROUPS_LABEL and result.source == "bundled: default-groups.csv"
    assert result.rows_loaded == len(read_chs_groups()) == 634 and result.rows_rejected == 0
    ae19 = _group(db, "AE19")
    assert (ae19["weight"], ae19["avg_cost_fen"]) == ("5.8", 11850700)
    assert json.loads(ae19["extra"]) == {"来源": "北京2022"}
    # A 2.0 group Beijing 2022 does not have: no weight, its benchmark comes from the cases.
    aa29 = _group(db, "AA29")
    assert (aa29["weight"], aa29["avg_cost_fen"], aa29["payable_by_drg"]) == (None, None, 1)
    assert "AA29" in result.without_weight


def test_default_rows_show_beijing_name_when_the_code_means_another_group():
    rows = {r.drg_code: r for r in build_default_rows()}
    assert rows["AA19"].source == "北京2022（北京名称：心脏移植）"
    assert rows["AE19"].source == "北京2022"
    assert rows["AA29"].weight == "" and "北京2022无此编码" in rows["AA29"].source


def test_bundled_csv_is_what_the_builder_writes(tmp_path):
    from workstation.reference.bundled import default_groups_path, write_default_groups

    rebuilt = write_default_groups(tmp_path / "default-groups.csv")
    assert rebuilt.read_bytes() == default_groups_path().read_bytes()
    assert rebuilt.read_bytes().startswith(b"\xef\xbb\xbf")


def test_shared_reference_copies_are_unchanged():
    shared = ROOT.parent / "shared" / "reference"
    if not shared.exists():
        pytest.skip("no shared reference folder beside the project")
    for name in ("chs-drg-2.0-groups.dat", "chs-drg-2.0-adrg.dat"):
        assert (ROOT / "resources" / "drg" / name).read_bytes() == (shared / name).read_bytes()
    for name in ("beijing-2022.csv", "wuhan-2022.csv"):
        assert (ROOT / "resources" / "drg" / name).read_bytes() == (shared / "payment" / name).read_bytes()


def test_copy_of_a_table_under_another_name_still_loads(db, tmp_path):
    copy = tmp_path / "北京 2022 权重.csv"
    shutil.copy(BEIJING, copy)
    result = load_group_table(db, copy, actor="admin")
    assert result.source == "北京 2022 权重.csv" and result.label == "北京 2022 权重"
