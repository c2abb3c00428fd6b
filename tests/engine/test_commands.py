"""`rules`, `export-cases` and `summary` as a user runs them; the summary agrees with the export."""
from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction

import pytest

from tests.conftest import run_cli
from tests.engine.factory import add_batch, add_case, add_groups, add_hospitals
from workstation.engine.recompute import recompute
from workstation.store.db import open_database


@pytest.fixture
def filled(db_path):
    db = open_database(db_path)
    add_groups(db, [{"drg_code": "FM19", "weight": "1.2", "avg_cost": "12000.00"},
                    {"drg_code": "GB11", "weight": "0.5", "avg_cost": "5000.00"}])
    add_hospitals(db, [{"hospital_code": "H001", "name": "第一医院", "coefficient": "1.05", "level": 3},
                       {"hospital_code": "H002", "name": "第二医院", "level": 2}])
    batch = add_batch(db)
    for i, cost in enumerate(["36000.00", "3600.00", "12000.00", "12345.67", "9999.99", "45000.00"]):
        add_case(db, batch, cost=cost, hospital="H001" if i % 2 else "H002", mode=5 if i == 5 else 1)
    for cost in ["5000.00", "1500.00", "4000.00", "6000.00", "5500.00", "20000.00"]:
        add_case(db, batch, drg_code="GB11", cost=cost, hospital="H001")
    add_case(db, batch, drg_code="0000", cost="8000.00", hospital="H002")
    recompute(db, actor="t")
    db.close()
    return db_path


def test_export_csv_is_utf8_with_bom_and_money_in_yuan(filled, tmp_path):
    out = tmp_path / "cases.csv"
    done = run_cli("--db", str(filled), "export-cases", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "已导出 13 例" in done.stdout
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    for column in ("hospital_code", "case_id", "drg_code", "total_cost", "avg_cost", "cost_ratio", "los", "flags",
                   "points", "estimated_payment"):
        assert column in rows[0]
    high = next(r for r in rows if r["total_cost"] == "36000.00")
    assert (high["avg_cost"], high["cost_ratio"], high["flags"]) == ("12000.00", "3.0000", "HIGH")
    ungrouped = next(r for r in rows if r["drg_code"] == "0000")
    assert (ungrouped["flags"], ungrouped["avg_cost"], ungrouped["payment_basis"]) == ("UNGROUPED", "", "BY_ITEM")


def test_export_filters(filled, tmp_path):
    out = tmp_path / "flagged.csv"
    assert run_cli("--db", str(filled), "export-cases", "--out", str(out), "--flagged-only",
                   "--hospital", "H001", "--period", "2024-3").returncode == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows and all(r["flags"] and r["hospital_code"] == "H001" and r["period"] == "2024-03" for r in rows)


def test_export_xlsx_has_chinese_headers_and_a_frozen_header_row(filled, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "cases.xlsx"
    assert run_cli("--db", str(filled), "export-cases", "--out", str(out)).returncode == 0
    sheet = load_workbook(out).active
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["定点医药机构编码", "就诊ID", "结算期", "DRG编码"] and "点数" in headers
    assert sheet.freeze_panes == "A2" and sheet.max_row == 14


def test_export_to_a_wrong_extension_says_what_to_do(filled, tmp_path):
    done = run_cli("--db", str(filled), "export-cases", "--out", str(tmp_path / "cases.pdf"))
    assert done.returncode == 2 and ".csv 或 .xlsx" in done.stderr and "Traceback" not in done.stderr


def test_summary_totals_equal_the_export_sums(filled, tmp_path):
    from workstation.engine.summary import hospital_summary

    out = tmp_path / "cases.csv"
    run_cli("--db", str(filled), "export-cases", "--out", str(out))
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    db = open_database(filled)
    summary = hospital_summary(db, "2024-03")
    db.close()
    for hospital in ("H001", "H002"):
        mine = [r for r in rows if r["hospital_code"] == hospital]
        line = next(s for s in summary if s.hospital_code == hospital)
        assert line.cases == len(mine)
        assert line.total_points == sum(Decimal(r["points"]) for r in mine)
        assert Decimal(line.estimated_payment_fen) / 100 == sum(Decimal(r["estimated_payment"]) for r in mine)
        assert Decimal(line.actual_cost_fen) / 100 == sum(Decimal(r["total_cost"]) for r in mine)
        assert line.flagged_cases == sum(1 for r in mine if r["flags"])
        for code in ("HIGH", "LOW", "INCOMPLETE", "UNGROUPED"):
            assert line.flag_counts[code] == sum(1 for r in mine if code in r["flags"].split(";"))
    h001 = next(s for s in summary if s.hospital_code == "H001")
    # 9 DRG discharges × 5% = 0.45 -> no special case may be applied for yet
    assert (h001.hospital_name, h001.drg_cases, h001.special_case_quota) == ("第一医院", 9, 0)
    drg = [r for r in rows if r["hospital_code"] == "H001" and r["payment_basis"] != "BY_ITEM"]
    assert h001.settlement_ratio == Fraction(sum(Decimal(r["estimated_payment"]) for r in drg)) / Fraction(
        sum(Decimal(r["total_cost"]) for r in drg))


def test_summary_command_prints_the_table_and_the_point_value(filled):
    done = run_cli("--db", str(filled), "summary", "--period", "2024-03")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:4] == ["结算期", "机构编码", "机构名称", "病例"]
    assert any(line.startswith("2024-03  H001") and "第一医院" in line for line in lines)
    assert lines[-2].startswith("合计") and " 13 " in lines[-2]
    assert "点值 2024-03" in lines[-1] and "按全部病例次均费用" in lines[-1]


def test_summary_with_a_bad_period(filled):
    done = run_cli("--db", str(filled), "summary", "--period", "March")
    assert done.returncode == 2 and "2024-03" in done.stderr and "Traceback" not in done.stderr


def test_rules_command_loads_a_region_file_and_reports_the_change(filled, tmp_path):
    region = tmp_path / "hangzhou.toml"
    region.write_text('[ruleset]\nname = "杭州 2020"\n[low]\nmultiple = "0.4"\n', encoding="utf-8")
    done = run_cli("--db", str(filled), "--user", "admin", "rules", str(region))
    assert done.returncode == 0, done.stderr
    assert "已载入规则：杭州 2020" in done.stdout and "low.multiple: '0.3' -> '0.4'" in done.stdout
    shown = run_cli("--db", str(filled), "rules")
    assert 'multiple = "0.4"' in shown.stdout and 'name = "杭州 2020"' in shown.stdout


def test_rules_command_refuses_a_bad_file_in_both_languages(filled, tmp_path):
    region = tmp_path / "bad.toml"
    region.write_text('[high]\nextra_points_factor = "a lot"\n', encoding="utf-8")
    done = run_cli("--db", str(filled), "rules", str(region))
    assert done.returncode == 2
    assert "high.extra_points_factor" in done.stderr and "a lot" in done.stderr and "Traceback" not in done.stderr
    english = run_cli("--db", str(filled), "--lang", "en", "rules", str(region))
    assert "is not valid" in english.stderr
