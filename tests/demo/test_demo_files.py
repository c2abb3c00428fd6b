"""The demo month: reproducible, realistic, and carrying what a real month carries."""
from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from workstation.demo.people import id_number_is_valid
from workstation.demo.writer import write_demo
from workstation.domain.fields import CASE_FIELDS, FEE_CATEGORIES
from workstation.domain.messages import UserError
from workstation.domain.money import parse_yuan_to_fen
from workstation.reference.bundled import read_chs_groups

CASES = 5000


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    files = write_demo(tmp_path_factory.mktemp("demo"), cases=CASES, seed=7)
    frame = pd.read_csv(files.batch, encoding="gb18030", dtype=str, keep_default_na=False)
    return files, frame


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fen(text: str) -> int | None:
    try:
        return parse_yuan_to_fen(text)
    except ValueError:
        return None


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    first = write_demo(tmp_path / "a", cases=800, seed=3)
    second = write_demo(tmp_path / "b", cases=800, seed=3)
    other = write_demo(tmp_path / "c", cases=800, seed=4)
    assert _sha(first.batch) == _sha(second.batch)
    assert first.planted == second.planted
    assert _sha(first.batch) != _sha(other.batch)


def test_batch_has_every_settlement_column_in_chinese(demo):
    files, frame = demo
    assert list(frame.columns) == [f.zh for f in CASE_FIELDS]
    assert len(frame) == CASES
    assert files.batch.read_bytes()[:6] == "就诊ID".encode("gb18030")


def test_drg_codes_are_real_chs_drg_2_codes(demo):
    _, frame = demo
    real = {code for code, _ in read_chs_groups()}
    codes = frame["DRG编码"]
    grouped = codes[(codes != "") & (codes != "0000") & ~codes.str.endswith("QY")]
    assert set(grouped) <= real
    assert grouped.nunique() > 100
    # Skewed: the ten most common groups carry far more than their even share.
    assert grouped.value_counts().head(10).sum() > 0.25 * len(grouped)


def test_fee_categories_add_up_except_planted_mismatches(demo):
    files, frame = demo
    totals = frame["医疗总费用"].map(_fen)
    fee_sum = sum(frame[zh].map(_fen) for _, zh in FEE_CATEGORIES)
    readable = totals.notna() & (totals >= 0)
    difference = (fee_sum[readable] - totals[readable]).abs()
    mismatched = int((difference > 100).sum())
    assert mismatched == files.planted["fee_mismatch"]
    assert (difference[difference <= 100] == 0).all()
    material = frame["卫生材料费"].map(_fen)
    assert (frame["高值耗材费"].map(_fen) <= material).all()


def test_expected_share_of_outliers_and_bad_rows(demo):
    files, frame = demo
    planted = files.planted
    for trait in ("high_cost", "low_cost", "long_stay", "ungrouped", "readmission",
                  "bad_missing", "bad_date", "bad_amount", "bad_order", "bad_negative",
                  "bad_duplicate"):
        assert planted[trait] > 0, trait
    assert 0.003 * CASES <= planted["bad_amount"] <= 0.008 * CASES
    los = pd.to_numeric(frame["实际住院天数"], errors="coerce")
    assert (los >= 60).sum() >= planted["long_stay"]
    assert frame["DRG编码"].isin(["", "0000"]).sum() + frame["DRG编码"].str.endswith("QY").sum() \
        == planted["ungrouped"]
    assert frame["离院方式"].isin(["2", "4", "5"]).mean() > 0.02
    assert (frame["新技术标识"] == "1").sum() == planted["new_tech"]
    assert frame["医疗总费用"].str.startswith("-").sum() == planted["bad_negative"]
    assert frame.duplicated(["定点医药机构编码", "就诊ID"]).sum() == planted["bad_duplicate"]
    assert frame["医疗总费用"].str.contains(",").any() and frame["医疗总费用"].str.contains("¥").any()
    assert frame["入院日期"].str.contains("/").any() and frame["入院日期"].str.fullmatch(r"\d{8}").any()


def test_pregnancy_diagnoses_on_men_are_the_planted_conflicts(demo):
    files, frame = demo
    male = frame["性别"].isin(["1", "男"])
    assert (male & frame["主要诊断编码"].str.startswith("O")).sum() == files.planted["sex_conflict"]


def test_id_numbers_are_valid_and_match_sex_and_age(demo):
    files, frame = demo
    ids = frame["证件号码"]
    assert ids.map(id_number_is_valid).all()
    usable = frame[~(frame["主要诊断编码"].str.startswith("O") & frame["性别"].isin(["1", "男"]))]
    usable = usable[usable["性别"] != ""]
    male = usable["性别"].isin(["1", "男"])
    assert ((usable["证件号码"].str[16].astype(int) % 2 == 1) == male).all()
    iso = usable[usable["入院日期"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    for _, row in iso.head(500).iterrows():
        birth = date(int(row["证件号码"][6:10]), int(row["证件号码"][10:12]), int(row["证件号码"][12:14]))
        admit = date.fromisoformat(row["入院日期"])
        age = admit.year - birth.year - ((admit.month, admit.day) < (birth.month, birth.day))
        assert age == int(row["年龄"])


def test_costs_sit_around_the_group_payment_standard(demo):
    _, frame = demo
    table = pd.read_csv(demo[0].groups, encoding="gb18030", dtype=str, keep_default_na=False)
    standard = dict(zip(table["DRG编码"], table["支付标准"]))
    rows = frame[frame["DRG编码"].isin(standard) & frame["离院方式"].eq("1")]
    ratio = [Decimal(_fen(c)) / Decimal(_fen(standard[g]) or 1)
             for c, g in zip(rows["医疗总费用"], rows["DRG编码"]) if _fen(c) and _fen(c) > 0]
    high = sum(r >= 3 for r in ratio) / len(ratio)
    assert 0.008 <= high <= 0.03
    median = sorted(ratio)[len(ratio) // 2]
    assert Decimal("0.7") <= median <= Decimal("1.2")


def test_refuses_unknown_encoding_and_period(tmp_path):
    with pytest.raises(UserError) as refused:
        write_demo(tmp_path, cases=10, encoding="latin-1")
    assert "gb18030" in str(refused.value)
    with pytest.raises(UserError) as refused:
        write_demo(tmp_path, cases=10, period="March")
    assert "2024-03" in str(refused.value)


def test_the_application_file_names_cases_of_the_batch_and_carries_bad_rows(demo, tmp_path):
    files, frame = demo
    table = pd.read_csv(files.applications.path, encoding="gb18030", dtype=str, keep_default_na=False)
    assert list(table.columns) == ["定点医药机构编码", "就诊ID", "申报类型", "申报理由", "申请支付方式", "申请金额",
                                   "附件清单", "申报日期"]
    assert len(table) == len(files.applications.good) + files.applications.bad_rows
    assert len(files.applications.good) == 8 and files.applications.bad_rows == 6
    in_batch = set(zip(frame["定点医药机构编码"], frame["就诊ID"]))
    assert set(files.applications.good) <= in_batch
    assert len({hospital for hospital, _ in files.applications.good}) == 8  # one application per hospital
    again = write_demo(tmp_path, cases=CASES, seed=7)
    assert _sha(again.applications.path) == _sha(files.applications.path)
