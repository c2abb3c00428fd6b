"""The period summary, the review minutes and the workbooks, as a user gets them from the CLI."""
from __future__ import annotations

import re

from openpyxl import load_workbook

from tests.conftest import run_cli
from tests.reports.conftest import EXPERT_NAMES, ID_NUMBER, PATIENT_NAME, needs_poppler, pdf_fonts, pdf_text
from workstation.engine.summary import hospital_summary
from workstation.reports.styles import yuan


def _cycle(db) -> str:
    return db.execute("SELECT cycle FROM applications LIMIT 1").fetchone()[0]


@needs_poppler
def test_the_period_report_shows_each_hospital_before_and_after_the_decisions(decided, db_path, tmp_path):
    rows = {r.hospital_code: r for r in hospital_summary(decided.db, "2024-03")}
    out = tmp_path / "report.pdf"
    result = run_cli("--db", str(db_path), "report", "--period", "2024-03", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    h001 = rows["H001"]
    line = next(line for line in text.splitlines() if "H001" in line and yuan(h001.payment_after_fen) in line)
    assert yuan(h001.estimated_payment_fen) in line and f"{h001.points_after:,.4f}" in line
    assert yuan(sum(r.payment_after_fen for r in rows.values())) in text  # the total row
    assert "异常病例按类型" in text and "特例单议申报与名额" in text
    assert all(" yes yes yes " in row for row in pdf_fonts(out).splitlines()[2:])


@needs_poppler
def test_without_decisions_the_report_shows_the_outliers_alone(db, db_path, tmp_path):
    from tests.engine.factory import add_batch, add_case, add_groups
    from workstation.engine.recompute import recompute

    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    for cost in ("9000.00", "50000.00", "2000.00"):
        add_case(db, batch, cost=cost)
    recompute(db, actor="t")
    out = tmp_path / "report.pdf"
    assert run_cli("--db", str(db_path), "report", "--out", str(out)).returncode == 0  # the latest period
    text = pdf_text(out)
    assert "尚无已签发的特例单议决定" in text and "异常病例按类型" in text
    assert "特例单议申报与名额" not in text and "决定后" not in text  # the outlier picture alone


@needs_poppler
def test_the_minutes_are_blinded_and_count_the_votes(decided, db_path, tmp_path):
    out = tmp_path / "minutes.pdf"
    result = run_cli("--db", str(db_path), "minutes", "--cycle", _cycle(decided.db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    *pages, annex = pdf_text(out).strip("\f").split("\f")
    text = "\f".join(pages)
    assert "专家评审会议纪要" in text and "其中通过 2 轮、不通过 1 轮" in text
    case_ids = [r[0] for r in decided.db.execute("SELECT c.case_id FROM applications a JOIN cases c ON c.id = a.case_pk")]
    assert all(case_id in text for case_id in case_ids)
    assert PATIENT_NAME not in text and ID_NUMBER not in text and "欧" not in text
    assert "第一人民医院" not in text and "H001" not in text  # the session's letters only
    assert re.search(r"A\s+\S+\s+FM19\s+医疗费用高\s+1\s+2\s+1\s+0\s+通过", text)
    assert all(name in text for name in EXPERT_NAMES[1:])  # they sign; 专家1 of H001 was kept out
    assert "附页" in annex and re.search(r"A\s+H001\s+第一人民医院", annex)  # the key, on its own page
    assert re.search(r"审计链头 \d+·[0-9a-f]{4}-", text)


def test_the_summary_workbook_opens_as_numbers_with_a_frozen_header(decided, db_path, tmp_path):
    decided.db.execute("UPDATE hospitals SET hospital_name = '=HYPERLINK(\"http://x\",\"y\")' WHERE hospital_code = 'H002'")
    out = tmp_path / "summary.xlsx"
    result = run_cli("--db", str(db_path), "export-summary", "--period", "2024-03", "--out", str(out))
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out).worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet["A1"].value == "机构编码" and sheet["A1"].font.b
    assert sheet.auto_filter.ref.startswith("A1:") and sheet.print_title_rows == "$1:$1"
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    h001 = next(r for r in hospital_summary(decided.db, "2024-03") if r.hospital_code == "H001")
    payment = rows["H001"][header.index("决定后支付(元)")]
    assert payment.data_type == "n" and payment.value * 100 == h001.payment_after_fen
    assert payment.number_format == "#,##0.00"
    name = rows["H002"][1]
    assert name.value.startswith("=HYPERLINK") and name.data_type == "s"  # text, not a formula
    assert sheet.column_dimensions["B"].width >= len("H002 =HYPERLINK")
    assert "合计" in rows


def test_a_hospitals_workbook_lists_its_cases_without_personal_data(decided, db_path, tmp_path):
    out = tmp_path / "h001.xlsx"
    result = run_cli("--db", str(db_path), "export-summary", "--hospital", "H001", "--out", str(out))
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    summary, cases = book.worksheets
    assert [r[0].value for r in summary.iter_rows(min_row=2)] == ["H001"]
    header = [c.value for c in cases[1]]
    rows = list(cases.iter_rows(min_row=2, values_only=True))
    count = decided.db.execute("SELECT COUNT(*) FROM cases WHERE hospital_code = 'H001'").fetchone()[0]
    assert len(rows) == count and cases.freeze_panes == "A2"
    decided_rows = [r for r in rows if r[header.index("决定支付方式")]]
    assert len(decided_rows) == 3
    assert cases.cell(row=2, column=header.index("出院日期") + 1).is_date
    flat = " ".join(str(v) for r in rows for v in r if v is not None)
    assert PATIENT_NAME not in flat and ID_NUMBER not in flat


def test_notices_of_a_period_one_pdf_each(decided, db_path, tmp_path):
    result = run_cli("--db", str(db_path), "--lang", "en", "notices", "--period", "2024-03", "--out",
                     str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "Wrote 3 notices" in result.stdout
    assert len(list((tmp_path / "out").glob("H001-*.pdf"))) == 3


def test_the_summary_says_one_hospital_in_the_singular(decided, db_path, tmp_path):
    one = run_cli("--db", str(db_path), "--lang", "en", "export-summary", "--period", "2024-03", "--hospital", "H001",
                  "--out", str(tmp_path / "h.xlsx"))
    assert one.returncode == 0, one.stderr
    assert "(1 hospital," in one.stdout and "1 hospitals" not in one.stdout


@needs_poppler
def test_a_half_year_names_its_empty_months_and_repeats_its_title(decided, db_path, tmp_path):
    out = tmp_path / "h1.pdf"
    result = run_cli("--db", str(db_path), "report", "--from", "2024-01", "--to", "2024-06", "--out", str(out))
    assert result.returncode == 0, result.stderr
    pages = pdf_text(out).strip("\f").split("\f")
    text = "".join(pages)
    assert "2024-01 – 2024-06" in text and "逐月情况" in text
    assert "2024-01、2024-02、2024-04、2024-05、2024-06没有病例数据" in text.replace("\n", "").replace(" ", "")
    assert "按当期病例均次费用÷100" in text.replace("\n", "") and "结算率 ＝" in text and "制表：" in text
    assert len(pages) > 1 and all("结算期 2024-01 – 2024-06" in page for page in pages[1:])
    head = re.search(r"审计链头 (\d+·[0-9a-f-]+)", text).group(1)
    check = run_cli("--db", str(db_path), "audit", "verify", "--head", head.split("·")[1])
    assert check.returncode == 0, check.stdout


def test_an_english_header_breaks_after_its_slashes_not_over_the_next_column():
    """The period report's flag columns (0.62 of the width for seven): "New drug/device/technique"
    was one unbreakable word running over "Small group"."""
    from reportlab.pdfbase import pdfmetrics

    from workstation.domain.flags import flag_name
    from workstation.reports import styles as S

    share = 0.62 / 7
    shown = S.table([S.Column(flag_name("NEW_TECH", "en"), share, True)], [[1]], lang="en")._cellvalues[0][0]
    style = S.styles(True).cell_head
    words = shown.text.split() if hasattr(shown, "text") else str(shown).split()
    widest = max(pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for w in words)
    assert widest <= share * S.FRAME_WIDTH, words  # within its borders (tight: "technique" fills it)
