"""Loading a DRG group table (分组方案及权重, formats.md §2) as a new current version.

Published tables are loaded as they are: Beijing's RW / 支付标准, Wuhan's two
payment-standard columns (职工 and 居民), a text such as 按项目据实支付 where a
weight should be (the group is then paid by item). A row that cannot be used is
rejected with its row number and reason while the good rows load; a file that
cannot be used at all is refused and the database is left as it was.
"""
from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.messages import Text, UserError
from workstation.paths import bundled_source
from workstation.reference import partial, versions
from workstation.reference.bundled import DEFAULT_GROUPS_LABEL, default_groups_path
from workstation.reference.group_columns import GROUP_HEADERS, SCORE_HEADERS, SCORE_MEANINGS, ColumnPlan, plan_columns
from workstation.reference.group_rows import parse_row
from workstation.reference.tabular import RawTable, header_scorer, map_headers, overflow_reason, read_table
from workstation.store import audit

KIND = "groups"
WHAT = Text("分组权重表", "group table")
STATE_ORDER = ("ungrouped_row", "not_paid", "no_payment_data")


def _refuse_columns(table: RawTable, missing_zh: str, missing_en: str) -> UserError:
    found = Text("、", ", ").join(table.headers)
    return UserError(
        f"分组权重表“{table.path.name}”缺少{missing_zh}。表中的列：{found.zh}。"
        "请确认表头含 DRG编码（或 病组编码、分组编码、DRG）、DRG名称（或 病组名称、分组名称），"
        "以及 权重/RW/相对权重 或 基准点数 之一。",
        f"The group table \"{table.path.name}\" has no {missing_en} column. Its columns: {found.en}. "
        "It needs DRG编码 (or 病组编码, 分组编码, DRG), DRG名称 (or 病组名称, 分组名称), and one of "
        "权重/RW/相对权重 or 基准点数.")


def _refuse_score(table: RawTable) -> UserError:
    """A point-value table (标准分值, 等级系数): what its score means is the user's to say."""
    return UserError(
        f"“{table.path.name}”是分值表（有“标准分值”列，没有权重或基准点数列）。工作站不猜测分值的含义，未载入。"
        "若标准分值就是基准点数，请加 --score-as base-points 重新载入；若标准分值就是相对权重，请加 "
        "--score-as weight。表中按医院级别给出的等级系数（如“三级医院等级系数”）作为该级医院的系数载入。",
        f"\"{table.path.name}\" is a point-value table (a 标准分值 column, no weight or base points). The "
        "workstation does not guess what the score means, so nothing was loaded. If the score is the base "
        "points, load it again with --score-as base-points; if it is the relative weight, with --score-as "
        "weight. Per-level 等级系数 columns (e.g. 三级医院等级系数) load as that level's coefficient.")


def load_group_table(db: Database, path: str | os.PathLike, *, actor: str, label: str | None = None,
                     cost_column: str | None = None, encoding: str | None = None,
                     source: str | None = None, score_as: str | None = None,
                     max_rejected_share: Fraction | None = None,
                     accept_partial: bool = False) -> versions.ReferenceLoadResult:
    """Load a group table as the new current version; one transaction, one audit event.

    Refusing more than ``max_rejected_share`` of the rows raises PartialLoadRefused and changes
    nothing, unless ``accept_partial`` (then the acceptance is an audit event of its own)."""
    path = Path(path)
    table = read_table(path, header_score=header_scorer({**GROUP_HEADERS, "score": SCORE_HEADERS}), what=WHAT,
                       encoding=encoding, expected_zh="（如“DRG编码”“DRG名称”“权重”）",
                       expected_en=" (such as DRG编码, DRG名称, 权重/RW)")
    columns = map_headers(table.headers, GROUP_HEADERS)
    if "drg_code" not in columns or "drg_name" not in columns:
        raise _refuse_columns(table, "DRG编码或DRG名称列", "DRG code or DRG name")
    plan = plan_columns(table.headers, columns, cost_column)
    if "weight" not in columns and "base_points" not in columns:
        if plan.score is None:
            raise _refuse_columns(table, "权重（或基准点数）列", "weight (or base points)")
        if score_as not in SCORE_MEANINGS:
            raise _refuse_score(table)
    if plan.score is not None and score_as in SCORE_MEANINGS:
        meaning = Text("基准点数", "base points") if score_as == "base-points" else Text("相对权重", "weight")
        plan.placed.append((table.headers[plan.score], Text("按 --score-as 作为", "taken as ") + meaning))
    elif plan.score is not None:
        plan.score = None  # a weight column is there: the score is kept as an extra value
    records, result = _parse_rows(table, plan, score_as)
    result.columns_placed = [(h, what) for h, what in plan.placed]
    result.columns_left_out = list(plan.left_out)
    if plan.default_cost is not None:
        result.cost_column = table.headers[plan.default_cost]
    if not records:
        first = Text("；", "; ").join(r.text for r in result.rejected[:5])
        raise UserError(f"分组权重表“{path.name}”没有可载入的行（{first.zh}）。数据库未作改动。",
                        f"The group table \"{path.name}\" has no row that can be loaded ({first.en}). "
                        "Nothing was changed.")
    result.source = source or path.name
    result.label = label or path.stem
    partial.check(result, max_rejected_share, accept_partial, WHAT)
    _store(db, path, records, result, actor)
    return result


def _parse_rows(table: RawTable, plan: ColumnPlan, score_as: str | None
                ) -> tuple[list[dict], versions.ReferenceLoadResult]:
    result = versions.ReferenceLoadResult(kind=KIND, version_id=0, previous_version_id=None, source="",
                                          label=None, rows_read=len(table.rows), rows_loaded=0)
    seen: dict[str, int] = {}
    records = []
    for row, number, overflow in zip(table.rows, table.source_rows, table.overflow):
        raw_code = row[plan.keys["drg_code"]].strip()
        if overflow:
            result.rejected.append(versions.RejectedRow(number, raw_code, overflow_reason(overflow, len(table.headers))))
            continue
        parsed = parse_row(row, plan, table.headers, score_as)
        record = parsed.record
        if record is not None and record["drg_code"] in seen:
            first = seen[record["drg_code"]]
            parsed.reject = Text(f"DRG 编码与第 {first} 行重复，保留第 {first} 行",
                                 f"the DRG code repeats row {first}; row {first} is kept")
        if parsed.reject is not None or record is None:
            result.rejected.append(versions.RejectedRow(number, raw_code.upper(), parsed.reject or Text("", "")))
            continue
        code = record["drg_code"]
        seen[code] = number
        result.rounded.extend((code, column, text, fen) for column, text, fen in parsed.rounded)
        if parsed.state:
            result.states.setdefault(parsed.state, []).append(code)
        if not record["payable_by_drg"]:
            result.not_payable.append(code)
            result.not_payable_notes[code] = parsed.note
        elif record["weight"] is None and record["base_points"] is None and parsed.state != "ungrouped_row":
            result.without_weight.append(code)
        for attribute in ("base_group", "tcm_advantage", "single_review"):
            if record[attribute]:
                result.attributes.setdefault(attribute, []).append(code)
        if record["stability"] == "unstable":
            result.attributes.setdefault("unstable", []).append(code)
        records.append(record)
    result.rows_loaded = len(records)
    return records, result


def comparable(row: dict) -> tuple:
    def norm(text):
        return None if text is None else format(Decimal(text).normalize(), "f")
    return (norm(row["weight"]), norm(row["base_points"]), row["avg_cost_fen"], int(row["payable_by_drg"]),
            row["level_standards"], row["level_coefficients"], row["base_group"], row["stability"],
            row["tcm_advantage"], row["single_review"])


def _store(db: Database, path: Path, records: list[dict], result: versions.ReferenceLoadResult,
           actor: str) -> None:
    sha = versions.file_sha256(path)
    with db.atomic():
        previous = versions.current_version(db, KIND)
        before_rows = {} if previous is None else {
            r["drg_code"]: comparable(r) for r in db.query(
                "SELECT drg_code, weight, base_points, avg_cost_fen, payable_by_drg, level_standards,"
                " level_coefficients, base_group, stability, tcm_advantage, single_review FROM drg_groups"
                " WHERE version_id = ?", [previous["id"]])}
        version_id = versions.add_version(db, kind=KIND, source=result.source, sha256=sha, label=result.label,
                                          rows=len(records), rows_rejected=result.rows_rejected, actor=actor)
        for record in records:
            record["version_id"] = version_id
        db.table("drg_groups").insert_all(records)
        changes = versions.diff_tables(before_rows, {r["drg_code"]: comparable(r) for r in records})
        result.version_id = version_id
        result.previous_version_id = previous["id"] if previous else None
        result.added, result.removed = changes["added_count"], changes["removed_count"]
        result.changed = changes["changed_count"]
        current = versions.version_summary(versions.current_version(db, KIND))
        assert current is not None, "add_version above made this version current in the same transaction"
        after = current | {
            "path": str(path), "cost_column": result.cost_column,
            "not_payable": result.not_payable[:versions.CHANGES_CAP],
            "not_payable_count": len(result.not_payable),
            "without_weight_count": len(result.without_weight),
            "columns": [{"column": h, "serves": what.zh} for h, what in result.columns_placed],
            "columns_left_out": [{"column": h, "why": why.zh} for h, why in result.columns_left_out],
            "rounded_count": len(result.rounded),
            "states": {state: codes[:versions.CHANGES_CAP] for state, codes in result.states.items()},
            "attributes": {name: len(codes) for name, codes in result.attributes.items()},
            "rejected": [{"row": r.source_row, "code": r.code, "reason": r.reason.zh}
                         for r in result.rejected[:versions.CHANGES_CAP]],
            "changes": changes}
        audit.record(db, actor=actor, action="groups.load", entity="reference_versions",
                     entity_id=version_id, before=versions.version_summary(previous), after=after)
        partial.record_acceptance(db, result, actor, version_id)


def load_bundled_groups(db: Database, *, actor: str) -> versions.ReferenceLoadResult:
    """Load the bundled CHS-DRG 2.0 table with Beijing 2022 weights (resources/drg/default-groups.csv)."""
    path = default_groups_path()
    return load_group_table(db, path, actor=actor, label=DEFAULT_GROUPS_LABEL,
                            source=bundled_source(path.name))


def current_groups(db: Database) -> list[dict]:
    """The current group table, one dict per group, ordered by code."""
    return list(db.query("SELECT * FROM current_drg_groups ORDER BY drg_code"))
