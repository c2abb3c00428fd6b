"""The append-only audit log: who did what, when, with the state before and after.

Each event stores the SHA-256 of the previous event's hash and its own
content, so removing or changing an event breaks the chain (checked by
``verify_chain``); triggers in the schema refuse UPDATE and DELETE outright.
Call ``record`` inside the transaction of the change it describes, so the
change and its audit event land together or not at all.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from workstation.domain.messages import Text

GENESIS = "0" * 64


def _canonical(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _event_hash(prev_hash: str, at: str, actor: str, action: str, entity: str,
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
    digest = _event_hash(prev_hash, at, actor, action, entity, entity_id, before_text, after_text)
    cursor = db.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (at, actor, action, entity, entity_id, before_text, after_text, prev_hash, digest))
    from workstation.store.audit_guard import advance_point  # (it builds on this module)

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
        expected = _event_hash(stored_prev, at, actor, action, entity, entity_id, before, after)
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
