"""Group tables in the shapes cities publish them (small tables written here, none copied): every
shape loads whole with what each column serves reported, or is refused saying why and what to do."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.domain.messages import UserError
from workstation.reference.groups import load_group_table


def _group(db, code: str) -> dict:
    return next(db.query("SELECT * FROM current_drg_groups WHERE drg_code = ?", [code]))


def _load(db, tmp_path: Path, text: str, encoding: str = "utf-8", **options):
    path = tmp_path / "groups.csv"
    path.write_bytes(text.encode(encoding))
    return load_group_table(db, path, actor="admin", **options)


def _summary(result) -> str:
    return "\n".join(result.summary_lines())


def test_standards_with_three_or_four_decimals_are_kept_and_the_rounding_reported(db, tmp_path):
    result = _load(db, tmp_path, "DRG编码,DRG名称,RW,支付标准\nAA11,甲,50.1,1374016.511\nBB13,乙,0.4,8426.75968\n")
    assert (result.rows_loaded, result.rows_rejected) == (2, 0)
    aa, bb = _group(db, "AA11"), _group(db, "BB13")
    assert (aa["avg_cost_fen"], aa["avg_cost_text"]) == (137401651, "1374016.511")
    assert (bb["avg_cost_fen"], bb["avg_cost_text"]) == (842676, "8426.75968")
    assert "四舍五入到分：2 处（原值保留）" in _summary(result) and "AA11 1374016.511 → 1374016.51" in _summary(result)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
@pytest.mark.parametrize("header", ["分组编码,分组名称,权重,支付标准（三级）", "DRG,分组名称,RW,支付标准(三级)"])
def test_header_variants_in_every_encoding(db, tmp_path, encoding, header):
    result = _load(db, tmp_path, f"{header}\nFM19,经皮冠状动脉支架植入,2.1,45000.46\n", encoding)
    assert result.rows_loaded == 1
    row = _group(db, "FM19")
    assert (row["drg_name"], row["weight"], row["avg_cost_fen"]) == ("经皮冠状动脉支架植入", "2.1", 4500046)
    assert [(s["level"], s["fen"]) for s in json.loads(row["level_standards"])] == [(3, 4500046)]
    assert "支付标准：三级医院" in _summary(result)


def test_per_level_standards_and_coefficients(db, tmp_path):
    result = _load(db, tmp_path, "DRG编码,DRG名称,RW,一级医院支付标准,二级医院支付标准,三级医院支付标准,"
                   "一级医院系数,二级医院系数,三级医院系数\nES31,呼吸系统感染,0.9,6000,7000,9000.5,0.8,0.9,1.05\n")
    row = _group(db, "ES31")
    assert [(s["level"], s["insurance"], s["fen"]) for s in json.loads(row["level_standards"])] == [
        (1, None, 600000), (2, None, 700000), (3, None, 900050)]
    assert [(c["level"], c["value"]) for c in json.loads(row["level_coefficients"])] == [
        (1, "0.8"), (2, "0.9"), (3, "1.05")]
    assert row["avg_cost_fen"] == 900050  # for a hospital whose level the table does not serve
    summary = _summary(result)
    for line in ("列“一级医院支付标准”：支付标准：一级医院", "列“三级医院系数”：系数：三级医院",
                 "列“三级医院支付标准”：也用于表中未列出的级别"):
        assert line in summary


def test_per_insurance_columns(db, tmp_path):
    _load(db, tmp_path, "DRG编码,DRG名称,RW,二级医院支付标准（职工）,二级医院支付标准（居民）\nAE19,肾移植,11.17,118603.06,109466\n")
    standards = json.loads(_group(db, "AE19")["level_standards"])
    assert [(s["level"], s["insurance"], s["fen"]) for s in standards] == [
        (2, "employee", 11860306), (2, "resident", 10946600)]


def test_a_column_per_hospital_group_is_reported_and_left_out_unless_chosen(db, tmp_path):
    text = "DRG编码,DRG名称,RW,支付标准（青医/市立/齐鲁）,支付标准\nFM19,支架,2.1,52000,45000\n"
    result = _load(db, tmp_path, text)
    assert _group(db, "FM19")["avg_cost_fen"] == 4500000
    assert "未采用的列“支付标准（青医/市立/齐鲁）”：无法确定此列适用于哪一级医院" in _summary(result)
    assert json.loads(_group(db, "FM19")["extra"]) == {"支付标准（青医/市立/齐鲁）": "52000"}
    chosen = _load(db, tmp_path, text, cost_column="青医")
    assert _group(db, "FM19")["avg_cost_fen"] == 5200000 and chosen.cost_column == "支付标准（青医/市立/齐鲁）"


def test_group_attributes_are_kept(db, tmp_path):
    result = _load(db, tmp_path, "\n".join([
        "DRG编码,DRG名称,RW,支付标准,基础病组,稳定组,中医优势病组,单议病组",
        "AA11,甲,1.0,10000,是,是,否,否",
        "BB11※,乙※,1.2,12000,否,,否,否",
        "CC11,丙,0.8,8000,否,否,是,否",
        "DD11,丁,3.0,30000,否,是,否,是",
    ]) + "\n", "gb18030")
    got = {code: _group(db, code) for code in ("AA11", "BB11", "CC11", "DD11")}
    assert got["BB11"]["drg_name"] == "乙"
    assert [(g["base_group"], g["stability"], g["tcm_advantage"], g["single_review"]) for g in got.values()] == [
        (1, "stable", 0, 0), (0, "unstable", 0, 0), (0, "unstable", 1, 0), (0, "stable", 0, 1)]
    summary = _summary(result)
    assert "基础病组 1 组：AA11" in summary and "不稳定病组 2 组：BB11, CC11" in summary
    assert "单议病组（病例进入审核队列） 1 组：DD11" in summary


def test_a_kind_column_names_the_attributes(db, tmp_path):
    _load(db, tmp_path, "DRG编码,DRG名称,RW,病组类型\nAA11,甲,1.0,基础病组\nBB11,乙,1.0,不稳定病组\n")
    assert (_group(db, "AA11")["base_group"], _group(db, "BB11")["stability"]) == (1, "unstable")


def test_odd_rows_are_states_not_refusals(db, tmp_path):
    result = _load(db, tmp_path, "\n".join([
        "DRG编码,DRG名称,权重,支付标准",
        "0,未入组,0.52,",
        "XX19,某地不按DRG付费的组,0,0",
        "YY19,无支付数据的组,,",
        "ZZ19,普通组,1.1,11000",
    ]) + "\n")
    assert (result.rows_loaded, result.rows_rejected) == (4, 0)
    assert _group(db, "0")["row_state"] == "ungrouped_row" and _group(db, "0")["weight"] == "0.52"
    assert (_group(db, "XX19")["row_state"], _group(db, "XX19")["payable_by_drg"]) == ("not_paid", 0)
    assert _group(db, "YY19")["row_state"] == "no_payment_data"
    summary = _summary(result)
    assert "未入组病例行" in summary and "该病组不按 DRG 付费 1 组：XX19" in summary
    assert "无任何支付数据（基准按本期病例测算） 1 组：YY19" in summary


def test_a_point_value_table_is_refused_saying_which_option_names_its_meaning(db, tmp_path):
    text = "DRG编码,DRG名称,标准分值,一级医院等级系数,二级医院等级系数,三级医院等级系数\nFM19,支架,210.5,0.7,0.85,1\n"
    with pytest.raises(UserError) as refused:
        _load(db, tmp_path, text)
    assert "分值表" in refused.value.text.zh and "--score-as base-points" in refused.value.text.zh
    assert "--score-as weight" in refused.value.text.en
    assert db["reference_versions"].count == 0
    result = _load(db, tmp_path, text, score_as="base-points")
    row = _group(db, "FM19")
    assert (row["base_points"], row["weight"]) == ("210.5", None)
    assert [(c["level"], c["value"]) for c in json.loads(row["level_coefficients"])] == [(1, "0.7"), (2, "0.85"), (3, "1")]
    assert "按 --score-as 作为基准点数" in _summary(result)
