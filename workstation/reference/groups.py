"""Loading a DRG group table (分组方案及权重, formats.md §2) as a new current version.

Published tables are loaded as they are: Beijing's RW / 支付标准, Wuhan's two
payment-standard columns (职工 and 居民), a text such as 按项目据实支付 where a
weight should be (the group is then paid by item). A row that cannot be used is
rejected with its row number and reason while the good rows load; a file that
cannot be used at all is refused and the database is left as it was.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.bounds import group_row_refusal
from workstation.domain.messages import Text, UserError
from workstation.domain.money import MoneyError, parse_yuan_to_fen
from workstation.paths import bundled_source
from workstation.reference import versions
from workstation.reference.bundled import DEFAULT_GROUPS_LABEL, default_groups_path
from workstation.reference.tabular import (
    RawTable,
    has_chinese,
    header_scorer,
    map_headers,
    normalise_header,
    overflow_reason,
    read_table,
)
from workstation.store import audit

KIND = "groups"
WHAT = Text("分组权重表", "group table")
GROUP_HEADERS: dict[str, tuple[str, ...]] = {
    "drg_code": ("DRG编码", "病组编码", "DRG组编码", "DRG代码", "code"),
    "drg_name": ("DRG名称", "病组名称", "DRG组名称", "name"),
    "weight": ("权重", "RW", "相对权重", "初始权重"),
    "base_points": ("基准点数", "点数"),
    "avg_cost": ("均次费用", "次均费用", "支付标准", "平均费用"),
    "avg_los": ("平均住院日", "平均住院天数"),
    "remark": ("备注", "说明"),
}
# Headers that name an average cost / payment standard among other words,
# e.g. 二级医院支付标准（职工）.
COST_WORDS = ("支付标准", "均次费用", "次均费用")


@dataclass
class _Parsed:
    value: Decimal | None
    text: str  # the raw cell
    is_note: bool = False  # a Chinese text where a number was expected: paid by item
    error: Text | None = None


def _number(raw: str, label_zh: str, label_en: str) -> _Parsed:
    text = raw.strip()
    if not text:
        return _Parsed(None, text)
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        if has_chinese(text):
            return _Parsed(None, text, is_note=True)
        return _Parsed(None, text, error=Text(f"{label_zh}“{text}”不是数字", f"{label_en} \"{text}\" is not a number"))
    if not value.is_finite() or value <= 0:
        return _Parsed(None, text, error=Text(f"{label_zh}“{text}”必须大于 0", f"{label_en} \"{text}\" must be above 0"))
    return _Parsed(value, text)


def _exact_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def cost_columns(headers: list[str]) -> list[int]:
    """Every column that holds an average cost / payment standard, in file order."""
    exact = {normalise_header(a) for a in ("avg_cost", *GROUP_HEADERS["avg_cost"])}
    return [i for i, h in enumerate(headers)
            if normalise_header(h) in exact or any(word in h for word in COST_WORDS)]


def _choose_cost_column(table: RawTable, requested: str | None) -> tuple[int | None, Text | None]:
    candidates = cost_columns(table.headers)
    listed = Text("、", ", ").join(table.headers[i] for i in candidates) or Text("（无）", "(none)")
    if requested:
        wanted = normalise_header(requested)
        exact = [i for i, h in enumerate(table.headers) if normalise_header(h) == wanted]
        partial = [i for i in candidates if wanted in normalise_header(table.headers[i])]
        chosen = exact or partial
        if len(chosen) != 1:
            raise UserError(
                f"分组权重表“{table.path.name}”中{'没有' if not chosen else '有多个'}与“{requested}”对应的费用列。"
                f"可选的列：{listed.zh}。请用 --cost-column 写出其中一列的完整表头。",
                f"The group table \"{table.path.name}\" has {'no' if not chosen else 'more than one'} cost column "
                f"matching \"{requested}\". Columns to choose from: {listed.en}. Give one of them in full with --cost-column.")
        return chosen[0], None
    if len(candidates) > 1:
        first = table.headers[candidates[0]]
        return candidates[0], Text(
            f"表中有 {len(candidates)} 列支付标准（{listed.zh}），已采用第一列“{first}”作均次费用；如需另一列，请用 --cost-column 指定。",
            f"The table has {len(candidates)} payment-standard columns ({listed.en}); the first, \"{first}\", "
            f"was taken as the average cost. Choose another with --cost-column.")
    return (candidates[0] if candidates else None), None


def _refuse_columns(table: RawTable, missing_zh: str, missing_en: str) -> UserError:
    found = Text("、", ", ").join(table.headers)
    return UserError(
        f"分组权重表“{table.path.name}”缺少{missing_zh}。表中的列：{found.zh}。"
        "请确认表头含 DRG编码（或 病组编码）、DRG名称（或 病组名称），以及 权重/RW/相对权重 或 基准点数 之一。",
        f"The group table \"{table.path.name}\" has no {missing_en} column. Its columns: {found.en}. "
        "It needs DRG编码 (or 病组编码), DRG名称 (or 病组名称), and one of 权重/RW/相对权重 or 基准点数.")


def load_group_table(db: Database, path: str | os.PathLike, *, actor: str, label: str | None = None,
                     cost_column: str | None = None, encoding: str | None = None,
                     source: str | None = None) -> versions.ReferenceLoadResult:
    """Load a group table as the new current version; one transaction, one audit event."""
    path = Path(path)
    table = read_table(path, header_score=header_scorer(GROUP_HEADERS), what=WHAT, encoding=encoding,
                       expected_zh="（如“DRG编码”“DRG名称”“权重”）", expected_en=" (such as DRG编码, DRG名称, 权重/RW)")
    columns = map_headers(table.headers, GROUP_HEADERS)
    if "drg_code" not in columns or "drg_name" not in columns:
        raise _refuse_columns(table, "DRG编码或DRG名称列", "DRG code or DRG name")
    if "weight" not in columns and "base_points" not in columns:
        raise _refuse_columns(table, "权重（或基准点数）列", "weight (or base points)")
    cost_index, cost_note = _choose_cost_column(table, cost_column)
    records, result = _parse_rows(table, columns, cost_index)
    if cost_note:
        result.notes.append(cost_note)
    if not records:
        first = Text("；", "; ").join(r.text for r in result.rejected[:5])
        raise UserError(f"分组权重表“{path.name}”没有可载入的行（{first.zh}）。数据库未作改动。",
                        f"The group table \"{path.name}\" has no row that can be loaded ({first.en}). "
                        "Nothing was changed.")
    result.source = source or path.name
    result.label = label or path.stem
    _store(db, path, records, result, actor)
    return result


def _parse_rows(table: RawTable, columns: dict[str, int], cost_index: int | None):
    result = versions.ReferenceLoadResult(kind=KIND, version_id=0, previous_version_id=None, source="",
                                          label=None, rows_read=len(table.rows), rows_loaded=0)
    if cost_index is not None:
        result.cost_column = table.headers[cost_index]
    used = set(columns.values()) | ({cost_index} if cost_index is not None else set())
    seen: dict[str, int] = {}
    records = []

    def cell(row: list[str], key: str) -> str:
        return row[columns[key]].strip() if key in columns else ""

    for row, number, overflow in zip(table.rows, table.source_rows, table.overflow):
        code, name = cell(row, "drg_code").upper(), cell(row, "drg_name")
        reject = None
        if overflow:
            reject = overflow_reason(overflow, len(table.headers))
        elif not code:
            reject = Text("缺少 DRG 编码", "no DRG code")
        elif not name:
            reject = Text("缺少 DRG 名称", "no DRG name")
        elif code in seen:
            reject = Text(f"DRG 编码与第 {seen[code]} 行重复，保留第 {seen[code]} 行",
                          f"the DRG code repeats row {seen[code]}; row {seen[code]} is kept")
        weight = _number(cell(row, "weight"), "权重", "weight")
        points = _number(cell(row, "base_points"), "基准点数", "base points")
        los = _number(cell(row, "avg_los"), "平均住院日", "average stay")
        reject = reject or weight.error or points.error or (los.error if not los.is_note else None)
        cost_text = row[cost_index].strip() if cost_index is not None else ""
        cost_fen = None
        if reject is None and cost_text and not has_chinese(cost_text):
            try:
                cost_fen = parse_yuan_to_fen(cost_text)
            except MoneyError:
                reject = Text(f"均次费用“{cost_text}”不是有效金额（元，最多两位小数）",
                              f"average cost \"{cost_text}\" is not an amount (yuan, at most 2 decimals)")
            else:
                if cost_fen is not None and cost_fen < 0:
                    reject = Text(f"均次费用“{cost_text}”为负数", f"average cost \"{cost_text}\" is negative")
        reject = reject or group_row_refusal(weight.value, points.value, los.value, cost_fen)  # domain/bounds.py
        if reject is not None:
            result.rejected.append(versions.RejectedRow(number, code, reject))
            continue
        seen[code] = number
        payable = not (weight.is_note or points.is_note)
        note_text = next((p.text for p in (weight, points) if p.is_note), "") or cell(row, "remark")
        if not payable:
            result.not_payable.append(code)
            result.not_payable_notes[code] = note_text
        elif weight.value is None and points.value is None:
            result.without_weight.append(code)
        extra = {table.headers[i]: v for i, v in enumerate(row) if i not in used and v.strip()}
        records.append({
            "drg_code": code, "drg_name": name, "weight": _exact_text(weight.value),
            "base_points": _exact_text(points.value), "avg_cost_fen": cost_fen,
            "avg_los": _exact_text(los.value), "payable_by_drg": int(payable),
            "note": note_text or None,
            "extra": json.dumps(extra, ensure_ascii=False) if extra else None,
        })
    result.rows_loaded = len(records)
    return records, result


def _comparable(row: dict) -> tuple:
    def norm(text):
        return None if text is None else format(Decimal(text).normalize(), "f")
    return (norm(row["weight"]), norm(row["base_points"]), row["avg_cost_fen"], int(row["payable_by_drg"]))


def _store(db: Database, path: Path, records: list[dict], result: versions.ReferenceLoadResult,
           actor: str) -> None:
    sha = versions.file_sha256(path)
    with db.atomic():
        previous = versions.current_version(db, KIND)
        before_rows = {} if previous is None else {
            r["drg_code"]: _comparable(r) for r in db.query(
                "SELECT drg_code, weight, base_points, avg_cost_fen, payable_by_drg FROM drg_groups"
                " WHERE version_id = ?", [previous["id"]])}
        version_id = versions.add_version(db, kind=KIND, source=result.source, sha256=sha, label=result.label,
                                          rows=len(records), rows_rejected=result.rows_rejected, actor=actor)
        for record in records:
            record["version_id"] = version_id
        db["drg_groups"].insert_all(records)
        changes = versions.diff_tables(before_rows, {r["drg_code"]: _comparable(r) for r in records})
        result.version_id = version_id
        result.previous_version_id = previous["id"] if previous else None
        result.added, result.removed = changes["added_count"], changes["removed_count"]
        result.changed = changes["changed_count"]
        after = versions.version_summary(versions.current_version(db, KIND)) | {
            "path": str(path), "cost_column": result.cost_column,
            "not_payable": result.not_payable[:versions.CHANGES_CAP],
            "not_payable_count": len(result.not_payable),
            "without_weight_count": len(result.without_weight),
            "rejected": [{"row": r.source_row, "code": r.code, "reason": r.reason.zh}
                         for r in result.rejected[:versions.CHANGES_CAP]],
            "changes": changes}
        audit.record(db, actor=actor, action="groups.load", entity="reference_versions",
                     entity_id=version_id, before=versions.version_summary(previous), after=after)


def load_bundled_groups(db: Database, *, actor: str) -> versions.ReferenceLoadResult:
    """Load the bundled CHS-DRG 2.0 table with Beijing 2022 weights (resources/drg/default-groups.csv)."""
    path = default_groups_path()
    return load_group_table(db, path, actor=actor, label=DEFAULT_GROUPS_LABEL,
                            source=bundled_source(path.name))


def current_groups(db: Database) -> list[dict]:
    """The current group table, one dict per group, ordered by code."""
    return list(db.query("SELECT * FROM current_drg_groups ORDER BY drg_code"))
