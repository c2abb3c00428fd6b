"""Checking the audit trail and reading an application's history from it.

The chain's head — how many events and the last one's hash — is what a user writes
down (it is shown in the GUI and printed by ``audit verify``): a chain whose tail
was cut off still verifies on its own, but no longer contains a head written
down before the cut.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from workstation.domain.messages import Text
from workstation.store.audit import GENESIS, ChainProblem, audit_check_of, verify_chain


def opening_warning(db: Database) -> Text | None:
    """What the check made on opening the database found wrong with the audit log, or None
    (store.audit: protecting triggers present, events since the last verified point)."""
    check = audit_check_of(db)
    return None if check is None else check.warning()


@dataclass(frozen=True)
class Verification:
    events: int
    head_hash: str
    problems: list[ChainProblem]
    expected_head: str | None = None
    expected_head_found: bool = True

    @property
    def intact(self) -> bool:
        return not self.problems and self.expected_head_found

    def report(self) -> Text:
        head = Text("审计链头：{n} 条事件，末条哈希 {hash}", "Chain head: {n} events, last hash {hash}").format(
            n=self.events, hash=self.head_hash)
        lines = [head]
        if self.problems:
            first = self.problems[0]
            lines.append(Text("审计链已被改动：第一处在事件 {id}（{problem}），共 {n} 处问题。",
                              "The audit chain was tampered with: first at event {id} ({problem}); {n} problems "
                              "in all.").format(id=first.event_id, problem=first.problem, n=len(self.problems)))
        if not self.expected_head_found:
            lines.append(Text("记录的链头 {hash} 不在审计链中：链尾事件可能已被删除。",
                              "The recorded head {hash} is not in the chain: events at its end may have been "
                              "deleted.").format(hash=self.expected_head))
        if self.intact:
            lines.append(Text("审计链完整。", "The audit chain is intact."))
        return Text("\n", "\n").join(lines)


def chain_head(db: Database) -> tuple[int, str]:
    count, last = db.execute(
        "SELECT COUNT(*), (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) FROM audit_log").fetchone()
    return int(count), last or GENESIS


def verify(db: Database, expected_head: str | None = None) -> Verification:
    count, head = chain_head(db)
    found = True
    if expected_head:
        # The full hash, or the short form printed at the foot of the minutes and period report
        # (its first 16 hex digits, maybe grouped by dashes): a prefix of 12 digits or more.
        wanted = "".join(ch for ch in expected_head.strip().lower() if ch in "0123456789abcdef")
        if len(wanted) >= 64 or len(wanted) < 12:
            found = db.execute("SELECT 1 FROM audit_log WHERE hash = ?", [wanted]).fetchone() is not None
        else:
            found = db.execute("SELECT 1 FROM audit_log WHERE substr(hash, 1, ?) = ?",
                               [len(wanted), wanted]).fetchone() is not None
    return Verification(count, head, verify_chain(db), expected_head, found)


def history(db: Database, entity: str, entity_id: object) -> list[dict]:
    """The events of one record (an application), oldest first, with before and after decoded."""
    rows = list(db.query("SELECT id, at, actor, action, before, after FROM audit_log"
                         " WHERE entity = ? AND entity_id = ? ORDER BY id", [entity, str(entity_id)]))
    for row in rows:
        for key in ("before", "after"):
            row[key] = json.loads(row[key]) if row[key] else None
    return rows


def short_head(db: Database) -> str:
    """The chain's head as printed at the foot of the minutes and the period report: the event
    count and the first 16 hex digits of the last hash (``audit verify --head`` takes it back)."""
    count, head = chain_head(db)
    digits = head[:16]
    return f"{count}·" + "-".join(digits[i:i + 4] for i in range(0, 16, 4))
