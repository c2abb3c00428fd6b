"""A region's rules file changes what the engine computes, parameter by parameter, and every
change of input (batch, group table, hospital table, rules) brings the results up to date."""
from __future__ import annotations

import pytest

from tests.engine.factory import add_batch, add_case, add_groups, result
from workstation.engine.recompute import recompute
from workstation.engine.ruleset import load_rules_file


@pytest.fixture
def region(db, tmp_path):
    def load(text: str):
        path = tmp_path / "region.toml"
        path.write_text(text, encoding="utf-8")
        load_rules_file(db, path, actor="t")
    return load


def _with_group(db, cases: list[dict]) -> list[int]:
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    return [add_case(db, batch, **c) for c in cases]


@pytest.mark.parametrize("rules, case, flag", [
    ('[long_stay]\ndays = 30\n', {"los": 30}, "LONG_STAY"),
    ('[incomplete]\ndischarge_modes = [9]\n', {"mode": 9}, "INCOMPLETE"),
    ('[ungrouped]\ncodes = ["", "0000", "FM19"]\n', {}, "UNGROUPED"),
    ('[ungrouped]\nsuffixes = ["19"]\n', {}, "UNGROUPED"),
    ('[readmission]\nwindow_days = 40\n', {"patient": "P9", "discharge": "2024-03-25", "los": 2}, "READMIT"),
    ('[fee_mismatch]\ntolerance = "0.50"\n', {"fees": {"fee_bed": 999949}}, "FEE_MISMATCH"),
    ('[low]\nmultiple = "0.5"\n', {"cost": "5000.00"}, "LOW"),
    ('[high]\ntiers = [{ multiple = "1.2" }]\n', {"cost": "12000.00"}, "HIGH"),
    ('[high]\nbasis = "hospital_level"\n[high.by_level]\nunknown = "1.1"\n', {"cost": "11000.00"}, "HIGH"),
])
def test_a_region_parameter_changes_the_flags(db, region, rules, case, flag):
    pks = _with_group(db, [case, {"patient": "P9", "discharge": "2024-02-20", "los": 3, "period": "2024-03"}])
    recompute(db, actor="t")
    before = result(db, pks[0])["flag_codes"].split(";")
    region(rules)
    recompute(db, actor="t")
    after = result(db, pks[0])["flag_codes"].split(";")
    assert flag not in before and flag in after


def test_a_region_sets_the_small_group_size(db, region):
    pks = _with_group(db, [{}, {}])
    recompute(db, actor="t")
    assert "SMALL_GROUP" in result(db, pks[0])["flag_codes"]  # 2 cases < 5
    region('[small_group]\nmin_cases = 2\n')
    recompute(db, actor="t")
    assert "SMALL_GROUP" not in result(db, pks[0])["flag_codes"]


def test_a_region_sets_the_overall_average_and_the_point_value(db, region):
    pks = _with_group(db, [{"drg_code": "0000", "cost": "5000.00"}, {"cost": "10000.00"}])
    region('[overall_avg_cost]\nvalue = "20000.00"\n[point_value.periods]\n"2024-03" = "80.00"\n')
    recompute(db, actor="t")
    # paid by item: 5,000 / 20,000 × 100 = 25 points; × 80.00 = 2,000.00 yuan
    assert (result(db, pks[0])["points"], result(db, pks[0])["estimated_payment_fen"]) == (25.0, 200000)
    assert result(db, pks[1])["estimated_payment_fen"] == 800000  # 100 points × 80.00


def test_a_region_changes_precedence_extra_points_and_decimals(db, region):
    pks = _with_group(db, [{"cost": "35000.00", "mode": 5}])
    region('[precedence]\norder = ["INCOMPLETE", "HIGH", "LOW", "UNGROUPED"]\n[points]\ndecimals = 2\n')
    recompute(db, actor="t")
    assert (result(db, pks[0])["payment_basis"], result(db, pks[0])["points"]) == ("INCOMPLETE", 100.0)
    region('[high]\nextra_points_factor = "0.5"\n')
    recompute(db, actor="t")
    # 100 + 0.5 × (3.5 − 3) × 100 = 125
    assert (result(db, pks[0])["payment_basis"], result(db, pks[0])["points"]) == ("HIGH", 125.0)


def test_special_case_cap_from_a_region(db, region):
    from workstation.engine.summary import hospital_summary

    _with_group(db, [{} for _ in range(40)])
    recompute(db, actor="t")
    assert hospital_summary(db)[0].special_case_quota == 2  # 5% of 40
    region('[special_case]\ncap = "0.1"\n')
    assert hospital_summary(db)[0].special_case_quota == 4


def test_group_and_hospital_tables_loaded_through_the_services_recompute(db, tmp_path):
    from workstation.services.operations import load_groups, load_hospitals

    batch = add_batch(db)
    pk = add_case(db, batch, drg_code="FM19", cost="30000.00", hospital="H001")
    add_case(db, batch, drg_code="GB11", cost="10000.00", hospital="H001")
    recompute(db, actor="t")
    assert result(db, pk)["benchmark_source"] == "computed"
    groups = tmp_path / "groups.csv"
    groups.write_text("DRG编码,DRG名称,权重,均次费用\nFM19,心律失常,1.00,10000.00\n", encoding="utf-8")
    load_groups(db, groups, actor="t")
    row = result(db, pk)
    assert (row["benchmark_source"], row["avg_cost_fen"], row["flag_codes"]) == ("table", 1000000, "HIGH;SMALL_GROUP")
    hospitals = tmp_path / "hospitals.csv"
    hospitals.write_text("机构编码,机构名称,级别,差异系数\nH001,第一医院,三级,1.10\n", encoding="utf-8")
    load_hospitals(db, hospitals, actor="t")
    assert result(db, pk)["coefficient"] == 1.1


def test_an_imported_batch_is_computed_at_once(db, tmp_path):
    from workstation.services.operations import import_file

    batch = tmp_path / "batch.csv"
    batch.write_text(
        "就诊ID,定点医药机构编码,人员编号,性别,年龄,入院日期,出院日期,离院方式,主要诊断编码,DRG编码,医疗总费用\n"
        "Z1,H001,P1,1,60,2024-03-01,2024-03-08,1,I21.000,FM19,\"12,000.00\"\n"
        "Z2,H001,P2,1,61,2024-03-02,2024-03-09,5,O80.000,FM19,36000\n", encoding="utf-8")
    outcome = import_file(db, batch, actor="t", period="2024-03")
    assert outcome.recomputed.cases == 2
    rows = {r["case_id"]: r for r in db.query("SELECT * FROM case_results_full")}
    # no group table: FM19's average is computed from its 2 cases, (12,000 + 36,000) / 2 = 24,000
    assert (rows["Z1"]["avg_cost_fen"], rows["Z1"]["benchmark_source"], rows["Z1"]["benchmark_n"]) == (
        2400000, "computed", 2)
    assert rows["Z2"]["flag_codes"] == "INCOMPLETE;SMALL_GROUP;SEX_CONFLICT"
