"""Reading a small reference table (groups, hospitals) as text cells.

Reference tables are a few thousand rows at most, so this reads the whole file:
CSV/TXT in UTF-8 (with or without BOM) or GB18030/GBK, comma/tab/semicolon
separated, or the first worksheet of an .xlsx that holds a known header. The
header may sit below a title row. Every cell stays text exactly as written, so
the loader decides what a value means and can quote it back to the user.
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from workstation.domain.messages import Text, UserError

HEADER_SEARCH_ROWS = 10
DELIMITERS = (",", "\t", ";", "|")


@dataclass
class RawTable:
    path: Path
    format: str  # csv | xlsx
    encoding: str | None
    headers: list[str]
    rows: list[list[str]]  # each as long as headers
    source_rows: list[int]  # the row number a spreadsheet shows (header row counted)
    overflow: list[int]  # per row, non-empty cells beyond the last header


def normalise_header(text: str) -> str:
    """Headers compare without case, spaces, BOMs, underscores and bracket width."""
    table = str.maketrans({"（": "(", "）": ")", "\ufeff": None, " ": None, "\u3000": None, "_": None})
    return str(text).strip().translate(table).lower()


def refuse(path: Path, what_zh: str, what_en: str, zh: str, en: str) -> UserError:
    return UserError(f"无法读取{what_zh}“{path.name}”：{zh}", f"Cannot read the {what_en} \"{path.name}\": {en}")


def overflow_reason(extra_cells: int, width: int):
    """Why a row with cells beyond the header is rejected (a Text)."""
    from workstation.domain.messages import Text

    return Text(f"本行比表头的 {width} 列多出 {extra_cells} 个单元格（常见原因：金额中的千分位逗号未加引号），各列无法对齐",
                f"the row has {extra_cells} cell(s) more than the {width} headers (often a thousands comma in "
                "an unquoted amount), so its columns cannot be matched")


def cell_text(value: object) -> str:
    """An .xlsx cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        # The shortest repr is what the user typed (5.8, not 5.7999999999999998).
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value).strip()


def _decode(path: Path, data: bytes, encoding: str | None, what: Text) -> tuple[str, str]:
    if encoding:
        try:
            return data.decode(encoding), codecs.lookup(encoding).name
        except (LookupError, UnicodeDecodeError) as exc:
            raise refuse(path, what.zh, what.en, f"无法按指定的编码“{encoding}”读取（{exc}）。",
                         f"it cannot be read as \"{encoding}\" ({exc}).") from exc
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for candidate in ("utf-8", "gb18030"):
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    raise refuse(path, what.zh, what.en, "无法识别字符编码。请另存为 UTF-8 或 GB18030 编码的 CSV，或另存为 XLSX。",
                 "the character encoding is not recognised. Save it as UTF-8 or GB18030 CSV, or as XLSX.")


def _pick_header(candidates: list[list[list[str]]], score: Callable[[list[str]], int]):
    """The (candidate index, row index) whose row holds the most known headers."""
    best = None
    for which, rows in enumerate(candidates):
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            value = score(row) if len(row) > 1 else 0
            if value and (best is None or value > best[0]):
                best = (value, which, index)
    return None if best is None else best[1:]


def _table(path: Path, fmt: str, encoding: str | None, rows: list[list[str]], header_at: int) -> RawTable:
    header = rows[header_at]
    while header and not header[-1].strip():  # trailing empty header cells are not columns
        header = header[:-1]
    width = len(header)
    headers = [cell.strip().lstrip("\ufeff") or f"列{i}" for i, cell in enumerate(header, 1)]
    body, numbers, overflow = [], [], []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cells = [c.strip() for c in row[:width]] + [""] * (width - len(row))
        beyond = [c for c in row[width:] if c.strip()]
        if any(cells) or beyond:
            body.append(cells)
            numbers.append(number)
            # More cells than headers: usually an unquoted comma inside an amount
            # (12,345.60), which shifts every later column. The loader rejects the row.
            overflow.append(len(beyond))
    return RawTable(path, fmt, encoding, headers, body, numbers, overflow)


def read_table(path: str | os.PathLike, *, header_score: Callable[[list[str]], int],
               what: Text, encoding: str | None = None,
               expected_zh: str = "", expected_en: str = "") -> RawTable:
    """Read a reference table; refuse (UserError) a file that is not one.

    ``what`` names the table for messages, e.g. ("分组权重表", "group table");
    ``header_score`` counts the known headers in a candidate row.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise refuse(path, what.zh, what.en, f"文件无法打开（{exc.strerror}）。请检查路径和权限。",
                     f"the file cannot be opened ({exc.strerror}). Check the path and permissions.") from exc
    if not data.strip():
        raise refuse(path, what.zh, what.en, "文件是空的。", "the file is empty.")
    not_found = Text(f"在前 {HEADER_SEARCH_ROWS} 行中找不到表头{expected_zh}。请检查是否选错了文件。",
                     f"no header{expected_en} in the first {HEADER_SEARCH_ROWS} rows. Check that this is the right file.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, data, header_score, what, not_found)
    if b"\x00" in data[:4096]:
        raise refuse(path, what.zh, what.en, "这不是文本表格或 XLSX 文件。请另存为 CSV 或 XLSX。",
                     "this is not a text table or an .xlsx file. Save it as CSV or XLSX.")
    text, used = _decode(path, data, encoding, what)
    candidates = [list(csv.reader(io.StringIO(text, newline=""), delimiter=d)) for d in DELIMITERS]
    picked = _pick_header(candidates, header_score)
    if picked is None:
        raise refuse(path, what.zh, what.en, not_found.zh, not_found.en)
    which, header_at = picked
    return _table(path, "csv", used, candidates[which], header_at)


def _read_xlsx(path: Path, data: bytes, header_score, what, not_found) -> RawTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise refuse(path, what.zh, what.en, f"XLSX 文件已损坏或无法打开（{exc}）。请用 Excel/WPS 另存后重试。",
                     f"the .xlsx file is damaged or cannot be opened ({exc}). Save it again from Excel/WPS.") from exc
    try:
        sheets = [[[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
                  for sheet in book.worksheets]
    finally:
        book.close()
    picked = _pick_header(sheets, header_score)
    if picked is None:
        raise refuse(path, what.zh, what.en, not_found.zh, not_found.en)
    which, header_at = picked
    return _table(path, "xlsx", None, sheets[which], header_at)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def map_headers(headers: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Canonical key -> column index, first matching column wins."""
    index = {normalise_header(alias): key for key, names in aliases.items() for alias in (key, *names)}
    found: dict[str, int] = {}
    for position, header in enumerate(headers):
        key = index.get(normalise_header(header))
        if key is not None and key not in found:
            found[key] = position
    return found


def header_scorer(aliases: dict[str, tuple[str, ...]]) -> Callable[[list[str]], int]:
    known = {normalise_header(alias) for key, names in aliases.items() for alias in (key, *names)}

    def score(row: list[str]) -> int:
        return sum(1 for cell in row if normalise_header(cell) in known)

    return score
