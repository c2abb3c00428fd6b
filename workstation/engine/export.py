"""The case export: one row per case with its benchmark, flags, points and payment.

Money is written as yuan with two decimals (text, so no spreadsheet turns it
into a float), points with the rules' decimals. CSV is UTF-8 with a BOM so
Excel and WPS open it in Chinese; XLSX has Chinese headers and a frozen header row.
"""
from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.export_cells import csv_row, xlsx_row
from workstation.domain.messages import UserError
from workstation.domain.money import fen_to_yuan_text
from workstation.engine.ruleset import current_rules
from workstation.store.case_ranges import period_term
from workstation.store.output_paths import atomic_output, checked_output

# (key, 中文表头)
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("hospital_code", "定点医药机构编码"),
    ("case_id", "就诊ID"),
    ("period", "结算期"),
    ("drg_code", "DRG编码"),
    ("total_cost", "医疗总费用(元)"),
    ("avg_cost", "均次费用(元)"),
    ("benchmark_source", "均次费用来源"),  # table | computed (from benchmark_n cases) | none
    ("benchmark_n", "本期病组病例数"),
    ("cost_ratio", "费用倍率"),
    ("los", "住院天数"),
    ("flags", "标记"),
    ("payment_basis", "支付方式"),
    ("base_points", "基准点数"),
    ("points", "点数"),
    ("estimated_payment", "预估支付(元)"),
)
XLSX_MAX_ROWS = 1_048_575  # one row of the sheet holds the header


def export_rows(db: Database, *, flagged_only: bool = False, hospital: str | None = None,
                period: str | None = None) -> Iterator[list[str]]:
    """The export's rows as text, in (period, hospital, case_id) order."""
    decimals = current_rules(db).points_decimals
    where, params = [], []
    if flagged_only:
        where.append("flags != 0")
    if hospital:
        where.append("hospital_code = ?")
        params.append(hospital)
    if period:
        term, term_params = period_term(period)
        where.append(term)
        params.extend(term_params)
    sql = ("SELECT hospital_code, case_id, period, drg_code, total_cost_fen, avg_cost_fen, benchmark_source,"
           " benchmark_n, cost_ratio, los, flag_codes, payment_basis, base_points, points, estimated_payment_fen"
           " FROM case_results_full" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY period, hospital_code, case_id")
    for (code, case_id, p, drg, cost, avg, source, n, ratio, los, flags, basis, base, points,
         payment) in db.execute(sql, params):
        yield [code, case_id, p, drg or "", fen_to_yuan_text(cost), fen_to_yuan_text(avg), source or "",
               "" if n is None else str(n),
               "" if ratio is None else f"{ratio:.4f}", "" if los is None else str(los), flags or "", basis or "",
               "" if base is None else f"{base:.4f}", "" if points is None else f"{points:.{decimals}f}",
               fen_to_yuan_text(payment)]


def export_cases(db: Database, out: str | os.PathLike, **filters) -> int:
    """Write the export to ``out`` (.csv or .xlsx); returns the number of cases written."""
    path = Path(out)
    checked_output(path, db)  # first, and before the rows are read: the store is the worst place to write
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UserError(f"导出文件“{path.name}”的扩展名应为 .csv 或 .xlsx。",
                        f"The export file '{path.name}' must end in .csv or .xlsx.")
    rows = export_rows(db, **filters)
    with atomic_output(path, db) as temporary:  # a failed export leaves no half-written file behind
        return _write_csv(temporary, rows) if suffix == ".csv" else _write_xlsx(temporary, rows)


def _write_csv(path: Path, rows: Iterator[list[str]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([key for key, _ in EXPORT_COLUMNS])
        for row in rows:
            writer.writerow(csv_row(row))  # a cell that looks like a formula is written as text
            count += 1
    return count


def _write_xlsx(path: Path, rows: Iterator[list[str]]) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)  # streams rows: a million cases fit in little memory
    sheet = workbook.create_sheet("病例结果")
    sheet.freeze_panes = "A2"
    sheet.append([zh for _, zh in EXPORT_COLUMNS])
    count = 0
    for row in rows:
        count += 1
        if count > XLSX_MAX_ROWS:
            raise UserError(f"病例超过 {XLSX_MAX_ROWS:,} 行，Excel 工作表放不下；请改为导出 .csv，或用 --period / "
                            "--hospital 缩小范围。",
                            f"More than {XLSX_MAX_ROWS:,} cases do not fit in an Excel sheet; export .csv, or "
                            "narrow it with --period / --hospital.")
        sheet.append(xlsx_row(sheet, row))  # formula-like text as text; no illegal characters
    workbook.save(path)
    return count
