"""``package import``: bring a checked package into this store without duplicates and without
overwriting anything silently.

What this store lacks is added (cases, applications with their panels, negotiation rounds,
decisions and notices; a vote where this store has none). Where both hold something different for
the same thing (a vote, a decision) nothing changes and a conflict is listed for a supervisor
(``conflicts``). An application's status moves forward to the package's only when no conflict
stands for it. The other store's audit events are kept apart (``imported_audit``) with their
origin and head; this store's own chain records the import and each change it made.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from workstation.domain.authority import Action
from workstation.domain.messages import Text
from workstation.domain.review.workflow import Status
from workstation.engine.freshness import raise_case_generation
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.services.packages.archive import Package, read_package, refuse
from workstation.services.packages.export import store_id
from workstation.services.packages.verify import verify_package_audit
from workstation.store import audit

# How far along the workflow a status is: the package's status is taken only when further on.
RANK = {Status.SUBMITTED: 0, Status.RETURNED: 0, Status.ACCEPTED: 1, Status.EXPERT_REVIEW: 2,
        Status.NEGOTIATION: 3, Status.DRAFTED: 4, Status.SIGNED: 5, Status.NOTIFIED: 6, Status.APPEALED: 7,
        Status.CLOSED: 8, Status.REFUSED: 8}


@dataclass
class ImportResult:
    path: Path
    already_imported: bool = False
    added: Counter = field(default_factory=Counter)
    conflicts: int = 0

    def report(self) -> Text:
        if self.already_imported:
            return Text("审核包 {f} 已导入过，本次未增加任何内容。", "The package {f} was imported before: nothing was "
                        "added.").format(f=self.path.name)
        added = ", ".join(f"{k} {v}" for k, v in sorted(self.added.items()) if v) or "-"
        return Text("已导入 {f}：新增 {a}；待处理冲突 {c} 项（package conflicts）。",
                    "Imported {f}: added {a}; conflicts to resolve: {c} (package conflicts).").format(
            f=self.path.name, a=added, c=self.conflicts)


def import_package(db: Database, actor: Actor, path: str | os.PathLike) -> ImportResult:
    check(db, actor, Action.PACKAGE_IMPORT)
    package = read_package(path)
    verify_package_audit(package)
    result = ImportResult(package.path)
    if package.origin == store_id(db):
        raise refuse(package.path, Text("它由本数据库导出。", "it was exported by this store."))
    if db.execute("SELECT 1 FROM package_imports WHERE package_sha256 = ?", [package.sha256]).fetchone():
        result.already_imported = True
        return result
    with db.atomic():
        m = package.manifest
        import_id = int(db.execute(
            "INSERT INTO package_imports (package_sha256, origin_store, origin_head, exported_at, exported_by,"
            " imported_at, imported_by, summary) VALUES (?, ?, ?, ?, ?, ?, ?, '{}')",
            [package.sha256, package.origin, package.head, m["exported_at"], m["exported_by"], audit.now_iso(),
             actor.name]).lastrowid or 0)
        _Merge(db, actor, package, import_id, result).run()
        summary = {"added": dict(result.added), "conflicts": result.conflicts}
        db.execute("UPDATE package_imports SET summary = ? WHERE id = ?", [json.dumps(summary), import_id])
        audit.record(db, actor=actor.name, action="package.import", entity="package", entity_id=import_id,
                     after={"file": package.path.name, "sha256": package.sha256, "origin_store": package.origin,
                            "origin_head": package.head, **summary})
    return result


def _by_key(rows: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((row["hospital_code"], row["case_id"]), []).append(row)
    return grouped


class _Merge:
    def __init__(self, db: Database, actor: Actor, package: Package, import_id: int, result: ImportResult):
        self.db, self.actor, self.package, self.import_id, self.result = db, actor, package, import_id, result
        self.now = audit.now_iso()
        parts = package.parts
        self.panel, self.negotiations = _by_key(parts["panel"]), _by_key(parts["negotiations"])
        self.decisions, self.notices = _by_key(parts["decisions"]), _by_key(parts["notices"])
        self.case_columns = [r[1] for r in db.execute("PRAGMA table_info(cases)")]
        self.app_columns = [r[1] for r in db.execute("PRAGMA table_info(applications)")]

    def run(self) -> None:
        self._cases()
        for app in self.package.parts["applications"]:
            key = (app["hospital_code"], app["case_id"])
            local = self.db.execute(
                "SELECT a.id, a.status, a.case_pk FROM applications a JOIN cases c ON c.id = a.case_pk"
                " WHERE c.hospital_code = ? AND c.case_id = ?", key).fetchone()
            changes = self._add_application(app, key) if local is None else self._merge_application(local, app, key)
            if changes:
                app_id = changes.pop("application_id")
                event = audit.record(self.db, actor=self.actor.name, action="package.merge", entity="application",
                                     entity_id=app_id, after={**changes, "package": self.package.sha256[:16],
                                                              "origin_store": self.package.origin})
                self._notices(app_id, key, event)
        self._events()

    # -- cases: one batch per period, so a period's cases stay one run of ids ------------------
    def _cases(self) -> None:
        new: dict[str, list[dict[str, Any]]] = {}
        for case in self.package.parts["cases"]:
            if not self.db.execute("SELECT 1 FROM cases WHERE case_id = ? AND hospital_code = ?",
                                   [case["case_id"], case["hospital_code"]]).fetchone():
                new.setdefault(case["period"], []).append(case)
        for period, cases in sorted(new.items()):
            batch = self.db.execute(
                "INSERT INTO batches (file_name, file_sha256, file_format, period, imported_at, imported_by, rows_read,"
                " rows_imported, rows_quarantined) VALUES (?, ?, 'drgpkg', ?, ?, ?, ?, ?, 0)",
                [self.package.path.name, self.package.sha256, period, self.now, self.actor.name, len(cases),
                 len(cases)]).lastrowid
            ids = []
            for case in cases:
                row = {c: case.get(c) for c in self.case_columns if c in case}
                row["batch_id"] = batch
                ids.append(int(self.db.execute(f"INSERT INTO cases ({', '.join(row)}) VALUES ("
                                               f"{', '.join('?' * len(row))})", list(row.values())).lastrowid or 0))
            self.db.execute("UPDATE batches SET first_case_pk = ?, last_case_pk = ? WHERE id = ?",
                            [min(ids), max(ids), batch])
            raise_case_generation(self.db, period)  # its results are computed at the next opening
            self.result.added["cases"] += len(cases)

    # -- a new application and everything that belongs to it ---------------------------------
    def _add_application(self, app: dict[str, Any], key: tuple[str, str]) -> dict[str, Any]:
        case_pk = self.db.execute("SELECT id FROM cases WHERE hospital_code = ? AND case_id = ?", key).fetchone()[0]
        row = {c: app.get(c) for c in self.app_columns if c in app and c != "id"}
        row.update(case_pk=case_pk, hospital_code=key[0], batch_id=None, source_row=None)
        app_id = int(self.db.execute(f"INSERT INTO applications ({', '.join(row)}) VALUES ("
                                     f"{', '.join('?' * len(row))})", list(row.values())).lastrowid or 0)
        self.db.execute("INSERT INTO application_origins (application_id, origin_store, origin_id, import_id)"
                        " VALUES (?, ?, ?, ?)", [app_id, self.package.origin, app["origin_id"], self.import_id])
        self._case_status(case_pk, app["status"])
        for round_no in sorted({m["review_round"] for m in self.panel.get(key, [])}):
            self._add_round(app_id, key, round_no)
        for r in self.negotiations.get(key, []):
            self._insert("negotiation_rounds", r, application_id=app_id)
        self._add_decisions(app_id, self.decisions.get(key, []))
        self.result.added["applications"] += 1
        return {"application_id": app_id, "added": "application", "status": app["status"]}

    def _case_status(self, case_pk: int, status: str) -> None:
        self.db.execute("INSERT INTO case_reviews (case_pk, status, updated_at, updated_by) VALUES (?, ?, ?, ?)"
                        " ON CONFLICT (case_pk) DO UPDATE SET status = excluded.status, updated_at ="
                        " excluded.updated_at, updated_by = excluded.updated_by",
                        [case_pk, status, self.now, self.actor.name])

    def _insert(self, table: str, source: dict[str, Any], **fixed: Any) -> int:
        columns = [r[1] for r in self.db.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
        row = {c: source.get(c) for c in columns if c in source}
        row.update(fixed)
        return int(self.db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                   list(row.values())).lastrowid or 0)

    def _expert(self, member: dict[str, Any]) -> int:
        """The local expert of that name and specialty; one not in this pool is added inactive
        (never drawn here, but their votes are recorded)."""
        found = self.db.execute("SELECT id FROM experts WHERE name = ? AND specialty = ? ORDER BY active DESC, id",
                                [member["expert_name"], member["expert_specialty"] or ""]).fetchone()
        if found:
            return int(found[0])
        self.result.added["experts"] += 1
        return int(self.db.execute(
            "INSERT INTO experts (name, specialty, hospital_codes, active, created_at, created_by)"
            " VALUES (?, ?, ?, 0, ?, ?)", [member["expert_name"], member["expert_specialty"] or "",
                                           member["expert_hospitals"] or "", self.now, self.actor.name]).lastrowid or 0)

    def _add_round(self, app_id: int, key: tuple[str, str], round_no: int) -> None:
        members = [m for m in self.panel.get(key, []) if m["review_round"] == round_no]
        experts = [self._expert(m) for m in members]
        first = members[0]
        draw = self.db.execute(
            "INSERT INTO expert_draws (application_id, review_round, seed, size, eligible, excluded, drawn, drawn_at,"
            " drawn_by) VALUES (?, ?, ?, ?, '[]', '{}', ?, ?, ?)",
            [app_id, round_no, first["draw_seed"] or "", len(members), json.dumps(experts), first["drawn_at"] or self.now,
             first["drawn_by"] or self.actor.name]).lastrowid
        for member, expert in zip(members, experts):
            self.db.execute(
                "INSERT INTO panel_members (application_id, review_round, expert_id, draw_id, recused, vote, comment,"
                " voted_at, voted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [app_id, round_no, expert, draw, member["recused"], member["vote"], member["comment"],
                 member["voted_at"], member["voted_by"]])
            self.result.added["votes"] += member["vote"] is not None
        self.result.added["panels"] += 1

    def _add_decisions(self, app_id: int, decisions: list[dict[str, Any]]) -> None:
        local_ids: dict[int, int] = {}
        for d in sorted(decisions, key=lambda d: d["origin_id"]):
            local_ids[d["origin_id"]] = self._insert("decisions", d, application_id=app_id, sign_event=None,
                                                     amends=local_ids.get(d["amends_origin_id"]))
            self.result.added["decisions"] += 1

    # -- an application both stores hold -----------------------------------------------------
    def _merge_application(self, local: tuple, app: dict[str, Any], key: tuple[str, str]) -> dict[str, Any]:
        app_id, status, case_pk = local
        changes: dict[str, Any] = {}
        for round_no in sorted({m["review_round"] for m in self.panel.get(key, [])}):
            if not self.db.execute("SELECT 1 FROM panel_members WHERE application_id = ? AND review_round = ?",
                                   [app_id, round_no]).fetchone():
                self._add_round(app_id, key, round_no)
                changes.setdefault("panels", []).append(round_no)
                continue
            for member in (m for m in self.panel[key] if m["review_round"] == round_no):
                changes.setdefault("votes", []).extend(self._merge_vote(app_id, round_no, member))
        if not changes.get("votes"):
            changes.pop("votes", None)
        local_decisions = list(self.db.query("SELECT * FROM decisions WHERE application_id = ? ORDER BY id", [app_id]))
        imported = self.decisions.get(key, [])
        if imported and not local_decisions:
            self._add_decisions(app_id, imported)
            changes["decisions"] = len(imported)
        else:
            known = {(d["drafted_at"], d["drafted_by"]): d for d in local_decisions}
            for d in imported:
                mine = known.get((d["drafted_at"], d["drafted_by"]))
                if mine is None or any(mine[c] != d[c] for c in ("method", "payment_fen", "signed_by", "notified_at")):
                    self._conflict(app_id, "decision", f"{d['drafted_at']} {d['drafted_by']}",
                                   _decision_view(mine) if mine else {"decisions": [_decision_view(x) for x in
                                                                                    local_decisions]},
                                   _decision_view(d))
        for r in self.negotiations.get(key, []):
            if not self.db.execute("SELECT 1 FROM negotiation_rounds WHERE application_id = ? AND round = ?",
                                   [app_id, r["round"]]).fetchone():
                self._insert("negotiation_rounds", r, application_id=app_id)
                changes.setdefault("negotiation_rounds", []).append(r["round"])
        open_conflict = self.db.execute("SELECT 1 FROM package_conflicts WHERE application_id = ? AND resolved_at IS"
                                        " NULL", [app_id]).fetchone()
        if not open_conflict and RANK[Status(app["status"])] > RANK[Status(status)]:
            self.db.execute("UPDATE applications SET status = ?, updated_at = ? WHERE id = ?",
                            [app["status"], self.now, app_id])
            self._case_status(case_pk, app["status"])
            changes["status"] = {"before": status, "after": app["status"]}
        return {"application_id": app_id, **changes} if changes else {}

    def _merge_vote(self, app_id: int, round_no: int, member: dict[str, Any]) -> list[str]:
        expert = self._expert(member)
        mine = self.db.execute("SELECT vote, comment, voted_at, voted_by FROM panel_members WHERE application_id = ?"
                               " AND review_round = ? AND expert_id = ?", [app_id, round_no, expert]).fetchone()
        theirs = {"vote": member["vote"], "comment": member["comment"], "voted_at": member["voted_at"],
                  "voted_by": member["voted_by"]}
        subject = f"{round_no}:{member['expert_name']}"
        if mine is None:  # different panels on the two sides
            self._conflict(app_id, "vote", subject, {"on_panel": False}, theirs)
        elif member["vote"] is not None and mine[0] is None:
            self.db.execute("UPDATE panel_members SET vote = ?, comment = ?, voted_at = ?, voted_by = ? WHERE"
                            " application_id = ? AND review_round = ? AND expert_id = ?",
                            [member["vote"], member["comment"], member["voted_at"], member["voted_by"], app_id,
                             round_no, expert])
            self.result.added["votes"] += 1
            return [member["expert_name"]]
        elif member["vote"] is not None and mine[0] != member["vote"]:
            self._conflict(app_id, "vote", subject, dict(zip(("vote", "comment", "voted_at", "voted_by"), mine)), theirs)
        return []

    def _conflict(self, app_id: int, kind: str, subject: str, local: dict, imported: dict) -> None:
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO package_conflicts (import_id, application_id, kind, subject, local, imported)"
            " VALUES (?, ?, ?, ?, ?, ?)", [self.import_id, app_id, kind, subject,
                                           json.dumps(local, ensure_ascii=False, sort_keys=True),
                                           json.dumps(imported, ensure_ascii=False, sort_keys=True)])
        self.result.conflicts += cursor.rowcount

    def _notices(self, app_id: int, key: tuple[str, str], event: int) -> None:
        for n in self.notices.get(key, []):
            decision = None
            origin = next((d for d in self.decisions.get(key, []) if d["origin_id"] == n["decision_origin_id"]), None)
            if origin is not None:
                decision = self.db.execute("SELECT id FROM decisions WHERE application_id = ? AND drafted_at = ? AND"
                                           " drafted_by = ?", [app_id, origin["drafted_at"], origin["drafted_by"]]
                                           ).fetchone()
            taken = self.db.execute("SELECT 1 FROM notices WHERE notice_no = ? OR verification_code = ? OR"
                                    " decision_id = ?", [n["notice_no"], n["verification_code"],
                                                         decision[0] if decision else None]).fetchone()
            if decision and not taken:
                self._insert("notices", n, decision_id=decision[0], issue_event=event)
                self.result.added["notices"] += 1

    def _events(self) -> None:
        for e in self.package.parts["audit"]:
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO imported_audit (origin_store, origin_event_id, origin_head, import_id, at, actor,"
                " action, entity, entity_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [self.package.origin, e["origin_event_id"], self.package.head, self.import_id, e["at"], e["actor"],
                 e["action"], e["entity"], e["entity_id"], e["before"], e["after"], e["prev_hash"], e["hash"]])
            self.result.added["audit events"] += cursor.rowcount


def _decision_view(d: dict[str, Any]) -> dict[str, Any]:
    return {c: d.get(c) for c in ("method", "points", "payment_fen", "deductions_fen", "reasons", "drafted_at",
                                  "drafted_by", "signed_at", "signed_by", "notified_at")}
