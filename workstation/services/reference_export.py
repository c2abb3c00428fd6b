"""The reference view's export of the current group table: a CSV the group loader reads back
to the same table (the tests hold it to that), with every level's standard and coefficient,
the attributes and the odd rows' states."""
from __future__ import annotations

import csv
import json
import os
from decimal import Decimal, InvalidOperation

from sqlite_utils import Database

from workstation.reference.tabular import has_chinese
from workstation.services.reference import current_groups
from workstation.store.output_paths import atomic_output

LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级"}
INSURANCE_NAMES = {"employee": "职工", "resident": "居民"}
BASE = ["DRG编码", "DRG名称", "权重", "基准点数", "支付标准", "平均住院日", "备注", "病组类型", "稳定性", "单议病组"]


def _standard_header(level: int | None, insurance: str | None) -> str:
    head = f"{LEVEL_NAMES[level]}医院支付标准" if level is not None else "支付标准"
    return head + (f"（{INSURANCE_NAMES[insurance]}）" if insurance else "")


def _coefficient_header(level: int) -> str:
    return f"{LEVEL_NAMES[level]}医院系数"


def _plain(text: str) -> str:
    """A decimal text as its plain value ("0.00" -> "0"), or the text itself."""
    try:
        return format(Decimal(text).normalize(), "f") if text else ""
    except InvalidOperation:
        return text


def _kinds(row: dict) -> str:
    return "、".join(name for key, name in (("base_group", "基础病组"), ("tcm_advantage", "中医优势病组"))
                    if row.get(key))


def _row(row: dict, level_keys: list, coefficient_levels: list[int], extra_headers: list[str]) -> list[str]:
    weight, points, standard = row["weight"] or "", row["base_points"] or "", row["avg_cost_text"] or ""
    if not standard and row["avg_cost_fen"] is not None:
        standard = f"{row['avg_cost_fen'] // 100}.{row['avg_cost_fen'] % 100:02d}"
    remark = row["note"] or ""
    # Zero as the loader judges it: the exact text, not the fen (0.0001 rounds to 0 fen but is not 0,
    # so a note beside it is what made the group unpayable and must go back where the number was).
    zero = "0" in (_plain(weight), _plain(points), _plain(standard))
    if not row["payable_by_drg"] and not zero and remark:
        # The text that stood where a number was (按项目据实支付) goes back where a number is missing.
        if not weight:
            weight = remark
        elif not (has_chinese(standard) or has_chinese(points)):
            if not standard:
                standard = remark
            else:
                points = remark
        remark = ""
    levels = {(s["level"], s["insurance"]): s["text"] for s in json.loads(row["level_standards"] or "[]")}
    coefficients = {c["level"]: c["value"] for c in json.loads(row["level_coefficients"] or "[]")}
    extra = json.loads(row["extra"] or "{}")
    stability = {"stable": "稳定", "unstable": "不稳定"}.get(row["stability"] or "", "")
    return ([row["drg_code"], row["drg_name"], weight, points, standard, row["avg_los"] or "", remark, _kinds(row),
             stability, "是" if row["single_review"] else "否"]
            + [levels.get(key, "") for key in level_keys]
            + [coefficients.get(level, "") for level in coefficient_levels]
            + [extra.get(header, "") for header in extra_headers])


def export_groups_csv(db: Database, path: str | os.PathLike) -> int:
    """Write the current group table to ``path`` (UTF-8 with BOM, as Excel/WPS open it); returns rows written."""
    rows = current_groups(db)
    level_keys = sorted({(s["level"], s["insurance"]) for r in rows for s in json.loads(r["level_standards"] or "[]")},
                        key=lambda k: (k[0] or 0, k[1] or ""))
    coefficient_levels = sorted({c["level"] for r in rows for c in json.loads(r["level_coefficients"] or "[]")})
    headers = BASE + [_standard_header(*k) for k in level_keys] + [_coefficient_header(lv) for lv in coefficient_levels]
    extra_headers = sorted({h for r in rows for h in json.loads(r["extra"] or "{}")} - set(headers))
    with atomic_output(path, db) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(headers + extra_headers)
        for row in rows:
            writer.writerow(_row(row, level_keys, coefficient_levels, extra_headers))
    return len(rows)
