"""The append-only audit log: who did what, when, with the state before and after.

Each event stores the SHA-256 of the previous event's hash and its own
content, so removing or changing an event breaks the chain (checked by
``verify_chain``); triggers in the schema refuse UPDATE and DELETE outright.
Call ``record`` inside the transaction of the change it describes, so the
change and its audit event land together or not at all.

Checked on every opening, fast on a long log (``check_on_open``). The triggers refuse UPDATE and
DELETE on ``audit_log``, but a forged INSERT was accepted and, once a trigger was dropped, edits
went unnoticed: ``verify_chain`` existed but nothing called
it. On every opening this checks that the protecting triggers are there and verifies the events
after the last verified point (``audit_checkpoint``, migration 16): that point's event must still
be there, with its content matching its hash, and the same number of events up to it (a forged
row given a low or negative id shows there); each later event must carry the hash of the one
before and of its own content. The full check of every event stays ``audit verify``.

Opening writes nothing (a refused import leaves the file byte for byte as it was): the point is
moved by ``audit.record``, inside the transaction of the event it appends, after verifying the
events since the point the same way — so a forged row slipped in between two events of the
application is never passed over, and the point stays before it.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlite_utils import Database

from workstation.domain.messages import Text
from workstation.store.migrations import read_steps

GENESIS = "0" * 64


def _canonical(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def event_hash(prev_hash: str, at: str, actor: str, action: str, entity: str,
                entity_id: str | None, before: str | None, after: str | None) -> str:
    payload = json.dumps([prev_hash, at, actor, action, entity, entity_id, before, after],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def record(db: Database, *, actor: str, action: str, entity: str, entity_id: Any = None,
           before: Any = None, after: Any = None) -> int:
    """Append one event; returns its id."""
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = row[0] if row else GENESIS
    at = now_iso()
    entity_id = None if entity_id is None else str(entity_id)
    before_text, after_text = _canonical(before), _canonical(after)
    digest = event_hash(prev_hash, at, actor, action, entity, entity_id, before_text, after_text)
    cursor = db.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (at, actor, action, entity, entity_id, before_text, after_text, prev_hash, digest))
    advance_point(db)  # the point up to which the chain is verified, in the same transaction
    return int(cursor.lastrowid or 0)


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: Text


def verify_chain(db: Database) -> list[ChainProblem]:
    """Recompute every hash; an empty list means the log is intact."""
    problems = []
    prev_hash = GENESIS
    for (event_id, at, actor, action, entity, entity_id, before, after, stored_prev, stored_hash) in db.execute(
            "SELECT id, at, actor, action, entity, entity_id, before, after, prev_hash, hash"
            " FROM audit_log ORDER BY id"):
        if stored_prev != prev_hash:
            problems.append(ChainProblem(event_id, Text("前序哈希不符", "previous hash does not match")))
        expected = event_hash(stored_prev, at, actor, action, entity, entity_id, before, after)
        if expected != stored_hash:
            problems.append(ChainProblem(event_id, Text("内容被改动", "content changed")))
        prev_hash = stored_hash
    return problems


def events(db: Database, entity: str | None = None, limit: int = 200) -> list[dict]:
    sql = "SELECT * FROM audit_log"
    params: list[Any] = []
    if entity:
        sql += " WHERE entity = ?"
        params.append(entity)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    return list(db.query(sql, params))


PROTECTING_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")
_CREATE_TRIGGER = re.compile(r"CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\b.*?\bON\s+(\w+)",
                             re.IGNORECASE | re.DOTALL)
_DROP_TRIGGER = re.compile(r"DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?(\w+)", re.IGNORECASE)
_DROP_TABLE = re.compile(r"DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)", re.IGNORECASE)


@cache
def schema_triggers() -> dict[str, str]:
    """Every trigger the schema steps create and keep, by name, with its table: the triggers that
    make decisions, notices, votes and the audit log final. A step that adds one is covered
    without a list to keep up to date."""
    triggers: dict[str, str] = {}
    for step in read_steps():
        for statement in step.sql.split(";"):
            created = _CREATE_TRIGGER.search(statement)
            if created:
                triggers[created[1]] = created[2]
                continue
            dropped = _DROP_TRIGGER.search(statement)
            if dropped:
                triggers.pop(dropped[1], None)
            table = _DROP_TABLE.search(statement)
            if table:
                triggers = {name: on for name, on in triggers.items() if on != table[1]}
    return triggers


@dataclass
class AuditCheck:
    problems: list[Text] = field(default_factory=list)
    events_checked: int = 0
    dropped_triggers: list[tuple[str, str]] = field(default_factory=list)  # (trigger, table), beyond the log's

    @property
    def intact(self) -> bool:
        return not self.problems and not self.dropped_triggers

    def warning(self) -> Text | None:
        if self.intact:
            return None
        parts = []
        if self.problems:
            parts.append(Text("警告：审计日志的完整性检查未通过——", "Warning: the audit log failed its integrity check — ")
                         + Text("；", "; ").join(self.problems)
                         + Text("。记录可能被改动过；请运行 audit verify 并报告管理员。",
                                ". Records may have been tampered with; run `audit verify` and tell the administrator."))
        if self.dropped_triggers:
            names = ", ".join(f"{name} ({table})" for name, table in self.dropped_triggers)
            parts.append(Text("警告：保护已签发决定、告知书和投票的触发器被删除：{names}。这些记录可能已被改动；请报告管理员。",
                              "Warning: triggers that keep decisions, notices and votes final were dropped: {names}. "
                              "Those records may have been changed; tell the administrator.").format(names=names))
        return Text("\n", "\n").join(parts)


def check_on_open(db: Database) -> AuditCheck:
    """Check the triggers and the events since the last verified point (reads only)."""
    check = AuditCheck()
    present = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")}
    for name in PROTECTING_TRIGGERS:
        if name not in present:
            check.problems.append(Text("保护触发器 {name} 已被删除", "the protecting trigger {name} was dropped").format(
                name=name))
    every = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    check.dropped_triggers = [(name, table) for name, table in sorted(schema_triggers().items())
                              if table != "audit_log" and name not in every]
    _verify_since_point(db, check)
    return check


def _verify_since_point(db: Database, check: AuditCheck) -> tuple[int, str] | None:
    """Verify the point and the events after it; returns (events, last hash) when intact."""
    point = db.execute("SELECT event_id, events, hash FROM audit_checkpoint WHERE id = 1").fetchone()
    # Without a point, every row, whatever its id (a forged one may be given 0 or less).
    event_id, events, prev_hash = point if point else (-(2**63), 0, GENESIS)
    if point:
        # The point's own event is verified again too (its content, not only its stored hash).
        found = db.execute("SELECT prev_hash, at, actor, action, entity, entity_id, before, after, hash"
                           " FROM audit_log WHERE id = ?", [event_id]).fetchone()
        counted = db.execute("SELECT COUNT(*) FROM audit_log WHERE id <= ?", [event_id]).fetchone()[0]
        if found is None or found[8] != prev_hash or event_hash(*found[:8]) != prev_hash or counted != events:
            check.problems.append(Text("第 {id} 条事件之前（已核验部分）的记录被改动、删除或插入",
                                       "events up to #{id} (already verified) were changed, removed or "
                                       "inserted").format(id=event_id))
            return None
    for (row_id, at, actor, action, entity, entity_id, before, after, stored_prev, stored_hash) in db.execute(
            "SELECT id, at, actor, action, entity, entity_id, before, after, prev_hash, hash FROM audit_log"
            " WHERE id > ? ORDER BY id", [event_id]):
        if stored_prev != prev_hash or event_hash(stored_prev, at, actor, action, entity, entity_id, before,
                                                   after) != stored_hash:
            check.problems.append(Text("第 {id} 条事件的哈希不符（伪造或改动）",
                                       "event #{id} does not match its hash (forged or changed)").format(id=row_id))
            return None
        prev_hash = stored_hash
        check.events_checked += 1
    return events + check.events_checked, prev_hash


def advance_point(db: Database) -> None:
    """After ``audit.record`` appended an event (in its transaction): verify the events since the
    point, the new one included, and move the point to it when they are intact."""
    check = AuditCheck()
    verified = _verify_since_point(db, check)
    if verified is None:
        return  # the point stays before the problem: every opening reports it
    events, digest = verified
    last = db.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
    db.execute("INSERT OR REPLACE INTO audit_checkpoint (id, event_id, events, hash, checked_at)"
               " VALUES (1, ?, ?, ?, ?)", (last, events, digest, now_iso()))


def audit_check_of(db: Database) -> AuditCheck | None:
    """What the opening of ``db`` found (store.db.open_database); None when not checked."""
    found = getattr(db, "audit_check", None)
    return found if isinstance(found, AuditCheck) else None
