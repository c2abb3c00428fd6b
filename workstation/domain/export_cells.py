"""Cells written into files a spreadsheet opens: never a formula, never a character it refuses.

A case id, hospital code, DRG code or name comes from a hospital's file and may begin with
``=``, ``+``, ``-`` or ``@``; Excel and WPS read such a cell of a CSV as a formula and run it
(``=HYPERLINK(...)``, ``=cmd|...``: "CSV injection", OWASP). Every export (cases, quarantine,
the reports to come) writes its cells through this module:

- CSV (``csv_cell``): a cell that begins with one of ``= + - @``, a tab or a carriage return is
  written with a single quote before it (OWASP's rule), which the spreadsheet shows as text and
  does not keep as part of the value. A plain number (``-12.50``, ``+3``) is left as it is: it is
  no formula, and the export's own negative amounts stay numbers.
- XLSX (``xlsx_row``): such a cell is written as a text cell marked "quote prefix" (what Excel
  itself does when a user types ``'=...``), so it shows exactly as it was and is never evaluated;
  control characters that the file format cannot hold (openpyxl raises IllegalCharacterError)
  become U+FFFD, so one bad byte in a name does not stop the export.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
# What XML 1.0 (and so an .xlsx cell) cannot hold: C0 controls but tab, line feed and return.
_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula (a plain number is none)."""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def csv_cell(value: object) -> str:
    """One cell of a CSV export, as text, neutralised when it looks like a formula."""
    text = "" if value is None else str(value)
    return "'" + text if formula_like(text) else text


def csv_row(values: Iterable[object]) -> list[str]:
    return [csv_cell(value) for value in values]


def xlsx_text(value: object) -> object:
    """A cell value an .xlsx file can hold: text without illegal control characters."""
    if isinstance(value, str) and _ILLEGAL_IN_XLSX.search(value):
        return _ILLEGAL_IN_XLSX.sub(REPLACEMENT, value)
    return value


def xlsx_row(sheet: Any, values: Iterable[object]) -> list[object]:
    """One row for ``sheet.append`` of an openpyxl write-only sheet: formula-like text as quoted
    text cells, the rest as they are (cleaned of illegal characters)."""
    row: list[object] = []
    for value in values:
        value = xlsx_text(value)
        if isinstance(value, str) and formula_like(value):
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl made it a formula ("f") for its leading "="
            cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    return row
