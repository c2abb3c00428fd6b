"""Loading a hospital table (定点医疗机构, formats.md §3) as a new current version.

Same rules as the group table: bad rows are rejected with row number and
reason while good rows load; a file without a hospital-code column is refused
with the database unchanged; the load is one transaction with one audit event.
"""
from __future__ import annotations

import json
import os
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.bounds import COEFFICIENT, HOSPITAL_NAME, beyond, too_long
from workstation.domain.messages import Text, UserError
from workstation.reference import partial, versions
from workstation.reference.tabular import RawTable, header_scorer, map_headers, overflow_reason, read_table
from workstation.store import audit

KIND = "hospitals"
WHAT = Text("医疗机构表", "hospital table")
DEFAULT_COEFFICIENT = "1.0"
HOSPITAL_HEADERS: dict[str, tuple[str, ...]] = {
    "hospital_code": ("机构编码", "定点医药机构编码", "定点医疗机构编码", "医疗机构编码", "医院编码", "code"),
    "hospital_name": ("机构名称", "定点医药机构名称", "定点医疗机构名称", "医疗机构名称", "医院名称", "name"),
    "hospital_level": ("级别", "医院级别", "医疗机构级别", "机构级别", "等级", "level"),
    "coefficient": ("差异系数", "成本系数", "系数", "医院系数"),
}
_LEVELS = {"三": 3, "3": 3, "二": 2, "2": 2, "一": 1, "1": 1}


def parse_level(text: str) -> int | None:
    """三级 / 三级甲等 / 三甲 / 3 -> 3; blank -> None; anything else raises ValueError."""
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(r"([三二一123])(级|甲|乙|丙)?.*", text)
    if match is None or (len(text) > 1 and match.group(2) is None):
        raise ValueError(text)
    return _LEVELS[match.group(1)]


def _coefficient(text: str) -> tuple[str | None, Text | None]:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, Text(f"差异系数“{text}”不是数字", f"coefficient \"{text}\" is not a number")
    if not value.is_finite() or value <= 0:
        return None, Text(f"差异系数“{text}”必须大于 0", f"coefficient \"{text}\" must be above 0")
    refusal = beyond(COEFFICIENT, value)  # 1e308 overflowed the engine
    if refusal is not None:
        return None, refusal
    return format(value, "f"), None


def load_hospital_table(db: Database, path: str | os.PathLike, *, actor: str, label: str | None = None,
                        encoding: str | None = None, max_rejected_share: Fraction | None = None,
                        accept_partial: bool = False) -> versions.ReferenceLoadResult:
    """Load a hospital table as the new current version; one transaction, one audit event.
    More than ``max_rejected_share`` of the rows refused: PartialLoadRefused, unless ``accept_partial``."""
    path = Path(path)
    table = read_table(path, header_score=header_scorer(HOSPITAL_HEADERS), what=WHAT, encoding=encoding,
                       expected_zh="（如“机构编码”“机构名称”“级别”“差异系数”）",
                       expected_en=" (such as 机构编码, 机构名称, 级别, 差异系数)")
    columns = map_headers(table.headers, HOSPITAL_HEADERS)
    if "hospital_code" not in columns:
        found = Text("、", ", ").join(table.headers)
        raise UserError(
            f"医疗机构表“{path.name}”缺少机构编码列。表中的列：{found.zh}。请确认表头含“机构编码”或“定点医药机构编码”。",
            f"The hospital table \"{path.name}\" has no hospital-code column. Its columns: {found.en}. "
            "It needs 机构编码 or 定点医药机构编码.")
    records, result = _parse_rows(table, columns)
    if not records:
        first = Text("；", "; ").join(r.text for r in result.rejected[:5])
        raise UserError(f"医疗机构表“{path.name}”没有可载入的行（{first.zh}）。数据库未作改动。",
                        f"The hospital table \"{path.name}\" has no row that can be loaded ({first.en}). "
                        "Nothing was changed.")
    result.source, result.label = path.name, label or path.stem
    partial.check(result, max_rejected_share, accept_partial, WHAT)
    _store(db, path, records, result, actor)
    return result


def _parse_rows(table: RawTable, columns: dict[str, int]):
    result = versions.ReferenceLoadResult(kind=KIND, version_id=0, previous_version_id=None, source="",
                                          label=None, rows_read=len(table.rows), rows_loaded=0)
    used = set(columns.values())
    seen: dict[str, int] = {}
    records = []
    for row, number, overflow in zip(table.rows, table.source_rows, table.overflow):
        def cell(key: str, row: list[str] = row) -> str:  # bound now: called within this iteration only
            return row[columns[key]].strip() if key in columns else ""

        code = cell("hospital_code")
        coefficient: str | None  # None only on a rejected row, which is not stored
        reject, level, coefficient = None, None, DEFAULT_COEFFICIENT
        if overflow:
            reject = overflow_reason(overflow, len(table.headers))
        elif not code:
            reject = Text("缺少机构编码", "no hospital code")
        elif code in seen:
            reject = Text(f"机构编码与第 {seen[code]} 行重复，保留第 {seen[code]} 行",
                          f"the hospital code repeats row {seen[code]}; row {seen[code]} is kept")
        if reject is None:
            try:
                level = parse_level(cell("hospital_level"))
            except ValueError:
                reject = Text(f"级别“{cell('hospital_level')}”无法识别（应为 三级/二级/一级 或 3/2/1）",
                              f"level \"{cell('hospital_level')}\" is not 三级/二级/一级 or 3/2/1")
        if reject is None and (long := too_long(HOSPITAL_NAME, cell("hospital_name"))):
            reject = long
        if reject is None and cell("coefficient"):
            coefficient, reject = _coefficient(cell("coefficient"))
        if reject is not None:
            result.rejected.append(versions.RejectedRow(number, code, reject))
            continue
        if not cell("coefficient"):
            result.defaulted.append(code)
        seen[code] = number
        extra = {table.headers[i]: v for i, v in enumerate(row) if i not in used and v.strip()}
        records.append({"hospital_code": code, "hospital_name": cell("hospital_name") or None,
                        "hospital_level": level, "coefficient": coefficient,
                        "extra": json.dumps(extra, ensure_ascii=False) if extra else None})
    result.rows_loaded = len(records)
    return records, result


def _comparable(row: dict) -> tuple:
    return (row["hospital_name"], row["hospital_level"], format(Decimal(row["coefficient"]).normalize(), "f"))


def _store(db: Database, path: Path, records: list[dict], result: versions.ReferenceLoadResult,
           actor: str) -> None:
    sha = versions.file_sha256(path)
    with db.atomic():
        previous = versions.current_version(db, KIND)
        before_rows = {} if previous is None else {
            r["hospital_code"]: _comparable(r) for r in db.query(
                "SELECT hospital_code, hospital_name, hospital_level, coefficient FROM hospitals"
                " WHERE version_id = ?", [previous["id"]])}
        version_id = versions.add_version(db, kind=KIND, source=result.source, sha256=sha, label=result.label,
                                          rows=len(records), rows_rejected=result.rows_rejected, actor=actor)
        for record in records:
            record["version_id"] = version_id
        db.table("hospitals").insert_all(records)
        changes = versions.diff_tables(before_rows, {r["hospital_code"]: _comparable(r) for r in records})
        result.version_id = version_id
        result.previous_version_id = previous["id"] if previous else None
        result.added, result.removed = changes["added_count"], changes["removed_count"]
        result.changed = changes["changed_count"]
        current = versions.version_summary(versions.current_version(db, KIND))
        assert current is not None, "add_version above made this version current in the same transaction"
        after = current | {
            "path": str(path), "defaulted_coefficient": len(result.defaulted),
            "rejected": [{"row": r.source_row, "code": r.code, "reason": r.reason.zh}
                         for r in result.rejected[:versions.CHANGES_CAP]],
            "changes": changes}
        audit.record(db, actor=actor, action="hospitals.load", entity="reference_versions",
                     entity_id=version_id, before=versions.version_summary(previous), after=after)
        partial.record_acceptance(db, result, actor, version_id)


def current_hospitals(db: Database) -> list[dict]:
    """The current hospital table, one dict per hospital, ordered by code."""
    return list(db.query("SELECT * FROM current_hospitals ORDER BY hospital_code"))
