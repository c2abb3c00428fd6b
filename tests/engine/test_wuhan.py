"""A batch this engine's author did not design: groups from Wuhan's published 2022 table
(../shared/reference/payment/wuhan-2022.csv, 二级医院支付标准（职工） as the average cost),
checked against values computed by hand from domain.md."""
from __future__ import annotations

import pytest

from tests.engine.factory import add_batch, add_case, add_groups, add_hospitals
from workstation.engine.recompute import recompute

# Rows copied from wuhan-2022.csv: DRG编码, DRG名称, RW, 二级医院支付标准（职工）
WUHAN_ROWS = [
    ("BB11", "脑创伤开颅术，伴有严重并发症与合并症", "7.84", "83245.12"),
    ("CD29", "除眼眶外的外眼手术", "0.44", "4671.92"),
    ("KS19", "糖尿病", "0.35", "3716.3"),
]


@pytest.fixture
def wuhan(db, tmp_path):
    from workstation.engine.ruleset import load_rules_file

    rules = tmp_path / "wuhan.toml"
    rules.write_text('[point_value]\ndefault = "50.00"\n', encoding="utf-8")
    load_rules_file(db, rules, actor="test")
    add_groups(db, [{"drg_code": c, "drg_name": n, "weight": w, "avg_cost": a} for c, n, w, a in WUHAN_ROWS],
               label="武汉2022职工")
    add_hospitals(db, [{"hospital_code": "420100001", "level": 2, "coefficient": "1.0"}])
    batch = add_batch(db)
    ids = {
        "A": add_case(db, batch, drg_code="KS19", cost="11148.90", hospital="420100001"),
        "B": add_case(db, batch, drg_code="KS19", cost="11148.89", hospital="420100001"),
        "C": add_case(db, batch, drg_code="KS19", cost="1114.89", hospital="420100001"),
        "D": add_case(db, batch, drg_code="KS19", cost="20000.00", hospital="420100001"),
        "E": add_case(db, batch, drg_code="BB11", cost="150000.00", mode=5, hospital="420100001"),
        "F": add_case(db, batch, drg_code="CD29", cost="5000.00", mode=2, hospital="420100001"),
        "G": add_case(db, batch, drg_code="ZZ11", cost="12000.00", hospital="420100001"),
    }
    recompute(db, actor="test")
    return {name: next(db.query("SELECT * FROM case_results_full WHERE case_pk = ?", [pk])) for name, pk in ids.items()}


def test_diabetes_exactly_at_three_times_the_standard_is_high(wuhan):
    # KS19: RW 0.35 -> 35 base points (<= 100 -> k = 3.0); 3 × 3,716.30 = 11,148.90 yuan.
    a = wuhan["A"]
    assert (a["avg_cost_fen"], a["benchmark_source"], a["high_multiple"]) == (371630, "table", "3.0")
    assert a["high_threshold_fen"] == 1114890 and a["flag_codes"] == "HIGH;SMALL_GROUP"
    # 35 + (11,148.90 / 3,716.30 − 3) × 35 = 35 points; × 50.00 yuan = 1,750.00 yuan
    assert (a["payment_basis"], a["points"], a["estimated_payment_fen"]) == ("HIGH", 35.0, 175000)


def test_one_fen_under_is_a_normal_case(wuhan):
    b = wuhan["B"]
    assert (b["flag_codes"], b["payment_basis"], b["points"]) == ("SMALL_GROUP", "NORMAL", 35.0)


def test_exactly_three_tenths_of_the_standard_is_low(wuhan):
    # 0.3 × 3,716.30 = 1,114.89 yuan; points 35 × 1,114.89 / 3,716.30 = 10.5
    c = wuhan["C"]
    assert c["low_threshold_fen"] == 111489
    assert (c["flag_codes"], c["payment_basis"], c["points"], c["estimated_payment_fen"]) == (
        "LOW;SMALL_GROUP", "LOW", 10.5, 52500)


def test_high_case_earns_extra_points(wuhan):
    # 35 + (20,000 / 3,716.30 − 3) × 35 = 118.35939… -> 118.3594; × 50 = 5,917.97 yuan
    d = wuhan["D"]
    assert (d["payment_basis"], d["points"], d["estimated_payment_fen"]) == ("HIGH", 118.3594, 591797)
    assert round(d["cost_ratio"], 4) == 5.3817


def test_high_cost_death_keeps_its_extra_points(wuhan):
    # BB11: RW 7.84 -> 784 points (> 300 -> k = 1.5); threshold 1.5 × 83,245.12 = 124,867.68 yuan.
    # 784 + (150,000 / 83,245.12 − 1.5) × 784 = 1,020.69542… -> 1,020.6954; × 50 = 51,034.77 yuan
    e = wuhan["E"]
    assert (e["high_multiple"], e["high_threshold_fen"]) == ("1.5", 12486768)
    assert e["flag_codes"] == "HIGH;INCOMPLETE;SMALL_GROUP"
    assert (e["payment_basis"], e["points"], e["estimated_payment_fen"]) == ("HIGH", 1020.6954, 5103477)


def test_transfer_is_pro_rated_but_capped_at_the_base_points(wuhan):
    # CD29: 44 × 5,000 / 4,671.92 = 47.09 > 44 -> 44 points
    f = wuhan["F"]
    assert (f["flag_codes"], f["payment_basis"], f["points"]) == ("INCOMPLETE;SMALL_GROUP", "INCOMPLETE", 44.0)


def test_code_missing_from_the_table_is_paid_by_item(wuhan):
    # overall average = 210,412.68 / 7 = 30,058.954… -> 30,058.95 yuan;
    # 12,000 / 30,058.95 × 100 = 39.92155… -> 39.9216 points; × 50 = 1,996.08 yuan
    g = wuhan["G"]
    assert (g["flag_codes"], g["payment_basis"], g["benchmark_source"]) == ("UNGROUPED", "BY_ITEM", "none")
    assert (g["points"], g["estimated_payment_fen"]) == (39.9216, 199608)
