"""One row of a group table: the values kept, the state of an odd row, or why it is refused.

Odd rows are states, not refusals: the row for ungrouped cases (``0`` / ``未入组``), a group
with weight or standard 0 (not paid by DRG there), a group with no payment data at all
(its benchmark is computed from the period's cases). A payment standard with more than two
decimals (``8426.75968``) is kept exactly as written and rounded half-up to the fen for the
engine; the load reports each rounding.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from workstation.domain.bounds import AVG_COST_YUAN, COEFFICIENT, GROUP_NAME, beyond, group_row_refusal, too_long
from workstation.domain.messages import Text
from workstation.reference.group_columns import ColumnPlan
from workstation.reference.tabular import has_chinese

UNSTABLE_MARKS = ("※", "★", "*")
_FALSE = {"", "否", "N", "NO", "0", "FALSE", "×", "无", "-", "—"}
UNGROUPED_CODES = ("0", "0000")
UNGROUPED_NAME = "未入组"


@dataclass
class Number:
    value: Decimal | None
    text: str  # the raw cell
    is_note: bool = False  # a Chinese text where a number was expected: paid by item
    error: Text | None = None


def parse_number(raw: str, label_zh: str, label_en: str) -> Number:
    """A non-negative decimal; 0 is a value (not paid by DRG), a Chinese text a note."""
    text = raw.strip()
    if not text:
        return Number(None, text)
    try:
        value = Decimal(text.replace(",", "").replace("，", "").lstrip("¥￥"))
    except InvalidOperation:
        if has_chinese(text):
            return Number(None, text, is_note=True)
        return Number(None, text, error=Text(f"{label_zh}“{text}”不是数字", f"{label_en} \"{text}\" is not a number"))
    if not value.is_finite() or value < 0:
        return Number(None, text, error=Text(f"{label_zh}“{text}”不能为负数", f"{label_en} \"{text}\" is negative"))
    return Number(value, text)


def to_fen(value: Decimal) -> int:
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def exact_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


@dataclass
class ParsedRow:
    record: dict | None = None
    reject: Text | None = None
    rounded: list[tuple[str, str, int]] = field(default_factory=list)  # (column, text, fen)
    state: str | None = None
    note: str = ""


def _truthy(text: str) -> bool:
    return text.strip().upper() not in _FALSE


def _attributes(row: list[str], plan: ColumnPlan, code_text: str, name_text: str, remark: str) -> dict:
    found: dict = {"base_group": 0, "tcm_advantage": 0, "single_review": 0, "stability": None}
    if any(mark in code_text or mark in name_text for mark in UNSTABLE_MARKS):
        found["stability"] = "unstable"
    for i, attribute, meaning in plan.attributes:
        cell = row[i].strip()
        if attribute == "stability":
            if cell:
                yes = _truthy(cell) and "不稳定" not in cell
                found["stability"] = meaning if yes else ("stable" if meaning == "unstable" else "unstable")
        elif _truthy(cell):
            found[attribute] = 1
    texts = [row[i] for i in plan.kind_columns] + [remark]
    for text in texts:
        if "基础病组" in text or text.strip() == "基础":
            found["base_group"] = 1
        if "中医优势" in text:
            found["tcm_advantage"] = 1
        if "单议" in text:
            found["single_review"] = 1
        if "不稳定" in text:
            found["stability"] = "unstable"
        elif "稳定" in text and found["stability"] is None:
            found["stability"] = "stable"
    return found


def _clean_code(text: str) -> str:
    for mark in UNSTABLE_MARKS:
        text = text.replace(mark, "")
    return text.strip().upper()


def parse_row(row: list[str], plan: ColumnPlan, headers: list[str], score_as: str | None) -> ParsedRow:
    """What one row holds (duplicates and overflow are the caller's)."""
    def cell(key: str) -> str:
        return row[plan.keys[key]].strip() if key in plan.keys else ""

    code_text, name_text, remark = cell("drg_code"), cell("drg_name"), cell("remark")
    code, name = _clean_code(code_text), name_text.strip("".join(UNSTABLE_MARKS) + " ")
    ungrouped_row = code in UNGROUPED_CODES or UNGROUPED_NAME in name or UNGROUPED_NAME in code_text
    if not code and ungrouped_row:
        code = "0"
    if not code:
        return ParsedRow(reject=Text("缺少 DRG 编码", "no DRG code"))
    if not name:
        return ParsedRow(reject=Text("缺少 DRG 名称", "no DRG name"))
    if long := too_long(GROUP_NAME, name):
        return ParsedRow(reject=long)
    weight = parse_number(cell("weight"), "权重", "weight")
    points = parse_number(cell("base_points"), "基准点数", "base points")
    if plan.score is not None:
        score = parse_number(row[plan.score], "标准分值", "score")
        if score_as == "weight":
            weight = score if not cell("weight") else weight
        else:
            points = score if not cell("base_points") else points
    los = parse_number(cell("avg_los"), "平均住院日", "average stay")
    error = weight.error or points.error or (los.error if not los.is_note else None)
    if error is not None:
        return ParsedRow(reject=error)
    parsed = ParsedRow()
    default = parse_number(row[plan.default_cost], "支付标准", "payment standard") \
        if plan.default_cost is not None else Number(None, "")
    if default.error is not None:
        return ParsedRow(reject=default.error)
    default_fen = None
    if default.value is not None:
        default_fen = to_fen(default.value)
        if default.value != Decimal(default_fen) / 100:
            parsed.rounded.append((headers[plan.default_cost], default.text, default_fen))  # type: ignore[index]
    levels = []
    for i, level, insurance in plan.level_costs:
        value = parse_number(row[i], "支付标准", "payment standard")
        if value.error is not None:
            return ParsedRow(reject=value.error)
        if value.value is None or value.value == 0:
            continue  # blank (or 0) at one level: the group's own standard applies there
        if (refusal := beyond(AVG_COST_YUAN, value.value)) is not None:  # domain/bounds.py
            return ParsedRow(reject=refusal)
        fen = to_fen(value.value)
        if value.value != Decimal(fen) / 100 and i != plan.default_cost:
            parsed.rounded.append((headers[i], value.text, fen))
        levels.append({"level": level, "insurance": insurance, "fen": fen, "text": value.text, "column": headers[i]})
    coefficients = []
    for i, level in plan.level_coefficients:
        value = parse_number(row[i], "系数", "coefficient")
        if value.error is not None:
            return ParsedRow(reject=value.error)
        if (refusal := beyond(COEFFICIENT, value.value)) is not None:  # domain/bounds.py
            return ParsedRow(reject=refusal)
        if value.value:
            coefficients.append({"level": level, "value": exact_text(value.value), "column": headers[i]})
    refusal = group_row_refusal(weight.value, points.value, None if los.is_note else los.value, default_fen)
    if refusal is not None:  # domain/bounds.py: no real table comes near these
        return ParsedRow(reject=refusal)
    notes = [p.text for p in (weight, points, default) if p.is_note]
    zero = any(p.value == 0 for p in (weight, points, default))
    payable = not notes and not zero
    if ungrouped_row:
        parsed.state = "ungrouped_row"
    elif zero:
        parsed.state = "not_paid"
    elif payable and weight.value is None and points.value is None and default_fen is None and not levels:
        parsed.state = "no_payment_data"
    parsed.note = notes[0] if notes else remark
    attributes = _attributes(row, plan, code_text, name_text, remark)
    used = plan.used()
    extra = {headers[i]: v for i, v in enumerate(row) if i not in used and v.strip()}
    parsed.record = {
        "drg_code": code, "drg_name": name, "weight": exact_text(weight.value),
        "base_points": exact_text(points.value), "avg_cost_fen": default_fen,
        "avg_cost_text": default.text or None, "avg_los": exact_text(los.value), "payable_by_drg": int(payable),
        "note": parsed.note or None, "extra": json.dumps(extra, ensure_ascii=False) if extra else None,
        "level_standards": json.dumps(levels, ensure_ascii=False) if levels else None,
        "level_coefficients": json.dumps(coefficients, ensure_ascii=False) if coefficients else None,
        "row_state": parsed.state, **attributes,
    }
    return parsed
