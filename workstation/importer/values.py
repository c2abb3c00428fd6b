"""Vectorised parsing of one column of raw text into stored values.

Each parser takes a pyarrow string array (the raw cells of one column of one
chunk, never null) and returns ``(values, bad, empty)``: ``values`` a numpy
array or list of parsed values, ``bad`` a boolean numpy mask of cells that
could not be read, ``empty`` a mask of blank cells.

Why pyarrow compute and "parse each distinct value once": a batch has a
million rows but only thousands of distinct dates, sexes or ages, so those are
parsed in Python once per distinct value and spread back with an index; money
is nearly all distinct, so the common spellings go through a vectorised regex
and only unusual ones fall back to ``workstation.domain.money.parse_yuan_to_fen``
(which stays the one definition of a valid amount — a hypothesis test keeps the
two in agreement).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workstation.domain.fields import DISCHARGE_MODES
from workstation.domain.money import MoneyError, parse_yuan_to_fen

# Larger amounts cannot be real settlement data and would not fit SQLite's integer.
MAX_ABS_FEN = 10**15
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (it counts a 1900-02-29 that never was)
_SERIAL_RANGE = (20000, 80000)  # 1954 .. 2119: numbers outside are not dates in these files


def blank_mask(raw: pa.Array) -> np.ndarray:
    return pc.equal(pc.utf8_trim_whitespace(raw), "").to_numpy(zero_copy_only=False)


def _by_distinct(raw: pa.Array, parse_one: Callable[[str], object], missing: object
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Apply ``parse_one`` once per distinct cell; it returns the value or raises ValueError."""
    encoded = pc.dictionary_encode(raw).combine_chunks() if isinstance(raw, pa.ChunkedArray) \
        else pc.dictionary_encode(raw)
    distinct = encoded.dictionary.to_pylist()
    parsed: list[object] = []
    bad_distinct = np.zeros(len(distinct), dtype=bool)
    empty_distinct = np.zeros(len(distinct), dtype=bool)
    for i, text in enumerate(distinct):
        stripped = text.strip()
        if stripped == "":
            empty_distinct[i] = True
            parsed.append(missing)
            continue
        try:
            parsed.append(parse_one(stripped))
        except (ValueError, OverflowError):
            bad_distinct[i] = True
            parsed.append(missing)
    index = encoded.indices.to_numpy(zero_copy_only=False)
    values = np.array(parsed, dtype=object if not parsed or not isinstance(missing, int) else np.int64)
    return values[index], bad_distinct[index], empty_distinct[index]


# --- dates ------------------------------------------------------------------

_DATE_FORMS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})(?:\s*\d{1,2}:?\d{2}(?::?\d{2})?)?"),
)


def parse_date_ordinal(text: str) -> int:
    """One date cell -> proleptic ordinal; raises ValueError when it is no date."""
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            if not 1900 <= year <= 2199:
                raise ValueError(text)
            return date(year, month, day).toordinal()
    serial = re.fullmatch(r"(\d{5})(?:\.\d+)?", text)
    if serial and _SERIAL_RANGE[0] <= int(serial.group(1)) <= _SERIAL_RANGE[1]:
        return (_EXCEL_EPOCH + timedelta(days=int(serial.group(1)))).toordinal()
    raise ValueError(text)


def parse_dates(raw: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dates as ordinals (int64, 0 where missing or bad)."""
    return _by_distinct(raw, parse_date_ordinal, 0)


def ordinals_to_iso(ordinals: np.ndarray) -> np.ndarray:
    distinct, index = np.unique(ordinals, return_inverse=True)
    texts = np.array([date.fromordinal(int(o)).isoformat() if o > 0 else None for o in distinct],
                     dtype=object)
    return texts[index]


# --- coded values ------------------------------------------------------------

_SEX = {"1": 1, "2": 2, "男": 1, "女": 2, "男性": 1, "女性": 2, "m": 1, "f": 2, "male": 1, "female": 2}
_LEVEL_WORDS = {"三": 3, "二": 2, "一": 1, "3": 3, "2": 2, "1": 1}
_MODE_BY_LABEL = {label: code for code, label in DISCHARGE_MODES.items()}
_FLAG = {"0": 0, "1": 1, "否": 0, "是": 1, "n": 0, "y": 1, "no": 0, "yes": 1, "false": 0, "true": 1}


def _sex(text: str) -> int:
    return _SEX[text.lower()] if text.lower() in _SEX else _fail(text)


def _level(text: str) -> int:
    # 三级 / 三甲 / 三级甲等 / 3 / 3级: the level, then nothing but its grade. Read whole, never by
    # its first character alone: "3级医院备注" or "12" is no level.
    match = _LEVEL_FORM.fullmatch(text)
    return _LEVEL_WORDS[match.group(1)] if match else _fail(text)


_LEVEL_FORM = re.compile(r"([一二三123])级?(?:[甲乙丙]等?)?")
# A discharge-mode cell is its code alone, or the code followed by that code's own label
# ("1 医嘱离院", "5.死亡"): never the first digit of a longer number ("55", "2024-03-05").
_MODE_FORM = re.compile(r"([0-9])(?:\s*[.、:：-]?\s*(\S.*))?")


def _mode(text: str) -> int:
    match = _MODE_FORM.fullmatch(text)
    if match and int(match.group(1)) in DISCHARGE_MODES:
        label = match.group(2)
        if label is None or label.strip() == DISCHARGE_MODES[int(match.group(1))]:
            return int(match.group(1))
    if text in _MODE_BY_LABEL:
        return _MODE_BY_LABEL[text]
    return _fail(text)


def _flag(text: str) -> int:
    return _FLAG[text.lower()] if text.lower() in _FLAG else _fail(text)


def _whole_number(text: str) -> int:
    match = re.fullmatch(r"(\d{1,4})(?:\.0*)?\s*(?:岁|天|日)?", text)
    return int(match.group(1)) if match else _fail(text)


def _fail(text: str) -> int:
    raise ValueError(text)


CODED_PARSERS: dict[str, Callable[[str], int]] = {
    "sex": _sex, "level": _level, "mode": _mode, "flag": _flag, "int": _whole_number,
}


def parse_coded(raw: pa.Array, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """sex / level / mode / flag / int cells -> int64 (0 where missing or bad)."""
    return _by_distinct(raw, CODED_PARSERS[kind], 0)


# --- money -------------------------------------------------------------------

# The spellings nearly every file uses; anything else goes through parse_yuan_to_fen.
_FAST_MONEY = (r"^[¥￥]?(?P<sign>[+-]?)(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,17})"
               r"(?:\.(?P<frac>[0-9]{0,2}))?元?$")
# A cell with a thousands separator, each in its place (between groups of three digits), as the
# Arrow path below may read it once its separators are dropped.
_GROUPED_MONEY = r"^[¥￥]*[+-]?[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]*)?$"


_PLAIN_MONEY = r"^[+-]?[0-9]{1,13}(\.[0-9]{1,2})?$"


def parse_money(raw: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Amounts in yuan -> int64 fen (0 where missing or bad); more than 2 decimals is bad."""
    # Fast path: a column of plain numbers, perhaps with thousands separators and currency
    # signs (which parse_yuan_to_fen also drops wherever they stand). Arrow's exact cast
    # refuses the whole column at the first cell that is blank, otherwise decorated or has
    # more than 2 decimals; what it accepts ([+-]digits[.digits]) Decimal reads alike. A column
    # with an exponent anywhere is not cast whole: pyarrow 26 crashes the process (a segmentation
    # fault) casting "1e-9999999"; its cells go the ways below, which never cast an exponent.
    present = _signs_present(raw, _SIGNS + _EXPONENT)
    separators = [s for s in present if s in _SEPARATORS]
    if not set(present) & set(_EXPONENT) and (not separators or _separators_in_place(raw, separators)):
        undecorated = raw
        if set(present) & set(_CURRENCY):
            # Written before the number: trimmed, a fifth of the time of a replacement. One elsewhere
            # ("1¥2") stays, fails the cast, and the cell is read below as parse_yuan_to_fen reads it.
            undecorated = pc.utf8_ltrim(undecorated, _CURRENCY)
        for sign in (s for s in present if s in _SIGNS and s not in _CURRENCY):
            undecorated = pc.replace_substring(undecorated, sign, "")
        try:
            return _exact_fen(undecorated), np.zeros(len(raw), dtype=bool), np.zeros(len(raw), dtype=bool)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    # A few odd cells: plain numbers still go the exact way, blanks are blank, and only
    # the rest is read cell by cell.
    n = len(raw)
    fen = np.zeros(n, dtype=np.int64)
    bad = np.zeros(n, dtype=bool)
    empty = pc.equal(raw, "").to_numpy(zero_copy_only=False)
    plain = pc.match_substring_regex(raw, _PLAIN_MONEY).to_numpy(zero_copy_only=False)
    if plain.any():
        fen[plain] = _exact_fen(raw.filter(pa.array(plain)))
    rest = np.flatnonzero(~plain & ~empty)
    if len(rest):
        rest_fen, rest_bad, rest_empty = _parse_money_cells(raw.take(pa.array(rest)))
        fen[rest], bad[rest], empty[rest] = rest_fen, rest_bad, rest_empty
    return fen, bad, empty


_SIGNS = (",", "，", "¥", "￥")
_SEPARATORS = (",", "，")


def _separators_in_place(raw: pa.Array, separators: list[str]) -> bool:
    """Whether every cell holding a thousands separator holds it only between groups of three
    digits (``1,2,3`` does not). Vectorised: a substring search over the column, then a regular
    expression over the few cells that have one (a demo batch: one in twenty)."""
    marked = pc.match_substring(raw, separators[0])
    for separator in separators[1:]:
        marked = pc.or_(marked, pc.match_substring(raw, separator))
    grouped = raw.filter(marked)
    return bool(pc.all(pc.match_substring_regex(grouped, _GROUPED_MONEY)).as_py() is not False)
_CURRENCY = "¥￥"
_EXPONENT = ("e", "E")


def _signs_present(raw: pa.Array, signs: tuple[str, ...]) -> list[str]:
    """Which of ``signs`` occur in the column: one search of its UTF-8 bytes each (a C byte
    search over the text, where a search cell by cell cost ~0.7 ms per 20,000 cells and sign).
    A whole character's bytes cannot straddle two cells of valid UTF-8 text, so a sign found
    is in some cell."""
    if raw.type != pa.string() or raw.buffers()[2] is None:
        return list(signs)
    start, end = text_span(raw)
    data = memoryview(raw.buffers()[2])[start:end].tobytes()
    return [sign for sign in signs if sign.encode() in data]


def text_span(raw: pa.Array) -> tuple[int, int]:
    """Where a string array's cells lie in its data buffer (an array may be a slice of a bigger
    one): the first and last of its own offsets."""
    offsets = np.frombuffer(raw.buffers()[1], dtype=np.int32)[raw.offset:raw.offset + len(raw) + 1]
    return (int(offsets[0]), int(offsets[-1])) if len(offsets) else (0, 0)


def _exact_fen(raw: pa.Array) -> np.ndarray:
    exact = pc.cast(raw, pa.decimal128(18, 2))
    # A decimal128's storage is its unscaled value (fen) as 128-bit little-endian integers.
    low_words = np.frombuffer(exact.buffers()[1], dtype=np.int64)[2 * exact.offset::2][:len(exact)]
    fen = low_words.copy()
    if (np.abs(fen) >= MAX_ABS_FEN).any():  # only the plain path can get here with 13+ digits
        raise pa.ArrowInvalid("amount out of range")
    return fen


def _parse_money_cells(raw: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(raw)
    fen = np.zeros(n, dtype=np.int64)
    bad = np.zeros(n, dtype=bool)
    empty = np.zeros(n, dtype=bool)
    parts = pc.extract_regex(raw, _FAST_MONEY)  # null where the cell is not a common spelling
    fast = parts.is_valid().to_numpy(zero_copy_only=False)
    if fast.any():
        whole_text = pc.replace_substring(parts.field("whole"), ",", "")  # in place (the expression)
        # A struct field keeps "" under rows the regex did not match: only matched rows count.
        whole_ok = pc.less_equal(pc.utf8_length(whole_text), 13).to_numpy(zero_copy_only=False) & fast
        whole = pc.cast(pc.if_else(whole_ok, whole_text, "0"), pa.int64()).to_numpy(zero_copy_only=False)
        frac_text = pc.utf8_rpad(pc.fill_null(parts.field("frac"), ""), 2, "0")
        frac = pc.cast(pc.if_else(fast, frac_text, "00"), pa.int64()).to_numpy(zero_copy_only=False)
        negative = pc.equal(pc.fill_null(parts.field("sign"), ""), "-").to_numpy(zero_copy_only=False)
        value = whole * 100 + frac
        value = np.where(negative, -value, value)
        fast &= whole_ok  # very long numbers take the exact slow path (and are refused there)
        fen[fast] = value[fast]
    slow = np.flatnonzero(~fast)
    if len(slow):
        texts = raw.take(pa.array(slow)).to_pylist()
        for position, text in zip(slow.tolist(), texts):
            try:
                parsed = parse_yuan_to_fen(text)
            except MoneyError:
                bad[position] = True
                continue
            if parsed is None:
                empty[position] = True
            elif abs(parsed) >= MAX_ABS_FEN:
                bad[position] = True
            else:
                fen[position] = parsed
    return fen, bad, empty


# --- text and code lists -------------------------------------------------------

def clean_text(raw: pa.Array) -> pa.Array:
    """Trimmed text; blank cells become null (stored as NULL)."""
    trimmed = pc.utf8_trim_whitespace(raw)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


_SAMPLE_CELLS = 1024


def python_strings(text: pa.Array) -> list[str | None]:
    """A string column as Python objects for binding, one object per distinct value.

    Why: most columns repeat a few values (hospital, department, DRG); sharing one str
    object per value saves creating a million of them, and SQLite binding encodes each
    object's UTF-8 once instead of once per row.
    """
    # Mostly distinct (case ids, ID numbers): plain conversion. A sample tells most such columns
    # before the whole column is dictionary-encoded for nothing.
    sample = text.slice(0, _SAMPLE_CELLS)
    if len(sample) == _SAMPLE_CELLS and pc.count_distinct(sample).as_py() * 4 > _SAMPLE_CELLS:
        return text.to_pylist()
    encoded = pc.dictionary_encode(text)
    if len(encoded.dictionary) * 4 > len(text):
        return text.to_pylist()
    distinct = np.array(encoded.dictionary.to_pylist() + [None], dtype=object)
    index = encoded.indices.fill_null(len(encoded.dictionary)).to_numpy(zero_copy_only=False)
    return distinct[index].tolist()


# What the two regular expressions of clean_code_list act on (RE2's \s is [\t\n\f\r ]): a column
# holding none of these is already 'A;B;C' apart from its ends.
_LIST_CHANGES = (" ", "\t", "\n", "\f", "\r", "；", ",", "，", "|", "、", ";;")


def clean_code_list(raw: pa.Array) -> pa.Array:
    """Code lists separated by ; ； , ， | 、 or whitespace-padded -> 'A;B;C'; blank -> null."""
    text = raw
    # Most exports already write 'A;B;C': one byte search per pattern spares the two regular
    # expressions over every cell (a million-row batch's two code-list columns: ~0.7 s).
    if _signs_present(raw, _LIST_CHANGES):
        text = pc.replace_substring_regex(text, r"\s*[;；,，|、]\s*", ";")
        text = pc.replace_substring_regex(text, r";{2,}", ";")
    text = pc.utf8_trim(pc.utf8_trim_whitespace(text), ";")
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


def cell_text(value: object) -> str:
    """An XLSX cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != datetime.min.time() \
            else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)
