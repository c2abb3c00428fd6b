"""Per-level benchmarks as a new user meets them: a city's group table with a payment standard
and a coefficient per hospital level and a 单议病组, loaded, a batch imported, and each case's
benchmark, points and payment read in the queue, the case detail and export-cases — checked
against values computed by hand from the table."""
from __future__ import annotations

import csv
import sqlite3

import pytest

from tests.conftest import run_cli
from workstation.services.queue import CaseFilter, QueueSort, fetch_page
from workstation.services.queue.detail import load_case_detail
from workstation.store.db import open_database

# GB18030, the headers of a published table: 分组编码/分组名称, a standard per level (3-4 decimals),
# a coefficient per level, a 单议病组 column.
GROUPS = """分组编码,分组名称,RW,一级医院支付标准,二级医院支付标准,三级医院支付标准,二级医院系数,三级医院系数,单议病组
FM19,经皮冠状动脉支架植入,2.1,,30000.505,45000.4567,0.9,1.0,否
XJ19,罕见病组,1.5,,20000,30000,,,是
"""
HOSPITALS = "机构编码,机构名称,级别,差异系数\nH2,二级医院,二级,0.95\nH3,三级医院,三级,1.1\n"
RULES = '[point_value]\ndefault = "50.00"\n\n[small_group]\nmin_cases = 0\n'
HEADER = "就诊ID,定点医药机构编码,人员编号,性别,年龄,入院日期,出院日期,离院方式,主要诊断编码,DRG编码,医疗总费用"
CASES = {  # case id: (hospital, DRG, cost)
    "A": ("H2", "FM19", "30000.00"), "B": ("H3", "FM19", "30000.00"),
    "C": ("H2", "FM19", "60001.02"), "D": ("H3", "FM19", "60001.02"),
    "E": ("H2", "XJ19", "10000.00"),
}
# By hand. FM19: RW 2.1 -> 210 base points -> k = 2.0 (tier (100, 300]).
#   二级 30000.505 -> 30,000.51 yuan (half-up to the fen); 三级 45000.4567 -> 45,000.46.
#   The group table's coefficients (二级 0.9, 三级 1.0) take the place of the hospitals' (0.95, 1.1).
#   A (二级, 30,000.00): normal, 210 × 0.9 = 189 points × 50 = 9,450.00 yuan.
#   B (三级, 30,000.00): normal, 210 × 1.0 = 210 points = 10,500.00 yuan.
#   C (二级, 60,001.02 = 2 × 30,000.51): HIGH exactly at the threshold; 189 + (2 − 2) × 210 = 189.
#   D (三级, 60,001.02 < 2 × 45,000.46): normal, 210 points.
# XJ19 (单议病组, no coefficient columns filled): E (二级, 10,000.00 vs 20,000.00): normal,
#   150 × 0.95 (the hospital's) = 142.5 points = 7,125.00 yuan, flagged GROUP_REVIEW.
EXPECTED = {  # case id: (avg cost fen, flags, points, payment fen)
    "A": (3000051, "", 189.0, 945000),
    "B": (4500046, "", 210.0, 1050000),
    "C": (3000051, "HIGH", 189.0, 945000),
    "D": (4500046, "", 210.0, 1050000),
    "E": (2000000, "GROUP_REVIEW", 142.5, 712500),
}


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city")
    db = folder / "w.db"
    (folder / "groups.csv").write_text(GROUPS, encoding="gb18030")
    (folder / "hospitals.csv").write_text(HOSPITALS, encoding="gb18030")
    (folder / "rules.toml").write_text(RULES, encoding="utf-8")
    rows = [f"{case},{h},P{case},1,50,2024-03-01,2024-03-08,1,I21.000,{drg},{cost}"
            for case, (h, drg, cost) in CASES.items()]
    (folder / "batch.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    for args in (("rules", "rules.toml"), ("groups", "groups.csv"), ("hospitals", "hospitals.csv"),
                 ("import", "batch.csv")):
        done = run_cli("--db", str(db), args[0], str(folder / args[1]))
        assert done.returncode == 0, done.stderr
        if args[0] == "groups":
            assert "列“二级医院支付标准”：支付标准：二级医院" in done.stdout
            assert "列“三级医院系数”：系数：三级医院" in done.stdout
            assert "单议病组（病例进入审核队列） 1 组：XJ19" in done.stdout
    return folder


def _pks(db) -> dict[str, int]:
    return {case_id: pk for pk, case_id in db.execute("SELECT id, case_id FROM cases")}


def test_the_queue_shows_each_case_its_own_levels_benchmark(city):
    db = open_database(city / "w.db")
    try:
        rows = {r.case_id: r for r in fetch_page(db, CaseFilter(), QueueSort("case_id", False), 0, 100)}
    finally:
        db.close()
    for case_id, (avg, flags, points, payment) in EXPECTED.items():
        row = rows[case_id]
        assert (row.avg_cost_fen, ";".join(row.flag_codes), row.points, row.estimated_payment_fen) == \
            (avg, flags, points, payment), case_id


def test_the_case_detail_shows_the_levels_benchmark_and_coefficient(city):
    db = open_database(city / "w.db")
    try:
        pks = _pks(db)
        second, third = load_case_detail(db, pks["C"]), load_case_detail(db, pks["D"])
        review = load_case_detail(db, pks["E"])
    finally:
        db.close()
    assert (second.result["avg_cost_fen"], second.result["coefficient"]) == (3000051, 0.9)
    assert (third.result["avg_cost_fen"], third.result["coefficient"]) == (4500046, 1.0)
    assert "30,000.51" in second.flags[0].why and "60,001.02" in second.flags[0].why
    assert [f.code for f in review.flags] == ["GROUP_REVIEW"] and "XJ19" in review.flags[0].why


def test_export_cases_writes_each_levels_benchmark(city):
    out = city / "cases.csv"
    done = run_cli("--db", str(city / "w.db"), "export-cases", "--out", str(out))
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["case_id"]: r for r in csv.DictReader(handle)}
    for case_id, (avg, flags, points, payment) in EXPECTED.items():
        row = rows[case_id]
        assert row["avg_cost"] == f"{avg // 100}.{avg % 100:02d}", case_id
        assert (row["flags"], row["points"], row["estimated_payment"]) == \
            (flags, f"{points:.4f}", f"{payment // 100}.{payment % 100:02d}"), case_id


def test_the_stored_table_keeps_the_exact_standards(city):
    with sqlite3.connect(city / "w.db") as conn:
        text, single = conn.execute("SELECT avg_cost_text, single_review FROM current_drg_groups"
                                    " WHERE drg_code = 'FM19'").fetchone()
    assert (text, single) == ("45000.4567", 0)
