"""``package export``: a store's applications, with what belongs to them, into one .drgpkg.

Cases are masked (names, ID numbers, free text) unless the package is for a reviewer's desk,
which needs the unmasking right. Audit events travel with the whole chain's hashes (no content),
so the receiver can check that each event belongs to the chain ending at the manifest's head;
an event whose text needed masking travels masked and is checked by that link only.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from workstation import __version__
from workstation.domain.authority import Action
from workstation.domain.masking import mask_free_text, mask_id, mask_name
from workstation.domain.messages import Text, UserError
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.services.packages.archive import write_package
from workstation.services.packages.parts import KEY, part_schemas
from workstation.store import audit
from workstation.store.output_paths import checked_output


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sha256: str
    applications: int
    masked: bool


def store_id(db: Database) -> str:
    return str(db.execute("SELECT store_id FROM store_identity WHERE id = 1").fetchone()[0])


def audit_head(db: Database) -> str:
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else audit.GENESIS


def select_applications(db: Database, *, application_ids: list[int] | None = None, period: str | None = None,
                        session: str | None = None) -> list[int]:
    if session is not None:
        # The panel laptop's package: the applications on the session's agenda, in its order.
        try:
            session_id = int(str(session).strip())
        except ValueError:
            raise UserError(f"评审会编号应为数字：{session!r}。", f"A session is named by its number: {session!r}.") from None
        ids = [r[0] for r in db.execute("SELECT application_id FROM panel_session_items WHERE session_id = ?"
                                        " ORDER BY position", [session_id])]
        if not ids:
            raise UserError(f"第 {session_id} 次评审会没有议题（panel list 列出各次评审会）。",
                            f"Panel session {session_id} has no items (panel list shows the sessions).")
        return ids
    if application_ids:
        found = {r[0] for r in db.execute(
            f"SELECT id FROM applications WHERE id IN ({','.join('?' * len(application_ids))})", application_ids)}
        missing = [i for i in application_ids if i not in found]
        if missing:
            raise UserError(f"没有编号为 {missing} 的申报。", f"There are no applications {missing}.")
        return sorted(found)
    if period:
        ids = [r[0] for r in db.execute("SELECT id FROM applications WHERE period = ? ORDER BY id", [period])]
        if not ids:
            raise UserError(f"结算期 {period} 没有特例单议申报。", f"Period {period} has no applications.")
        return ids
    raise UserError("请用 --applications、--session 或 --period 指明导出哪些申报。",
                    "Name what to export with --applications, --session or --period.")


def export_package(db: Database, actor: Actor, target: str | os.PathLike, application_ids: list[int], *,
                   for_reviewer: bool = False) -> ExportResult:
    check(db, actor, Action.PACKAGE_EXPORT)
    checked_output(target, db)  # never the database, its side files, a folder or a device
    if for_reviewer:
        check(db, actor, Action.UNMASK)
    masked = not for_reviewer
    marks = ",".join("?" * len(application_ids))
    apps = list(db.query(f"SELECT a.*, c.case_id, c.patient_name FROM applications a JOIN cases c ON c.id = a.case_pk"
                         f" WHERE a.id IN ({marks}) ORDER BY a.id", application_ids))
    names = {a["id"]: [a["patient_name"]] if a["patient_name"] else [] for a in apps}
    key = {a["id"]: {"hospital_code": a["hospital_code"], "case_id": a["case_id"]} for a in apps}

    def text(value: Any, app_id: int) -> Any:
        return mask_free_text(value, names[app_id]) if masked and isinstance(value, str) else value

    schemas = part_schemas(db)
    columns = {name: schemas[name].names for name in schemas}
    cases = []
    for row in db.query(f"SELECT c.* FROM cases c JOIN applications a ON a.case_pk = c.id WHERE a.id IN ({marks})",
                        application_ids):
        if masked:
            row.update(patient_name=mask_name(row["patient_name"]), id_number=mask_id(row["id_number"]),
                       patient_id=mask_id(row["patient_id"]))
        cases.append({c: row.get(c) for c in columns["cases"]})
    applications = [{**{c: a.get(c) for c in columns["applications"]}, "origin_id": a["id"],
                     "statement": text(a["statement"], a["id"]), "documents": text(a["documents"], a["id"]),
                     "status_note": text(a["status_note"], a["id"])} for a in apps]
    panel = [{**key[m["application_id"]], **{c: m.get(c) for c in columns["panel"] if c not in KEY},
              "comment": text(m["comment"], m["application_id"])}
             for m in db.query(
                 "SELECT m.*, e.name AS expert_name, e.specialty AS expert_specialty, e.hospital_codes AS expert_hospitals,"
                 f" d.seed AS draw_seed, d.drawn_at, d.drawn_by FROM panel_members m JOIN experts e ON e.id = m.expert_id"
                 f" JOIN expert_draws d ON d.id = m.draw_id WHERE m.application_id IN ({marks})"
                 " ORDER BY m.application_id, m.review_round, m.expert_id", application_ids)]
    negotiations = [{**key[r["application_id"]], **{c: r.get(c) for c in columns["negotiations"] if c not in KEY},
                     "proposal_text": text(r["proposal_text"], r["application_id"]),
                     "answer_text": text(r["answer_text"], r["application_id"])}
                    for r in db.query(f"SELECT * FROM negotiation_rounds WHERE application_id IN ({marks}) ORDER BY id",
                                      application_ids)]
    decisions = [{**key[d["application_id"]], **{c: d.get(c) for c in columns["decisions"] if c not in KEY},
                  "origin_id": d["id"], "amends_origin_id": d["amends"], "reasons": text(d["reasons"], d["application_id"])}
                 for d in db.query(f"SELECT * FROM decisions WHERE application_id IN ({marks}) ORDER BY id",
                                   application_ids)]
    notices = [{**key[n["application_id"]], **{c: n.get(c) for c in columns["notices"] if c not in KEY},
                "decision_origin_id": n["decision_id"]}
               for n in db.query("SELECT n.*, d.application_id FROM notices n JOIN decisions d ON d.id = n.decision_id"
                                 f" WHERE d.application_id IN ({marks}) ORDER BY n.id", application_ids)]
    events = []
    for e in db.query(f"SELECT * FROM audit_log WHERE entity = 'application' AND entity_id IN ({marks}) ORDER BY id",
                      [str(i) for i in application_ids]):
        app_id = int(e["entity_id"])
        before, after = text(e["before"], app_id), text(e["after"], app_id)
        events.append({"origin_event_id": e["id"], "at": e["at"], "actor": e["actor"], "action": e["action"],
                       "entity": e["entity"], "entity_id": e["entity_id"], "before": before, "after": after,
                       "prev_hash": e["prev_hash"], "hash": e["hash"],
                       "masked": int(before != e["before"] or after != e["after"])})
    chain = [{"id": r[0], "prev_hash": r[1], "hash": r[2]}
             for r in db.execute("SELECT id, prev_hash, hash FROM audit_log ORDER BY id")]
    manifest = {
        "store_id": store_id(db), "audit_head": chain[-1]["hash"] if chain else audit.GENESIS,
        "audit_events": len(chain), "exported_by": actor.name, "exported_at": audit.now_iso(),
        "program": __version__, "masked": masked, "applications": [a["origin_id"] for a in applications],
        "periods": sorted({a["period"] for a in applications}),
    }
    data = {"cases": cases, "applications": applications, "panel": panel, "negotiations": negotiations,
            "decisions": decisions, "notices": notices, "audit": events, "chain": chain}
    digest = write_package(target, manifest, {name: (rows, schemas[name]) for name, rows in data.items()})
    with db.atomic():
        audit.record(db, actor=actor.name, action="package.export", entity="package", entity_id=Path(target).name,
                     after={"sha256": digest, "applications": application_ids, "masked": masked,
                            "head": manifest["audit_head"]})
    return ExportResult(Path(target), digest, len(applications), masked)


def describe(result: ExportResult) -> Text:
    return Text("已导出 {n} 件申报到 {f}（{m}），SHA-256 {h}",
                "Exported {n} application(s) to {f} ({m}), SHA-256 {h}").format(
        n=result.applications, f=result.path, h=result.sha256[:16],
        m=Text("个人信息已遮蔽", "personal data masked") if result.masked else Text("未遮蔽，供审核员", "unmasked, for a reviewer"))

