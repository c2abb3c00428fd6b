"""Conflicts a package import listed: shown to a supervisor, applied only when resolved.

``--keep local`` leaves this store as it is; ``--keep imported`` applies the package's value (a
vote replaces the local one; a decision is added as a new decision amending the local one, as a
notified decision is never edited). Either way the resolution, its reason and who gave it are
recorded, in the conflict and as an audit event.
"""
from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from workstation.domain.authority import Action, Facts
from workstation.domain.messages import UserError
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.store import audit


def list_conflicts(db: Database, *, open_only: bool = True) -> list[dict[str, Any]]:
    sql = ("SELECT p.*, c.hospital_code, c.case_id, i.origin_store FROM package_conflicts p"
           " JOIN applications a ON a.id = p.application_id JOIN cases c ON c.id = a.case_pk"
           " JOIN package_imports i ON i.id = p.import_id")
    if open_only:
        sql += " WHERE p.resolved_at IS NULL"
    rows = list(db.query(sql + " ORDER BY p.id"))
    for row in rows:
        row["local"], row["imported"] = json.loads(row["local"]), json.loads(row["imported"])
    return rows


def resolve_conflict(db: Database, actor: Actor, conflict_id: int, keep: str, reason: str | None) -> dict[str, Any]:
    if keep not in ("local", "imported"):
        raise UserError("--keep 只能是 local 或 imported。", "--keep is local or imported.")
    with db.atomic():
        check(db, actor, Action.RESOLVE_PACKAGE_CONFLICT, Facts(reason_given=bool(reason and reason.strip())))
        row = next(db.query("SELECT * FROM package_conflicts WHERE id = ?", [conflict_id]), None)
        if row is None:
            raise UserError(f"没有编号为 {conflict_id} 的冲突。", f"There is no conflict {conflict_id}.")
        if row["resolved_at"]:
            raise UserError(f"冲突 {conflict_id} 已于 {row['resolved_at'][:16]} 处理。",
                            f"Conflict {conflict_id} was resolved on {row['resolved_at'][:16]}.")
        imported = json.loads(row["imported"])
        if keep == "imported":
            _apply(db, row, imported)
        now = audit.now_iso()
        db.execute("UPDATE package_conflicts SET resolved_at = ?, resolved_by = ?, kept = ?, reason = ? WHERE id = ?",
                   [now, actor.name, keep, reason, conflict_id])
        audit.record(db, actor=actor.name, action="package.resolve", entity="application",
                     entity_id=row["application_id"], before=json.loads(row["local"]),
                     after={"conflict": conflict_id, "kind": row["kind"], "kept": keep, "reason": reason,
                            "imported": imported})
    return row


def _apply(db: Database, row: dict[str, Any], imported: dict[str, Any]) -> None:
    app_id = row["application_id"]
    if row["kind"] == "vote":
        round_no, _, name = row["subject"].partition(":")
        expert = db.execute("SELECT m.expert_id FROM panel_members m JOIN experts e ON e.id = m.expert_id"
                            " WHERE m.application_id = ? AND m.review_round = ? AND e.name = ?",
                            [app_id, int(round_no), name]).fetchone()
        if expert is None:
            raise UserError("该专家不在本库的评审组中：只能保留本地的记录。",
                            "That expert is not on this store's panel: only the local record can be kept.")
        db.execute("UPDATE panel_members SET vote = ?, comment = ?, voted_at = ?, voted_by = ? WHERE application_id = ?"
                   " AND review_round = ? AND expert_id = ?", [imported["vote"], imported["comment"],
                                                               imported["voted_at"], imported["voted_by"], app_id,
                                                               int(round_no), expert[0]])
        return
    latest = db.execute("SELECT id, before_points, before_payment_fen FROM decisions WHERE application_id = ?"
                        " ORDER BY id DESC LIMIT 1", [app_id]).fetchone()
    db.execute("INSERT INTO decisions (application_id, method, points, payment_fen, deductions_fen, before_points,"
               " before_payment_fen, reasons, amends, drafted_at, drafted_by, signed_at, signed_by, notified_at)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [app_id, imported["method"], imported["points"], imported["payment_fen"], imported["deductions_fen"] or 0,
                latest[1] if latest else imported["points"], latest[2] if latest else imported["payment_fen"],
                imported["reasons"], latest[0] if latest else None, imported["drafted_at"], imported["drafted_by"],
                imported["signed_at"], imported["signed_by"], imported["notified_at"]])
