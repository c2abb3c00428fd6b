"""Special-case applications (特例单议申报): from a hospital's file, or from a case in the queue.

The file is read by the reference tables' reader (``reference.tabular``: CSV/TSV/XLSX,
UTF-8 or GB18030, Chinese or English headers, header below a title row) and its
cells by the importer's own rules (dates, amounts in fen). Bad rows are
quarantined with their reason; rows read = accepted + quarantined; importing the
same file again adds nothing and says so.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.authority import Action
from workstation.domain.bounds import DOCUMENTS, STATEMENT, TITLE, check_texts, too_long
from workstation.domain.messages import Text, UserError
from workstation.domain.money import MoneyError, parse_yuan_to_fen
from workstation.domain.review.calendar import cycle_of, is_overdue
from workstation.domain.review.policy import parse_reason
from workstation.domain.review.quota import beyond_quota
from workstation.domain.review.workflow import COUNTED_STATUSES, Status
from workstation.importer.values import parse_date_ordinal
from workstation.reference.tabular import header_scorer, map_headers, read_table
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.services.review import ENTITY, policy_of, quota_use
from workstation.store import audit

WHAT = Text("特例单议申报表", "application file")
HEADERS: dict[str, tuple[str, ...]] = {
    "hospital_code": ("定点医药机构编码", "定点医疗机构编码", "机构编码", "医院编码"),
    "case_id": ("就诊ID", "就诊id", "就诊流水号"),
    "reason": ("申报类型", "申报原因类型"),
    "statement": ("申报理由", "申请理由"),
    "requested_method": ("申请支付方式",),
    "requested_amount": ("申请金额", "申请金额(元)"),
    "documents": ("附件清单", "附件"),
    "submitted_at": ("申报日期", "申请日期"),
}
REQUIRED = ("hospital_code", "case_id", "reason", "statement")


@dataclass
class QuarantinedRow:
    source_row: int
    code: str
    column: str | None
    reason: Text
    raw: dict[str, str]


@dataclass
class ApplicationImport:
    file_name: str
    batch_id: int | None = None
    already_imported: bool = False
    rows_read: int = 0
    accepted: list[int] = field(default_factory=list)  # application ids
    quarantined: list[QuarantinedRow] = field(default_factory=list)
    over_quota: list[tuple[str, str, int, int]] = field(default_factory=list)  # hospital, period, quota, count

    def summary(self) -> Text:
        if self.already_imported:
            return Text(f"{self.file_name} 已导入过（批次 {self.batch_id}），本次未新增任何申报。",
                        f"{self.file_name} was imported before (batch {self.batch_id}): nothing was added.")
        lines = [Text("{file}：读取 {read} 行 = 接收 {accepted} 件 + 隔离 {quarantined} 行。",
                      "{file}: rows read {read} = accepted {accepted} + quarantined {quarantined}.").format(
            file=self.file_name, read=self.rows_read, accepted=len(self.accepted),
            quarantined=len(self.quarantined))]
        for row in self.quarantined[:20]:
            lines.append(Text("  第 {row} 行：{reason}", "  row {row}: {reason}").format(
                row=row.source_row, reason=row.reason))
        for hospital, period, quota, count in self.over_quota:
            lines.append(Text(
                "  医院 {hospital} 在 {period} 的申报 {count} 件，名额 {quota} 件，超出 {over} 件；"
                "超出部分须科室负责人填写理由后方可受理。",
                "  hospital {hospital}, {period}: {count} applications, {over} over its quota of {quota}; "
                "those need a supervisor's override to be accepted.").format(
                hospital=hospital, period=period, count=count, quota=quota, over=count - quota))
        return Text("\n", "\n").join(lines)


def _insert(db: Database, actor: Actor, case: dict, values: dict, batch_id: int | None = None,
            source_row: int | None = None) -> int:
    now = audit.now_iso()
    row = {"case_pk": case["id"], "hospital_code": case["hospital_code"], "period": case["period"],
           "status": Status.SUBMITTED.value, "batch_id": batch_id, "source_row": source_row,
           "created_at": now, "created_by": actor.name, "updated_at": now, **values}
    app_id = int(db.table("applications").insert(row).last_pk or 0)
    db.execute("INSERT INTO case_reviews (case_pk, status, updated_at, updated_by) VALUES (?, ?, ?, ?)"
               " ON CONFLICT (case_pk) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,"
               " updated_by = excluded.updated_by", [case["id"], Status.SUBMITTED.value, now, actor.name])
    audit.record(db, actor=actor.name, action="review.submit", entity=ENTITY, entity_id=app_id,
                 after={k: v for k, v in row.items() if k not in ("created_at", "updated_at")})
    return app_id


def _case(db: Database, hospital_code: str, case_id: str) -> dict | None:
    return next(db.query("SELECT id, hospital_code, case_id, period FROM cases WHERE case_id = ? AND hospital_code = ?",
                         [case_id, hospital_code]), None)


def create_from_case(db: Database, actor: Actor, case_pk: int, *, reason: str, statement: str,
                     submitted_on: date | None = None, requested_method: str | None = None,
                     requested_amount_fen: int | None = None, documents: str | None = None) -> int:
    """An application a reviewer enters for a case of the queue (from the hospital's paper form)."""
    check_texts((STATEMENT, statement), (DOCUMENTS, documents))  # the limits of domain.bounds, named when refused
    policy = policy_of(db)
    code = parse_reason(reason, policy)
    if not statement or not statement.strip():
        raise UserError("申报理由不能为空。", "The statement cannot be empty.")
    case = next(db.query("SELECT id, hospital_code, case_id, period FROM cases WHERE id = ?", [case_pk]), None)
    if case is None:
        raise UserError(f"病例 {case_pk} 不存在。", f"Case {case_pk} does not exist.")
    day = submitted_on or date.today()
    with db.atomic():
        check(db, actor, Action.SUBMIT_APPLICATION)
        if db.execute("SELECT 1 FROM applications WHERE case_pk = ?", [case_pk]).fetchone():
            raise UserError(f"病例 {case['case_id']} 已有特例单议申报。",
                            f"Case {case['case_id']} already has a special-case application.")
        return _insert(db, actor, case, {
            "reason": code, "statement": statement.strip(), "submitted_on": day.isoformat(),
            "cycle": cycle_of(day, policy.cycle), "requested_method": requested_method,
            "requested_amount_fen": requested_amount_fen, "documents": documents})


def _check_row(db: Database, cells: dict[str, str], seen: set[int], policy) -> tuple[dict, dict] | QuarantinedRow:
    """The application's values and its case, or why the row is quarantined (code, column, reason)."""
    for key in REQUIRED:
        if not cells.get(key):
            if key == "statement":
                return QuarantinedRow(0, "NO_STATEMENT", key, Text("没有填写申报理由", "no statement"), {})
            return QuarantinedRow(0, "MISSING", key, Text(f"{key} 为空", f"{key} is empty"), {})
    for key, bound in (("statement", STATEMENT), ("documents", DOCUMENTS), ("requested_method", TITLE)):
        if long := too_long(bound, cells.get(key)):
            return QuarantinedRow(0, "TOO_LONG", key, long, {})
    case = _case(db, cells["hospital_code"], cells["case_id"])
    if case is None:
        other = db.execute("SELECT hospital_code FROM cases WHERE case_id = ? LIMIT 1", [cells["case_id"]]).fetchone()
        if other:
            return QuarantinedRow(0, "OTHER_HOSPITAL", "case_id", Text(
                f"就诊ID {cells['case_id']} 是医院 {other[0]} 的病例，不是 {cells['hospital_code']} 的",
                f"case {cells['case_id']} belongs to hospital {other[0]}, not {cells['hospital_code']}"), {})
        return QuarantinedRow(0, "UNKNOWN_CASE", "case_id", Text(
            f"找不到医院 {cells['hospital_code']} 的病例 {cells['case_id']}：请先导入该病例所在的结算清单",
            f"no case {cells['case_id']} of hospital {cells['hospital_code']}: import its settlement batch first"), {})
    try:
        reason = parse_reason(cells["reason"], policy)
    except UserError as exc:
        return QuarantinedRow(0, "BAD_REASON", "reason", exc.text, {})
    try:
        amount = parse_yuan_to_fen(cells.get("requested_amount") or None)
        if amount is not None and amount < 0:
            raise MoneyError(cells["requested_amount"])
    except MoneyError:
        return QuarantinedRow(0, "BAD_AMOUNT", "requested_amount", Text(
            f"申请金额“{cells['requested_amount']}”不是有效金额", f"requested amount {cells['requested_amount']!r} "
            "is not an amount"), {})
    day = date.today()
    if cells.get("submitted_at"):
        try:
            day = date.fromordinal(parse_date_ordinal(cells["submitted_at"]))
        except ValueError:
            return QuarantinedRow(0, "BAD_DATE", "submitted_at", Text(
                f"申报日期“{cells['submitted_at']}”不是日期", f"date {cells['submitted_at']!r} is not a date"), {})
    if case["id"] in seen or db.execute("SELECT 1 FROM applications WHERE case_pk = ?", [case["id"]]).fetchone():
        return QuarantinedRow(0, "DUPLICATE", "case_id", Text(
            f"病例 {cells['case_id']} 已有申报（同一申报重复）", f"case {cells['case_id']} already has an application"), {})
    values = {"reason": reason, "statement": cells["statement"], "requested_method": cells.get("requested_method") or None,
              "requested_amount_fen": amount, "documents": cells.get("documents") or None,
              "submitted_on": day.isoformat(), "cycle": cycle_of(day, policy.cycle)}
    return values, case


def import_applications(db: Database, path: str | os.PathLike, *, actor: Actor) -> ApplicationImport:
    """A hospital's application file, recorded as submitted by the signed-in office user."""
    check(db, actor, Action.SUBMIT_APPLICATION)  # before the file is read
    path = Path(path)
    table = read_table(path, header_score=header_scorer(HEADERS), what=WHAT,
                       expected_zh="（如“就诊ID”“申报类型”“申报理由”）",
                       expected_en=" (such as case_id, reason, statement)")
    columns = map_headers(table.headers, HEADERS)
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        raise UserError(f"{path.name}：缺少必需的列 {'、'.join(missing)}。请按申报表模板补齐表头后重试；数据库未改动。",
                        f"{path.name}: required columns missing: {', '.join(missing)}. Add them as in the application "
                        "template and try again; nothing was changed.")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = ApplicationImport(path.name, rows_read=len(table.rows))
    previous = db.execute("SELECT id FROM application_batches WHERE file_sha256 = ?", [digest]).fetchone()
    if previous:
        result.already_imported, result.batch_id = True, previous[0]
        return result
    policy = policy_of(db)
    with db.atomic():
        check(db, actor, Action.SUBMIT_APPLICATION)
        result.batch_id = db.table("application_batches").insert({
            "file_name": path.name, "file_sha256": digest, "file_format": table.format, "encoding": table.encoding,
            "imported_at": audit.now_iso(), "imported_by": actor.name, "rows_read": len(table.rows),
            "rows_accepted": 0, "rows_quarantined": 0}).last_pk
        seen: set[int] = set()
        for number, row in zip(table.source_rows, table.rows, strict=True):
            cells = {key: row[i] for key, i in columns.items()}
            raw = dict(zip(table.headers, row, strict=True))
            checked = _check_row(db, cells, seen, policy)
            if isinstance(checked, QuarantinedRow):
                checked.source_row, checked.raw = number, raw
                result.quarantined.append(checked)
                continue
            values, case = checked
            seen.add(case["id"])
            result.accepted.append(_insert(db, actor, case, values, result.batch_id, number))
        db.table("application_quarantine").insert_all([
            {"batch_id": result.batch_id, "source_row": q.source_row, "reason_code": q.code, "column": q.column,
             "reason": q.reason.zh, "reason_en": q.reason.en, "raw": json.dumps(q.raw, ensure_ascii=False)}
            for q in result.quarantined])
        db.execute("UPDATE application_batches SET rows_accepted = ?, rows_quarantined = ? WHERE id = ?",
                   [len(result.accepted), len(result.quarantined), result.batch_id])
        result.over_quota = _over_quota(db, result.accepted)
        audit.record(db, actor=actor.name, action="applications.import", entity="application_batches",
                     entity_id=result.batch_id, after={
                         "file": path.name, "sha256": digest, "rows_read": result.rows_read,
                         "accepted": len(result.accepted), "quarantined": len(result.quarantined),
                         "over_quota": result.over_quota})
    return result


def _over_quota(db: Database, application_ids: list[int]) -> list[tuple[str, str, int, int]]:
    """Hospitals and periods of these applications where some cannot be accepted within the quota
    (the accepted count plus those waiting goes beyond it): hospital, period, quota, that count."""
    if not application_ids:
        return []
    pairs = db.execute(f"SELECT DISTINCT period, hospital_code FROM applications WHERE id IN"
                       f" ({', '.join('?' * len(application_ids))}) ORDER BY 1, 2", application_ids).fetchall()
    over = []
    for period, hospital in pairs:
        use = next(iter(quota_use(db, period, hospital)), None)
        quota, used = (use.quota, use.used) if use else (0, 0)
        waiting = db.execute("SELECT COUNT(*) FROM applications WHERE period = ? AND hospital_code = ? AND status = ?",
                             [period, hospital, Status.SUBMITTED.value]).fetchone()[0]
        if waiting and beyond_quota(used + waiting - 1, quota):
            over.append((hospital, period, quota, used + waiting))
    return over


@dataclass(frozen=True)
class ApplicationFilter:
    statuses: tuple[str, ...] = ()
    hospital_code: str | None = None
    reason: str | None = None
    period: str | None = None
    overdue_only: bool = False
    over_quota_only: bool = False


def list_applications(db: Database, f: ApplicationFilter = ApplicationFilter(), *,
                      today: date | None = None) -> list[dict]:
    """Applications with their case's key facts, overdue and over-quota marks; newest first."""
    policy = policy_of(db)
    today = today or date.today()
    where, params = ["1"], []
    if f.statuses:
        where.append(f"a.status IN ({', '.join('?' * len(f.statuses))})")
        params += list(f.statuses)
    for column, value in (("a.hospital_code", f.hospital_code), ("a.reason", f.reason), ("a.period", f.period)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    rows = list(db.query(
        "SELECT a.*, c.case_id, c.drg_code, c.total_cost_fen, c.los, r.flag_codes, r.points, r.estimated_payment_fen"
        " FROM applications a JOIN cases c ON c.id = a.case_pk LEFT JOIN case_results_full r ON r.case_pk = a.case_pk"
        f" WHERE {' AND '.join(where)} ORDER BY a.id DESC", params))
    over = _over_quota_ids(db, {(r["period"], r["hospital_code"]) for r in rows})
    finished = {Status.REFUSED.value, Status.NOTIFIED.value, Status.CLOSED.value}
    for row in rows:
        row["overdue"] = row["status"] not in finished and is_overdue(row["cycle"], today, policy)
        row["over_quota"] = row["id"] in over
    return [r for r in rows if (not f.overdue_only or r["overdue"]) and (not f.over_quota_only or r["over_quota"])]


def _over_quota_ids(db: Database, pairs: set[tuple[str, str]]) -> set[int]:
    """The applications marked over quota, by the rule acceptance applies (domain.review.quota):
    one waiting for acceptance when its hospital's accepted count has reached the quota, and one
    accepted beyond it (with a supervisor's override)."""
    over: set[int] = set()
    for period, hospital in pairs:
        use = next(iter(quota_use(db, period, hospital)), None)
        full = beyond_quota(use.used, use.quota) if use else beyond_quota(0, 0)
        for app_id, status, override in db.execute(
                "SELECT id, status, quota_override FROM applications WHERE period = ? AND hospital_code = ?",
                [period, hospital]):
            if (status in (Status.SUBMITTED.value, Status.RETURNED.value) and full) or (
                    status in COUNTED and override):
                over.add(app_id)
    return over


COUNTED = frozenset(s.value for s in COUNTED_STATUSES)
