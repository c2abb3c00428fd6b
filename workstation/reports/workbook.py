"""Excel workbooks: the period summary, and a hospital's cases for that hospital.

Chinese headers (or English with --lang en), money as numbers in yuan with a thousands format,
dates as dates, a frozen, bold header row and columns wide enough for their content. A text cell
that begins with ``=``, ``+``, ``-`` or ``@`` is stored as text (never a formula), so a hospital
name or statement a file brought in cannot run in the reader's spreadsheet program.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from workstation.domain.flags import flag_name
from workstation.domain.messages import Text, language
from workstation.services.hospital_cases import HospitalCase
from workstation.services.period_report import SHOWN_FLAGS, HospitalLine, PeriodReport

YUAN = "#,##0.00"
COUNT = "#,##0"
POINTS = "#,##0.0000"
RATIO = "0.00%"
DATE = "yyyy-mm-dd"
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Col:
    header: Text
    format: str | None = None  # a number format; None for text


def yuan(fen: int | None) -> Decimal | None:
    """Fen as an exact number of yuan (openpyxl writes a Decimal as a number, no float rounding)."""
    return None if fen is None else Decimal(int(fen)) / 100


def sheet_of(book: Workbook, title: str, columns: Sequence[Col], rows: Sequence[Sequence[Any]], lang: str) -> Worksheet:
    sheet = book.create_sheet(title)
    headers = [c.header.pick(lang) for c in columns]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E5EAF2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_width(h) for h in headers]
    for row in rows:
        sheet.append([None] * len(columns))
        for i, (column, value) in enumerate(zip(columns, row)):
            cell = sheet.cell(row=sheet.max_row, column=i + 1)
            if value == "":
                continue  # an empty cell, not an empty string
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # text, even when it starts like a formula
                if value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True  # the spreadsheet shows it as typed, never evaluates it
            else:
                cell.value = value
                if column.format and value is not None:
                    cell.number_format = column.format
            widths[i] = max(widths[i], _width(_shown(value, column.format)))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
    sheet.freeze_panes = "A2"
    # Filter buttons on the header row; the header printed atop every page, landscape, one page wide.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _shown(value: Any, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if number_format in (YUAN, POINTS) and isinstance(value, (int, Decimal)):
        return f"{value:,.4f}"
    if number_format == COUNT and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _width(text: str) -> int:
    # A CJK character takes about two columns of a spreadsheet's default font.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _ratio(line: HospitalLine) -> Decimal | None:
    ratio = line.settlement_ratio
    return None if ratio is None else (Decimal(ratio.numerator) / Decimal(ratio.denominator)).quantize(Decimal("0.0001"))


SUMMARY_COLUMNS = [
    Col(Text("机构编码", "Hospital code")), Col(Text("机构名称", "Hospital name")), Col(Text("病例数", "Cases"), COUNT),
    Col(Text("有标记病例", "Flagged"), COUNT), *[Col(Text(flag_name(c, "zh"), flag_name(c, "en")), COUNT) for c in SHOWN_FLAGS],
    Col(Text("CMI", "CMI"), "0.0000"), Col(Text("总点数", "Points"), POINTS), Col(Text("决定后点数", "Points after"), POINTS),
    Col(Text("预估支付(元)", "Payment (yuan)"), YUAN), Col(Text("决定后支付(元)", "Payment after (yuan)"), YUAN),
    Col(Text("实际费用(元)", "Actual cost (yuan)"), YUAN), Col(Text("结算率", "Settlement ratio"), RATIO),
    Col(Text("特例名额", "Quota"), COUNT), Col(Text("申报", "Applied"), COUNT), Col(Text("受理", "Accepted"), COUNT),
    Col(Text("不予受理", "Refused"), COUNT), Col(Text("核准", "Approved"), COUNT), Col(Text("维持DRG", "Kept DRG"), COUNT),
]


def _summary_row(line: HospitalLine, lang: str) -> list[Any]:
    return [line.hospital_code or Text("合计", "Total").pick(lang), line.hospital_name, line.cases, line.flagged_cases,
            *[line.flag_counts.get(c, 0) for c in SHOWN_FLAGS], line.cmi, line.total_points, line.points_after,
            yuan(line.payment_fen), yuan(line.payment_after_fen), yuan(line.actual_cost_fen), _ratio(line),
            line.quota, line.applications, line.accepted, line.refused, line.approved, line.not_approved]


CASE_COLUMNS = [
    Col(Text("就诊ID", "Case ID")), Col(Text("结算期", "Period")), Col(Text("DRG编码", "DRG")), Col(Text("入院日期", "Admitted"), DATE),
    Col(Text("出院日期", "Discharged"), DATE), Col(Text("住院天数", "Days"), COUNT), Col(Text("医疗总费用(元)", "Cost (yuan)"), YUAN),
    Col(Text("均次费用(元)", "Average cost (yuan)"), YUAN), Col(Text("费用倍率", "Cost ratio"), "0.0000"),
    Col(Text("标记", "Flags")), Col(Text("点数", "Points"), POINTS), Col(Text("预估支付(元)", "Payment (yuan)"), YUAN),
    Col(Text("特例单议状态", "Special-case status")), Col(Text("决定支付方式", "Decision")),
    Col(Text("决定点数", "Decided points"), POINTS), Col(Text("决定支付(元)", "Decided payment (yuan)"), YUAN),
]


def write_summary_workbook(report: PeriodReport, out: str | os.PathLike, *, cases: Sequence[HospitalCase] = (),
                           hospital: str | None = None, lang: str | None = None) -> None:
    """The summary sheet (one row per hospital and a total); with ``hospital``, only that hospital's
    row and a second sheet of its cases."""
    from workstation.domain.review.workflow import STATUS_NAMES, Status
    from workstation.reports.notice import method_name

    lang = lang or language()
    book = Workbook()
    book.remove(book.active)
    lines = [h for h in report.hospitals if hospital is None or h.hospital_code == hospital]
    rows = [_summary_row(h, lang) for h in lines] + ([_summary_row(report.total, lang)] if hospital is None else [])
    sheet_of(book, Text("汇总 {label}", "Summary {label}").format(label=report.label).pick(lang)[:31], SUMMARY_COLUMNS,
           rows, lang)
    if hospital is not None:
        case_rows = [[c.case_id, c.period, c.drg_code, c.admit_date, c.discharge_date, c.los, yuan(c.total_cost_fen),
                      yuan(c.avg_cost_fen), c.cost_ratio, c.flags, c.points, yuan(c.payment_fen),
                      STATUS_NAMES[Status(c.status)].pick(lang) if c.status else "",
                      method_name(c.decision_method).pick(lang) if c.decision_method else "", c.decision_points,
                      yuan(c.decision_payment_fen)] for c in cases]
        sheet_of(book, Text("病例 {code}", "Cases {code}").format(code=hospital).pick(lang)[:31], CASE_COLUMNS, case_rows,
               lang)
    # Beside the target, then renamed: a failed save never leaves half a workbook under its name.
    target = os.fspath(out)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        book.save(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
