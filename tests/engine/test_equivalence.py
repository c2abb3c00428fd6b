"""The vectorised engine gives IDENTICAL results to the scalar reference rules, case by case,
over random cases, groups, hospitals and rules — boundary costs included."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.engine.factory import add_batch, add_groups, add_hospitals
from tests.engine.reference import expected_results
from workstation.domain.rules import rules_with
from workstation.engine.recompute import recompute
from workstation.store.db import open_memory

RULE_VARIANTS = [
    {},
    {"high.basis": "hospital_level"},
    {"readmission.points_factor": "0.5", "high.extra_points_factor": "0.7"},
    {"precedence.order": ["INCOMPLETE", "LOW", "HIGH", "UNGROUPED"], "points.decimals": 2},
    {"low.multiple": "0.4", "point_value.default": "85.55", "overall_avg_cost.value": "9876.54"},
    {"high.tiers": [{"up_to": "77.7", "multiple": "2.7"}, {"multiple": "1.3"}], "small_group.min_cases": 2},
    {"group_table.review_attributes": ["unstable", "tcm_advantage"], "group_table.base_group_same_payment": False},
]
GROUP_CODES = ["AA11", "BB13", "CC15", "DD19", "EE21"]

group_rows = st.fixed_dictionaries({
    "weight": st.one_of(st.none(), st.decimals("0.05", "30", places=2).map(str)),
    "base_points": st.one_of(st.none(), st.none(), st.decimals("1", "3000", places=2).map(str)),
    "avg_cost": st.one_of(st.none(), st.decimals("100", "300000", places=2).map(str)),
    "payable_by_drg": st.sampled_from([1, 1, 1, 0]),
    # Per-level / per-insurance standards and coefficients, attributes (published tables' shapes).
    "levels": st.one_of(st.none(), st.lists(st.tuples(
        st.sampled_from([None, 1, 2, 3]), st.sampled_from([None, None, "employee", "resident"]),
        st.decimals("100", "300000", places=2).map(str)), max_size=4)),
    "coefficients": st.one_of(st.none(), st.dictionaries(st.sampled_from([1, 2, 3]),
                                                         st.sampled_from(["0.9", "1.0", "1.15"]), max_size=3)),
    "attributes": st.lists(st.sampled_from(["single_review", "unstable", "tcm_advantage", "base_group"]),
                           max_size=2),
})

case_rows = st.fixed_dictionaries({
    "drg": st.sampled_from(GROUP_CODES + ["", "0000", "AAQY", "ZZ99", " aa11 ", None]),
    "cost_kind": st.sampled_from(["random", "high_at", "high_under", "low_at", "low_over"]),
    "cost": st.integers(0, 50_000_000),
    "los": st.sampled_from([1, 8, 59, 60, 61]),
    "mode": st.sampled_from([1, 2, 3, 4, 5, 9]),
    "sex": st.sampled_from([1, 2]),
    "dx": st.sampled_from(["I21.000", "O80.000", "N40.x00;I10.x00", "I10.x00，C61.x00"]),
    "proc": st.sampled_from([None, "74.1x00", "36.0600x001", "60.2100"]),
    "hospital": st.sampled_from(["H1", "H2", "H3"]),
    "level": st.sampled_from([None, 1, 2, 3]),
    "patient": st.sampled_from(["P1", "P2", "P3", "P4"]),
    "day": st.integers(0, 80),
    "period": st.sampled_from(["2024-01", "2024-02"]),
    "new_tech": st.sampled_from([None, 0, 1]),
    "fees": st.sampled_from([None, "exact", "off_by_100", "off_by_101"]),
    "insurance": st.sampled_from([None, "310", "390", "职工", "other"]),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups=st.lists(group_rows, min_size=len(GROUP_CODES), max_size=len(GROUP_CODES)),
       with_table=st.booleans(),
       hospitals=st.fixed_dictionaries({
           "H1": st.sampled_from(["1.0", "1.05", "0.95", "1.333"]), "H2": st.sampled_from(["1.0", "0.8"])}),
       levels=st.tuples(st.sampled_from([None, 1, 2, 3]), st.sampled_from([None, 2, 3])),
       cases=st.lists(case_rows, min_size=1, max_size=40),
       variant=st.sampled_from(range(len(RULE_VARIANTS))))
def test_engine_equals_scalar_reference(tmp_path_factory, groups, with_table, hospitals, levels, cases, variant):
    db = open_memory()
    overrides = RULE_VARIANTS[variant]
    rules = rules_with(**overrides)
    if overrides:
        path = tmp_path_factory.mktemp("rules") / "region.toml"
        path.write_text(_toml(overrides), encoding="utf-8")
        from workstation.engine.ruleset import load_rules_file

        load_rules_file(db, path, actor="test")
    table_rows = None
    if with_table:
        rows = [{"drg_code": code, **g} for code, g in zip(GROUP_CODES, groups)]
        add_groups(db, rows)
        table_rows = list(db.query("SELECT * FROM current_drg_groups"))
    add_hospitals(db, [{"hospital_code": "H1", "coefficient": hospitals["H1"], "level": levels[0]},
                       {"hospital_code": "H2", "coefficient": hospitals["H2"], "level": levels[1]}])
    batches = {p: add_batch(db, p) for p in ("2024-01", "2024-02")}
    table_avg = {code: g["avg_cost"] for code, g in zip(GROUP_CODES, groups)} if with_table else {}
    for i, c in enumerate(cases):
        cost = _cost(c, table_avg, rules)
        discharge = date(2024, 1, 1) + timedelta(days=c["day"])
        fees = {}
        if c["fees"]:
            off = {"exact": 0, "off_by_100": 100, "off_by_101": 101}[c["fees"]]
            fees = {"fee_bed_fen": cost // 2, "fee_western_fen": cost - cost // 2 + off}
        db["cases"].insert({
            "batch_id": batches[c["period"]], "period": c["period"], "source_row": i + 2, "case_id": f"C{i}",
            "hospital_code": c["hospital"], "hospital_level": c["level"], "patient_id": c["patient"],
            "sex": c["sex"], "age": 40, "admit_date": (discharge - timedelta(days=c["los"])).isoformat(),
            "discharge_date": discharge.isoformat(), "los": c["los"], "discharge_mode": c["mode"],
            "main_dx": c["dx"].split(";")[0].split("，")[0], "other_dx": _rest(c["dx"]), "main_proc": c["proc"],
            "drg_code": c["drg"], "total_cost_fen": cost, "new_tech": c["new_tech"],
            "insurance_type": c["insurance"], **fees})
    recompute(db, actor="test")
    stored = {r["case_pk"]: r for r in db.query("SELECT * FROM case_results_full")}
    case_rows_db = list(db.query("SELECT * FROM cases"))
    hospital_rows = {r["hospital_code"]: r for r in db.query("SELECT * FROM current_hospitals")}
    expected = expected_results(case_rows_db, table_rows, hospital_rows, rules)
    assert set(stored) == set(expected)
    for pk, want in expected.items():
        got = {key: stored[pk][key] for key in want}
        assert got == want, (pk, next(c for c in case_rows_db if c["id"] == pk))


def _rest(dx: str) -> str | None:
    for sep in (";", "，"):
        if sep in dx:
            return dx.split(sep, 1)[1]
    return None


def _cost(c: dict, table_avg: dict, rules) -> int:
    """A random cost, or one exactly at / one fen off a threshold of the group's table average."""
    from workstation.domain.money import parse_yuan_to_fen
    from workstation.domain.outliers import high_threshold_fen, low_threshold_fen

    code = (c["drg"] or "").strip().upper()
    avg = table_avg.get(code)
    if c["cost_kind"] == "random" or avg is None:
        return c["cost"]
    avg_fen = parse_yuan_to_fen(avg)
    k = rules.high_tiers[0].multiple
    return {"high_at": high_threshold_fen(avg_fen, k), "high_under": high_threshold_fen(avg_fen, k) - 1,
            "low_at": low_threshold_fen(avg_fen, rules.low_multiple),
            "low_over": low_threshold_fen(avg_fen, rules.low_multiple) + 1}[c["cost_kind"]]


def _toml(overrides: dict) -> str:
    from workstation.domain.rules import override_document
    from workstation.engine.toml_text import dumps

    return dumps(override_document(overrides))
