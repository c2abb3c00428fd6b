"""意见收集反馈: the register of hospitals' opinions on grouping, weights, rules and the workflow.

An opinion is received (date, hospital, topic, its text masked as it is stored), assigned,
answered (text, by whom, when) and published with its half-year. It is overdue when unanswered
more than the rules' ``opinions.answer_days`` after receipt. A hospital's file is read like the
application file (reference.tabular; dates by the importer's rules); bad rows are quarantined
with their reason and rows read = accepted + quarantined; the same file twice adds nothing.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlite_utils import Database

from workstation.domain.authority import Action, Facts
from workstation.domain.masking import mask_free_text
from workstation.domain.messages import Text, UserError
from workstation.domain.periods import PeriodError, normalise_period, period_bounds
from workstation.engine.ruleset import current_rules
from workstation.importer.values import parse_date_ordinal
from workstation.reference.tabular import header_scorer, map_headers, read_table
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.store import audit

WHAT = Text("医院意见表", "opinion file")
TOPICS = {"grouping": Text("分组", "grouping"), "weights": Text("权重与系数", "weights"),
          "rules": Text("规则", "rules"), "workflow": Text("经办流程", "workflow"), "other": Text("其他", "other")}
_TOPIC_WORDS = {"分组": "grouping", "权重": "weights", "系数": "weights", "点数": "weights", "规则": "rules",
                "政策": "rules", "流程": "workflow", "经办": "workflow", "其他": "other"}
HEADERS: dict[str, tuple[str, ...]] = {
    "hospital_code": ("定点医药机构编码", "定点医疗机构编码", "机构编码", "医院编码"),
    "received_on": ("日期", "提出日期", "收到日期", "反馈日期"),
    "topic": ("类别", "意见类别", "主题"),
    "text": ("意见", "意见内容", "内容", "意见建议"),
    "proposals": ("涉及病组", "涉及建议", "病组编码"),
}
REQUIRED = ("hospital_code", "topic", "text")


def parse_topic(text: str) -> str:
    raw = (text or "").strip()
    if raw.lower() in TOPICS:
        return raw.lower()
    found = next((key for word, key in _TOPIC_WORDS.items() if word in raw), None)
    if found is None:
        raise UserError(f"意见类别“{raw}”无法识别（分组、权重、规则、流程、其他）。",
                        f"topic {raw!r} is not known (grouping, weights, rules, workflow, other).")
    return found


def _links(text: str | None) -> list[str]:
    return sorted({c.strip().upper() for c in (text or "").replace("；", ";").replace("，", ",").replace(";", ",").split(",")
                   if c.strip()})


def _insert(db: Database, actor: Actor, values: dict, links: list[str]) -> int:
    row = {**values, "text": mask_free_text(values["text"]), "created_at": audit.now_iso(), "created_by": actor.name}
    opinion_id = int(db.table("opinions").insert(row).last_pk or 0)
    db.table("opinion_links").insert_all([{"opinion_id": opinion_id, "proposal_key": k} for k in links], ignore=True)
    audit.record(db, actor=actor.name, action="opinions.register", entity="opinions", entity_id=opinion_id,
                 after={**{k: row[k] for k in ("received_on", "hospital_code", "topic", "text")}, "links": links})
    return opinion_id


def register_opinion(db: Database, actor: Actor, *, hospital_code: str, topic: str, text: str,
                     received_on: date | None = None, links: list[str] | None = None) -> int:
    if not (text or "").strip():
        raise UserError("意见内容不能为空。", "The opinion's text cannot be empty.")
    with db.atomic():
        check(db, actor, Action.OPINION_REGISTER, Facts())
        return _insert(db, actor, {"received_on": (received_on or date.today()).isoformat(),
                                   "hospital_code": hospital_code.strip(), "topic": parse_topic(topic),
                                   "text": text.strip()}, links or [])


@dataclass
class OpinionImport:
    file_name: str
    batch_id: int | None = None
    already_imported: bool = False
    rows_read: int = 0
    accepted: list[int] = field(default_factory=list)
    quarantined: list[tuple[int, str, Text]] = field(default_factory=list)  # row, code, reason

    def summary(self) -> Text:
        if self.already_imported:
            return Text(f"{self.file_name} 已导入过（批次 {self.batch_id}），本次未新增任何意见。",
                        f"{self.file_name} was imported before (batch {self.batch_id}): nothing was added.")
        lines = [Text("{file}：读取 {read} 行 = 接收 {accepted} 条 + 隔离 {quarantined} 行。",
                      "{file}: rows read {read} = accepted {accepted} + quarantined {quarantined}.").format(
            file=self.file_name, read=self.rows_read, accepted=len(self.accepted), quarantined=len(self.quarantined))]
        lines += [Text("  第 {row} 行：", "  row {row}: ").format(row=row) + reason for row, _, reason in self.quarantined[:20]]
        return Text("\n", "\n").join(lines)


def _check(cells: dict[str, str], hospitals: set[str]) -> dict | tuple[str, str, Text]:
    for key in REQUIRED:
        if not cells.get(key):
            return "MISSING", key, Text(f"{key} 为空", f"{key} is empty")
    if hospitals and cells["hospital_code"] not in hospitals:
        return "UNKNOWN_HOSPITAL", "hospital_code", Text(f"医院表中没有机构 {cells['hospital_code']}",
                                                         f"no hospital {cells['hospital_code']} in the hospital table")
    try:
        topic = parse_topic(cells["topic"])
    except UserError as exc:
        return "BAD_TOPIC", "topic", exc.text
    day = date.today()
    if cells.get("received_on"):
        try:
            day = date.fromordinal(parse_date_ordinal(cells["received_on"]))
        except ValueError:
            return "BAD_DATE", "received_on", Text(f"日期“{cells['received_on']}”不是日期",
                                                   f"date {cells['received_on']!r} is not a date")
    return {"received_on": day.isoformat(), "hospital_code": cells["hospital_code"], "topic": topic,
            "text": cells["text"]}


def import_opinions(db: Database, path: str | os.PathLike, *, actor: Actor) -> OpinionImport:
    path = Path(path)
    table = read_table(path, header_score=header_scorer(HEADERS), what=WHAT, expected_zh="（如“机构编码”“类别”“意见”）",
                       expected_en=" (such as hospital code, topic, opinion)")
    columns = map_headers(table.headers, HEADERS)
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        raise UserError(f"{path.name}：缺少必需的列 {'、'.join(missing)}（机构编码、类别、意见）；数据库未改动。",
                        f"{path.name}: required columns missing: {', '.join(missing)} (hospital code, topic, "
                        "opinion); nothing was changed.")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = OpinionImport(path.name, rows_read=len(table.rows))
    previous = db.execute("SELECT id FROM opinion_batches WHERE file_sha256 = ?", [digest]).fetchone()
    if previous:
        result.already_imported, result.batch_id = True, previous[0]
        return result
    hospitals = {r[0] for r in db.execute("SELECT hospital_code FROM current_hospitals")}
    with db.atomic():
        check(db, actor, Action.OPINION_REGISTER, Facts())
        result.batch_id = db.table("opinion_batches").insert({
            "file_name": path.name, "file_sha256": digest, "file_format": table.format, "encoding": table.encoding,
            "imported_at": audit.now_iso(), "imported_by": actor.name, "rows_read": len(table.rows),
            "rows_accepted": 0, "rows_quarantined": 0}).last_pk
        refused = []
        for number, row in zip(table.source_rows, table.rows, strict=True):
            cells = {key: row[i].strip() for key, i in columns.items()}
            checked = _check(cells, hospitals)
            if isinstance(checked, tuple):
                code, column, reason = checked
                result.quarantined.append((number, code, reason))
                raw = {h: mask_free_text(v) for h, v in zip(table.headers, row, strict=True)}
                refused.append({"batch_id": result.batch_id, "source_row": number, "reason_code": code,
                                "column": column, "reason": reason.zh, "reason_en": reason.en,
                                "raw": json.dumps(raw, ensure_ascii=False)})
                continue
            checked.update(batch_id=result.batch_id, source_row=number)
            result.accepted.append(_insert(db, actor, checked, _links(cells.get("proposals"))))
        db.table("opinion_quarantine").insert_all(refused)
        db.execute("UPDATE opinion_batches SET rows_accepted = ?, rows_quarantined = ? WHERE id = ?",
                   [len(result.accepted), len(result.quarantined), result.batch_id])
        audit.record(db, actor=actor.name, action="opinions.import", entity="opinion_batches", entity_id=result.batch_id,
                     after={"file": path.name, "sha256": digest, "rows_read": result.rows_read,
                            "accepted": len(result.accepted), "quarantined": len(result.quarantined)})
    return result


def _opinion(db: Database, opinion_id: int) -> dict:
    row = next(db.query("SELECT * FROM opinions WHERE id = ?", [opinion_id]), None)
    if row is None:
        raise UserError(f"没有第 {opinion_id} 号意见。", f"There is no opinion {opinion_id}.")
    return row


def assign_opinion(db: Database, actor: Actor, opinion_id: int, to: str) -> None:
    with db.atomic():
        check(db, actor, Action.OPINION_ANSWER, Facts())
        before = _opinion(db, opinion_id)
        db.execute("UPDATE opinions SET assigned_to = ?, assigned_at = ? WHERE id = ?", [to, audit.now_iso(), opinion_id])
        audit.record(db, actor=actor.name, action="opinions.assign", entity="opinions", entity_id=opinion_id,
                     before={"assigned_to": before["assigned_to"]}, after={"assigned_to": to})


def answer_opinion(db: Database, actor: Actor, opinion_id: int, text: str, *, answered_on: date | None = None,
                   links: list[str] | None = None) -> None:
    if not (text or "").strip():
        raise UserError("答复内容不能为空。", "The answer cannot be empty.")
    with db.atomic():
        check(db, actor, Action.OPINION_ANSWER, Facts())
        before = _opinion(db, opinion_id)
        if before["published_at"]:
            raise UserError(f"第 {opinion_id} 号意见已公开，答复不能再改。",
                            f"Opinion {opinion_id} is published: its answer cannot change.")
        day = (answered_on or date.today()).isoformat()
        answer = mask_free_text(text.strip())
        db.execute("UPDATE opinions SET answer = ?, answered_by = ?, answered_on = ? WHERE id = ?",
                   [answer, actor.name, day, opinion_id])
        db.table("opinion_links").insert_all([{"opinion_id": opinion_id, "proposal_key": k} for k in links or []],
                                              ignore=True)
        audit.record(db, actor=actor.name, action="opinions.answer", entity="opinions", entity_id=opinion_id,
                     before={"answer": before["answer"]}, after={"answer": answer, "answered_on": day, "links": links})


def list_opinions(db: Database, *, half: str | None = None, open_only: bool = False, overdue_only: bool = False,
                  today: date | None = None) -> list[dict]:
    """Opinions oldest first, with their links, due date and overdue mark."""
    days = current_rules(db).opinion_answer_days
    today = today or date.today()
    where, params = ["1"], []
    if half:
        first, last = half_bounds(half)
        where.append("received_on BETWEEN ? AND ?")
        params += [first.isoformat(), last.isoformat()]
    rows = list(db.query(f"SELECT * FROM opinions WHERE {' AND '.join(where)} ORDER BY received_on, id", params))
    links: dict[int, list[str]] = {}
    for opinion_id, key in db.execute("SELECT opinion_id, proposal_key FROM opinion_links ORDER BY proposal_key"):
        links.setdefault(opinion_id, []).append(key)
    for row in rows:
        due = date.fromisoformat(row["received_on"]) + timedelta(days=days)
        row["due_on"] = due.isoformat()
        row["overdue"] = (row["answered_on"] or today.isoformat()) > due.isoformat()
        row["links"] = links.get(row["id"], [])
    return [r for r in rows if (not open_only or not r["answer"]) and (not overdue_only or (r["overdue"] and not r["answer"]))]


def half_bounds(half: str) -> tuple[date, date]:
    try:
        label = normalise_period(half)
    except PeriodError:
        label = ""
    if "H" not in label:
        raise UserError(f"“{half}”不是半年（应写作 2024H1 或 2024H2）。", f"{half!r} is not a half-year (2024H1 or 2024H2).")
    return period_bounds(label)


def publish_opinions(db: Database, actor: Actor, half: str) -> list[dict]:
    """Mark the half-year's answered opinions published (an audit event) and return every opinion of
    the half for the publication; unanswered ones are published as pending."""
    label = normalise_period(half) if half else half
    first, last = half_bounds(half)
    with db.atomic():
        check(db, actor, Action.OPINION_PUBLISH, Facts())
        now = audit.now_iso()
        ids = [r[0] for r in db.execute("SELECT id FROM opinions WHERE received_on BETWEEN ? AND ? AND answer IS NOT NULL"
                                        " AND published_at IS NULL", [first.isoformat(), last.isoformat()])]
        db.execute(f"UPDATE opinions SET published_in = ?, published_at = ? WHERE id IN ({', '.join('?' * len(ids))})",
                   [label, now, *ids])
        audit.record(db, actor=actor.name, action="opinions.publish", entity="opinions", entity_id=label,
                     after={"half": label, "published": ids})
    return list_opinions(db, half=label)
