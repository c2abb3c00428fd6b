"""Checking the rows of one chunk: parsed values for good rows, reasons for bad ones.

The checks run a column at a time over the whole chunk (numpy masks); only the
rows that fail are looked at one by one, to word their quarantine message.
A row with several problems is quarantined for the first one in the file's
column order, and the message says how many there were.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workstation.domain.bounds import NAME_CHARS
from workstation.domain.fields import DISCHARGE_MODES, FIELDS_BY_KEY, PERSONAL_KEYS, CaseField, canonical_key
from workstation.domain.masking import mask_for_message
from workstation.domain.messages import Text
from workstation.importer import values as V

MAX_AGE = 150

# reason code -> message template; {value} is the cell exactly as read.
REASONS: dict[str, Text] = {
    "MISSING_REQUIRED": Text("必填项为空", "a required value is empty"),
    "BAD_DATE": Text("日期“{value}”无法识别（应为 2024-03-05、20240305、2024/3/5 或 Excel 日期）",
                     "the date \"{value}\" cannot be read (use 2024-03-05, 20240305, 2024/3/5 or an Excel date)"),
    "BAD_AMOUNT": Text("金额“{value}”无法识别（应为元，最多两位小数，如 12345.60）",
                       "the amount \"{value}\" cannot be read (yuan with at most 2 decimals, e.g. 12345.60)"),
    "BAD_NUMBER": Text("数值“{value}”不是有效的整数（0 到 150 岁 / 天数不为负）",
                       "\"{value}\" is not a valid whole number (age 0-150, days not negative)"),
    "BAD_CODE": Text("代码“{value}”不是允许的取值（{allowed}）", "\"{value}\" is not an allowed code ({allowed})"),
    "DISCHARGE_BEFORE_ADMIT": Text("出院日期“{value}”早于入院日期“{other}”",
                                   "the discharge date \"{value}\" is before the admission date \"{other}\""),
    "TOO_LONG": Text("文字过长（最多 {other} 个字符）", "the text is too long (at most {other} characters)"),
    "NEGATIVE_COST": Text("费用“{value}”为负数", "the cost \"{value}\" is negative"),
    "DUPLICATE_IN_FILE": Text("病例 {value} 在本文件第 {other} 行已出现，保留第一次出现的行",
                              "case {value} already appears in row {other} of this file; the first one is kept"),
    "ALREADY_IMPORTED": Text("病例 {value} 已在批次 #{other} 中导入，不重复导入",
                             "case {value} was already imported in batch #{other}; it is not imported twice"),
    "BAD_ROW": Text("该行有 {value} 个字段，而表头有 {other} 列（可能有未加引号的分隔符）",
                    "the row has {value} fields but the header has {other} columns (an unquoted delimiter?)"),
}

ALLOWED: dict[str, Text] = {
    "sex": Text("1/2、男/女", "1/2, 男/女"),
    "level": Text("三级/二级/一级 或 3/2/1", "三级/二级/一级 or 3/2/1"),
    # Every code of the table, with its label, as the user may write either.
    "mode": Text("、".join(f"{code} {label}" for code, label in DISCHARGE_MODES.items()) + "，或代码加其名称",
                 ", ".join(f"{code} {label}" for code, label in DISCHARGE_MODES.items())
                 + ", or a code followed by its label"),
    "flag": Text("0/1、是/否", "0/1, 是/否"),
}


def reason_text(code: str, row: int, header: str | None, value: str = "", other: object = "",
                kind: str = "", problems: int = 1, key: str | None = None) -> tuple[str, str]:
    """The quarantine message: row, column (the file's header), the value and what is wrong.
    The value is masked when its column is personal or it holds a resident ID number: messages
    are shown, printed and captured in logs (the raw row keeps the cell for the correction)."""
    personal = (key or (canonical_key(header) if header else None)) in PERSONAL_KEYS
    value = mask_for_message(str(value), personal)
    other = mask_for_message(str(other), personal) if isinstance(other, str) else other
    text = REASONS[code].format(value=value, other=other, allowed=ALLOWED.get(kind, Text("", "")))
    where = (Text("第 {row} 行“{header}”列：", "row {row}, column \"{header}\": ") if header else
             Text("第 {row} 行：", "row {row}: ")).format(row=row, header=header)
    text = where + text
    if problems > 1:
        text += Text("（该行共有 {n} 处问题，此处列出第一处）", " ({n} problems in this row; the first is shown)").format(
            n=problems)
    return text.zh, text.en


@dataclass
class Column:
    position: int  # in the source file
    header: str
    field: CaseField


@dataclass
class Layout:
    """How the source's columns map to case fields."""
    headers: list[str]
    columns: list[Column]  # mapped columns, in file order
    extra_positions: list[int]  # unmapped columns, kept as cases.extra

    @property
    def by_key(self) -> dict[str, Column]:
        return {c.field.key: c for c in self.columns}


@dataclass
class CheckedChunk:
    good: np.ndarray  # indices (into the chunk) of rows that passed every check
    problems: list[dict]  # quarantine records of the rows that did not
    parsed: dict[str, np.ndarray | pa.Array] = field(default_factory=dict)  # key -> column values (all rows)
    empty: dict[str, np.ndarray] = field(default_factory=dict)


def check_chunk(table: pa.Table, source_rows: np.ndarray, layout: Layout) -> CheckedChunk:
    n = table.num_rows
    failures: list[tuple[np.ndarray, str, Column]] = []  # file column order
    parsed: dict[str, np.ndarray | pa.Array] = {}  # Arrow for text and codes, numpy for the rest
    empties: dict[str, np.ndarray] = {}
    by_key = layout.by_key
    for column in layout.columns:
        raw = table.column(column.position).combine_chunks()
        f = column.field
        if f.type in ("text", "codes"):
            cleaned = V.clean_text(raw) if f.type == "text" else V.clean_code_list(raw)
            parsed[f.key] = cleaned
            empty = cleaned.is_null().to_numpy(zero_copy_only=False)
            bad_code = None
            if f.type == "text":  # a department or diagnosis name of thousands of characters broke notices
                too_long = pc.fill_null(pc.greater(pc.utf8_length(cleaned), NAME_CHARS), False)
                failures.append((too_long.to_numpy(zero_copy_only=False), "TOO_LONG", column))
        elif f.type == "date":
            ordinals, bad, empty = V.parse_dates(raw)
            parsed[f.key], bad_code = ordinals, "BAD_DATE"
        elif f.type == "money":
            fen, bad, empty = V.parse_money(raw)
            parsed[f.key], bad_code = fen, "BAD_AMOUNT"
        else:
            number, bad, empty = V.parse_coded(raw, f.type)
            if f.key == "age":
                bad = bad | (number > MAX_AGE)
            parsed[f.key] = number
            bad_code = "BAD_NUMBER" if f.type == "int" else "BAD_CODE"
        empties[f.key] = empty
        if f.required:
            failures.append((empty, "MISSING_REQUIRED", column))
        if bad_code:
            failures.append((bad, bad_code, column))
        if f.key == "total_cost":
            failures.append((parsed[f.key] < 0, "NEGATIVE_COST", column))
        if f.key == "discharge_date" and "admit_date" in parsed:
            admit = parsed["admit_date"]
            reversed_stay = (parsed[f.key] > 0) & (admit > 0) & (parsed[f.key] < admit)
            failures.append((reversed_stay, "DISCHARGE_BEFORE_ADMIT", column))
    if "discharge_date" in by_key and "admit_date" in by_key and \
            by_key["admit_date"].position > by_key["discharge_date"].position:
        admit, discharge = parsed["admit_date"], parsed["discharge_date"]
        reversed_stay = (discharge > 0) & (admit > 0) & (discharge < admit)
        failures.append((reversed_stay, "DISCHARGE_BEFORE_ADMIT", by_key["discharge_date"]))

    if failures:
        masks = np.vstack([m for m, _c, _col in failures])
        counts = masks.sum(axis=0)
        first = masks.argmax(axis=0)
    else:
        counts = np.zeros(n, dtype=np.int64)
        first = counts
    bad_rows = np.flatnonzero(counts)
    problems = []
    if len(bad_rows):
        raws = raw_rows(table, bad_rows, layout.headers)
        for index, raw in zip(bad_rows.tolist(), raws):
            _mask, code, column = failures[first[index]]
            value = raw[column.header]
            other = ""
            if code == "DISCHARGE_BEFORE_ADMIT":
                other = raw[by_key["admit_date"].header]
            elif code == "TOO_LONG":
                value, other = value[:20] + "…", f"{NAME_CHARS:,}"
            zh, en = reason_text(code, int(source_rows[index]), column.header, value, other,
                                 column.field.type, int(counts[index]), column.field.key)
            problems.append(quarantine_record(int(source_rows[index]), code, column.field.key, zh, en, raw))
    good = np.flatnonzero(counts == 0)
    return CheckedChunk(good, problems, parsed, empties)


def raw_rows(table: pa.Table, indices: np.ndarray, headers: list[str]) -> list[dict[str, str]]:
    """The rows' cells under the file's own headers (the chunk's columns are c0, c1, … in
    header order; the headers are unique). Renamed in Arrow, so that its row dicts need no
    remapping: a Python dict per row rebuilt cost the worker 0.9 s for 28,000 bad rows."""
    return table.take(pa.array(indices, pa.int64())).rename_columns(list(headers)).to_pylist()


def quarantine_record(source_row: int, code: str, key: str | None, zh: str, en: str,
                      raw: dict[str, str]) -> dict:
    return {"source_row": source_row, "reason_code": code, "column": key, "reason": zh,
            "reason_en": en, "raw": json.dumps(raw, ensure_ascii=False)}


def stored_values(checked: CheckedChunk, rows: np.ndarray, key: str) -> list:
    """The values of one field for the given rows, as bound to SQLite (None when blank)."""
    return as_python(stored_array(checked, rows, key))


def stored_array(checked: CheckedChunk, rows: np.ndarray, key: str) -> tuple:
    """The values of one field for the given rows, still in arrays: cheap to hand to another
    process (buffers, not a Python object per cell). ``as_python`` makes the bound values."""
    f = FIELDS_BY_KEY[key]
    values = checked.parsed[key]
    every_row = len(rows) == len(values)  # rows are ascending and unique: all of them
    if f.type in ("text", "codes"):
        return ("text", values if every_row else values.take(pa.array(rows, pa.int64())))
    picked = values if every_row else values[rows]
    if f.type == "date":
        return ("date", picked)
    return ("number", picked, checked.empty[key] if every_row else checked.empty[key][rows])


def as_python(stored: tuple) -> list:
    kind, values = stored[0], stored[1]
    if kind == "text":
        return V.python_strings(values)
    if kind == "date":
        return V.ordinals_to_iso(values).tolist()
    result = values.tolist()
    empty = stored[2]
    if empty.any():
        for i in np.flatnonzero(empty).tolist():
            result[i] = None
    return result


def length_of_stay(checked: CheckedChunk, rows: np.ndarray) -> np.ndarray:
    """Days in hospital: the file's value when given, else discharge - admit; at least 1."""
    stay = checked.parsed["discharge_date"][rows] - checked.parsed["admit_date"][rows]
    if "los" in checked.parsed:
        given = checked.parsed["los"][rows]
        stay = np.where(checked.empty["los"][rows], stay, given)
    return np.maximum(stay, 1)


def extra_json(table: pa.Table, rows: np.ndarray, layout: Layout) -> list[str | None]:
    """Unknown columns of each row as JSON {header: value}; None when the row has none."""
    if not layout.extra_positions:
        return [None] * len(rows)
    index = pa.array(rows, pa.int64())
    columns = [(layout.headers[p], table.column(p).take(index).to_pylist()) for p in layout.extra_positions]
    result: list[str | None] = []
    for i in range(len(rows)):
        kept = {header: cells[i] for header, cells in columns if cells[i].strip()}
        result.append(json.dumps(kept, ensure_ascii=False) if kept else None)
    return result
