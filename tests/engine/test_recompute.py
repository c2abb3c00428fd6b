"""Recompute in the store: benchmarks and their source, every flag, readmissions across
periods, rules loads (audited, versioned, recomputed) and all-or-nothing writes."""
from __future__ import annotations

import json

import pytest

from tests.engine.factory import add_batch, add_case, add_groups, add_hospitals, result
from workstation.domain.jobs import Cancelled, JobControl
from workstation.domain.messages import UserError
from workstation.engine.recompute import recompute
from workstation.engine.ruleset import current_rules, load_rules_file


def write_rules(tmp_path, text: str):
    path = tmp_path / "region.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_group_without_average_cost_is_benchmarked_on_its_cases(db):
    add_groups(db, [{"drg_code": "FM19", "weight": "1.2"}])
    batch = add_batch(db)
    pks = [add_case(db, batch, cost=c) for c in ("10000.00", "20000.00", "30000.01")]
    recompute(db, actor="t")
    row = result(db, pks[0])
    # mean of 10,000.00, 20,000.00 and 30,000.01 = 20,000.0033… -> 20,000.00 yuan, from 3 cases
    assert (row["avg_cost_fen"], row["benchmark_source"], row["benchmark_n"]) == (2000000, "computed", 3)
    assert (row["weight"], row["base_points"]) == (1.2, 120.0)


def test_without_any_group_table_weights_come_from_the_overall_average(db):
    batch = add_batch(db)
    a = add_case(db, batch, drg_code="FM19", cost="30000.00")
    add_case(db, batch, drg_code="GB11", cost="10000.00")
    recompute(db, actor="t")
    row = result(db, a)
    # overall average 20,000; FM19 average 30,000 -> weight 1.5, 150 base points; no code is "not in the table"
    assert (row["weight"], row["base_points"], row["benchmark_source"]) == (1.5, 150.0, "computed")
    assert "UNGROUPED" not in row["flag_codes"]


def test_unknown_code_and_group_paid_by_item(db):
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"},
                    {"drg_code": "WB19", "weight": None, "payable_by_drg": 0}])
    batch = add_batch(db)
    unknown = add_case(db, batch, drg_code="XX99", cost="5000.00")
    by_item = add_case(db, batch, drg_code="WB19", cost="15000.00")
    recompute(db, actor="t")
    assert (result(db, unknown)["flag_codes"], result(db, unknown)["payment_basis"]) == ("UNGROUPED", "BY_ITEM")
    row = result(db, by_item)
    assert row["payment_basis"] == "BY_ITEM" and "UNGROUPED" not in row["flag_codes"]
    # overall average (5,000 + 15,000) / 2 = 10,000: 15,000 / 10,000 × 100 = 150 points
    assert row["points"] == 150.0


def test_hospital_coefficient_scales_points(db):
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    add_hospitals(db, [{"hospital_code": "H001", "coefficient": "1.05", "level": 3}])
    batch = add_batch(db)
    pk = add_case(db, batch, cost="10000.00")
    other = add_case(db, batch, cost="10000.00", hospital="H999")
    recompute(db, actor="t")
    assert (result(db, pk)["coefficient"], result(db, pk)["points"]) == (1.05, 105.0)
    assert (result(db, other)["coefficient"], result(db, other)["points"]) == (1.0, 100.0)


def test_each_single_field_flag_is_stored(db):
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    pks = {
        "LONG_STAY": add_case(db, batch, los=60),
        "INCOMPLETE": add_case(db, batch, mode=4),
        "NEW_TECH": add_case(db, batch, new_tech=1),
        "SEX_CONFLICT": add_case(db, batch, sex=1, main_dx="I21.000", other_dx="O80.000"),
        "FEE_MISMATCH": add_case(db, batch, cost="100.00", fees={"fee_bed": 5000, "fee_western": 4899}),
        "": add_case(db, batch, cost="100.00", los=59, fees={"fee_bed": 5000, "fee_western": 4900}),
    }
    recompute(db, actor="t")
    for code, pk in pks.items():
        codes = result(db, pk)["flag_codes"].split(";")
        assert (code in codes) if code else not set(codes) & {"LONG_STAY", "FEE_MISMATCH"}


def test_readmission_across_periods_halves_the_earlier_stay(db, tmp_path):
    load_rules_file(db, write_rules(tmp_path, '[readmission]\npoints_factor = "0.5"\n'), actor="t")
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    february, march = add_batch(db, "2024-02"), add_batch(db, "2024-03")
    earlier = add_case(db, february, period="2024-02", patient="P1", discharge="2024-02-25", los=5)
    add_case(db, february, period="2024-02", patient="P2", discharge="2024-02-25", los=5)
    recompute(db, ["2024-02"], actor="t")
    assert result(db, earlier)["points"] == 100.0  # its readmission is not imported yet
    # 15 days after P1's discharge; 16 days after P2's
    later = add_case(db, march, period="2024-03", patient="P1", admit="2024-03-11", discharge="2024-03-15", los=4)
    too_late = add_case(db, march, period="2024-03", patient="P2", admit="2024-03-12", discharge="2024-03-15",
                        los=3)
    result_of_march = recompute(db, ["2024-03"], actor="t")
    assert result_of_march.periods == ["2024-02", "2024-03"]  # the earlier stay's period is recomputed too
    assert "READMIT" in result(db, later)["flag_codes"]
    assert "READMIT_PRIOR" in result(db, earlier)["flag_codes"] and result(db, earlier)["points"] == 50.0
    assert "READMIT" not in result(db, too_late)["flag_codes"]


def test_high_multiple_by_hospital_level(db, tmp_path):
    load_rules_file(db, write_rules(tmp_path, '[high]\nbasis = "hospital_level"\n'), actor="t")
    add_groups(db, [{"drg_code": "FM19", "weight": "0.5", "avg_cost": "10000.00"}])
    add_hospitals(db, [{"hospital_code": "T3", "level": 3}, {"hospital_code": "T2", "level": 2}])
    batch = add_batch(db)
    third = add_case(db, batch, hospital="T3", cost="25000.00")
    second = add_case(db, batch, hospital="T2", cost="25000.00")
    first = add_case(db, batch, hospital="T1", level=1, cost="20000.00")  # level from the batch itself
    recompute(db, actor="t")
    assert (result(db, third)["high_multiple"], "HIGH" in result(db, third)["flag_codes"]) == ("3.0", False)
    assert (result(db, second)["high_multiple"], "HIGH" in result(db, second)["flag_codes"]) == ("2.0", True)
    assert (result(db, first)["high_multiple"], "HIGH" in result(db, first)["flag_codes"]) == ("2.0", True)


def test_loading_rules_is_audited_versioned_and_recomputes(db, tmp_path):
    from workstation.services.operations import load_rules

    batch = add_batch(db)
    pk = add_case(db, batch, cost="3500.00")
    add_case(db, batch, cost="12000.00")
    add_case(db, batch, cost="14500.00")  # group average 10,000: 3,500 is LOW only at 0.4
    first = recompute(db, actor="t")
    assert "LOW" not in result(db, pk)["flag_codes"] and result(db, pk)["ruleset_id"] == first.ruleset_id
    outcome = load_rules(db, write_rules(tmp_path, '[low]\nmultiple = "0.4"\n'), actor="王审核")
    assert "LOW" in result(db, pk)["flag_codes"]
    assert result(db, pk)["ruleset_id"] == outcome.result.ruleset_id != first.ruleset_id
    assert db.execute("SELECT COUNT(*) FROM rulesets WHERE is_current = 1").fetchone()[0] == 1
    event = next(db.query("SELECT * FROM audit_log WHERE action = 'rules.load' ORDER BY id DESC LIMIT 1"))
    assert event["actor"] == "王审核"
    before, after = json.loads(event["before"]), json.loads(event["after"])
    assert before["changed"]["low.multiple"] == "0.3" and after["changed"]["low.multiple"] == "0.4"
    assert after["name"] == "region（在默认规则上修改 / over the defaults）" and after["source"].endswith("region.toml")
    assert set(after["changed"]) == {"low.multiple", "ruleset.name"}
    assert current_rules(db).low_multiple_text == "0.4"


def test_default_rules_are_recorded_on_first_use(db):
    recompute(db, actor="t")
    row = next(db.query("SELECT * FROM rulesets"))
    assert row["source"].startswith("bundled") and row["is_current"] == 1
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'rules.load'").fetchone()[0] == 1


def test_a_bad_rules_file_changes_nothing(db, tmp_path):
    with pytest.raises(UserError) as caught:
        load_rules_file(db, write_rules(tmp_path, '[long_stay]\ndays = "sixty"\n'), actor="t")
    assert "long_stay.days" in str(caught.value) and "sixty" in str(caught.value)
    with pytest.raises(UserError) as caught:
        load_rules_file(db, write_rules(tmp_path, "[low\nmultiple = 1"), actor="t")
    assert "TOML" in str(caught.value)
    with pytest.raises(UserError):
        load_rules_file(db, tmp_path / "missing.toml", actor="t")
    assert db.execute("SELECT COUNT(*) FROM rulesets").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 0


def test_cancel_leaves_the_previous_results(db, tmp_path):
    batch = add_batch(db)
    pk = add_case(db, batch, cost="3500.00")
    add_case(db, batch, cost="12000.00")
    add_case(db, batch, cost="14500.00")
    recompute(db, actor="t")
    before = result(db, pk)
    load_rules_file(db, write_rules(tmp_path, '[low]\nmultiple = "0.4"\n'), actor="t")
    with pytest.raises(Cancelled):
        recompute(db, actor="t", control=JobControl(is_cancelled=lambda: True))
    assert result(db, pk) == before


def test_recomputing_one_period_leaves_the_others(db):
    february, march = add_batch(db, "2024-02"), add_batch(db, "2024-03")
    feb = add_case(db, february, period="2024-02", cost="10000.00")
    mar = add_case(db, march, period="2024-03", cost="10000.00")
    recompute(db, actor="t")
    db.execute("UPDATE cases SET total_cost_fen = 100")  # (cases never change in use: a probe)
    recompute(db, ["2024-03"], actor="t")
    assert result(db, feb)["avg_cost_fen"] == 1000000
    assert result(db, mar)["avg_cost_fen"] == 100
    assert db.execute("SELECT COUNT(*) FROM case_results").fetchone()[0] == 2


def test_results_copy_the_case_fields_the_queue_sorts_on(db):
    batch = add_batch(db)
    pk = add_case(db, batch, cost="12345.67", los=9, patient="P42", case_id="ZY001", discharge="2024-03-09")
    recompute(db, actor="t")
    row = result(db, pk)
    assert (row["case_id"], row["patient_id"], row["discharge_date"], row["los"], row["total_cost_fen"],
            row["period"], row["hospital_code"], row["drg_code"]) == (
        "ZY001", "P42", "2024-03-09", 9, 1234567, "2024-03", "H001", "FM19")
    assert row["ruleset_id"] and row["variant_id"]


def test_flags_are_explained_with_the_rules_they_were_computed_with(db, tmp_path):
    from workstation.domain.flags import explain
    from workstation.engine.ruleset import rules_of

    load_rules_file(db, write_rules(tmp_path, "[long_stay]\ndays = 30\n"), actor="t")
    batch = add_batch(db)
    pk = add_case(db, batch, los=31)
    recompute(db, actor="t")
    row = result(db, pk)
    assert "LONG_STAY" in row["flag_codes"]
    load_rules_file(db, write_rules(tmp_path, "[long_stay]\ndays = 45\n"), actor="t")  # not recomputed yet
    assert explain("LONG_STAY", case={}, result=row, rules=rules_of(db, row["ruleset_id"])) == "住院 31 天 ≥ 30 天"
