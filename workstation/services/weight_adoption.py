"""Adopting a negotiation: its agreed weights become a new version of the group table (and agreed
level coefficients a new version of the hospital table), through the reference versioning that
every load uses, with one audit event naming the negotiation.

The new group version is today's table with the agreed weights (base points given in the table
follow as weight × 100; payment standards stay as they were: they set the HIGH/LOW thresholds,
which the negotiation did not discuss). A level's coefficient change scales each hospital of the
level by agreed ÷ current, so differences between hospitals of a level are kept.

Results are recomputed only on request (``recompute=True``, or ``recompute_results`` later), in
the same transaction as the load would be and with decided special cases left alone and listed,
exactly as a group-table load does (services.operations).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlite_utils import Database

from workstation.domain.authority import Action, Facts
from workstation.domain.jobs import NO_CONTROL, JobControl
from workstation.domain.messages import Text, UserError
from workstation.reference import versions
from workstation.reference.groups import comparable
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.services.negotiations import negotiation as read_negotiation
from workstation.services.operations import Outcome
from workstation.store import audit


@dataclass
class Adoption:
    negotiation_id: int
    version_id: int
    previous_version_id: int
    hospitals_version_id: int | None = None
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # code, before, after

    def summary_lines(self) -> list[str]:
        lines = [str(Text("第 {n} 号协商的一致意见已生成病组表第 {v} 版（替换第 {p} 版）：",
                          "Negotiation {n}'s agreed changes made group table version #{v} (replacing #{p}):").format(
            n=self.negotiation_id, v=self.version_id, p=self.previous_version_id))]
        lines += [f"  {code}: {before} → {after}" for code, before, after in self.changed]
        if self.hospitals_version_id is not None:
            lines.append(str(Text("  医院级别系数已生成医院表第 {v} 版", "  level coefficients made hospital table "
                                  "version #{v}").format(v=self.hospitals_version_id)))
        return lines


def _refuse_state(db: Database, negotiation_id: int):
    n = read_negotiation(db, negotiation_id)
    if n.adopted_version_id is not None:
        raise UserError(f"第 {negotiation_id} 号协商已生成第 {n.adopted_version_id} 版病组表。",
                        f"Negotiation {negotiation_id} was adopted as version #{n.adopted_version_id} already.")
    agreed = [i for i in n.items if i.outcome == "agreed" and i.agreed]
    if not agreed:
        raise UserError(f"第 {negotiation_id} 号协商没有达成一致的调整（先用 weights negotiate outcome 记录）。",
                        f"Negotiation {negotiation_id} has no agreed change (record one with weights negotiate outcome).")
    current = versions.current_version(db, "groups")
    if current is None or current["id"] != n.groups_version_id:
        raise UserError(f"协商依据的是病组表第 {n.groups_version_id} 版，现行的是第 {current['id'] if current else '—'} 版："
                        "请按现行病组表重新测算并协商。",
                        f"The negotiation was held on group table #{n.groups_version_id}, today's is "
                        f"#{current['id'] if current else '—'}: compute and negotiate again on today's table.")
    return n, agreed, current


def _adopt(db: Database, actor: Actor, negotiation_id: int) -> Adoption:
    check(db, actor, Action.ADOPT_WEIGHTS, Facts())
    n, agreed, current = _refuse_state(db, negotiation_id)
    groups = {i.code: Decimal(i.agreed or "0") for i in agreed if i.kind == "group"}
    rows = list(db.query("SELECT * FROM drg_groups WHERE version_id = ? ORDER BY drg_code", [current["id"]]))
    before = {r["drg_code"]: comparable(r) for r in rows}
    adoption = Adoption(negotiation_id, 0, current["id"])
    for row in rows:
        if row["drg_code"] in groups:
            value = groups[row["drg_code"]]
            adoption.changed.append((row["drg_code"], row["weight"] or "", format(value, "f")))
            row["weight"] = format(value.normalize(), "f")
            if row["base_points"] is not None:
                row["base_points"] = format((value * 100).normalize(), "f")
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()
    label = f"协商调整 第{negotiation_id}号 {n.held_on}"
    version_id = versions.add_version(db, kind="groups", source=f"negotiation #{negotiation_id}", sha256=digest,
                                      label=label, rows=len(rows), rows_rejected=0, actor=actor.name)
    for row in rows:
        row["version_id"] = version_id
    db.table("drg_groups").insert_all(rows)
    adoption.version_id = version_id
    levels = {int(i.code.split("-")[1]): (Decimal(i.current), Decimal(i.agreed or "0")) for i in agreed
              if i.kind == "level"}
    if levels:
        adoption.hospitals_version_id = _adopt_levels(db, actor, negotiation_id, label, levels)
    changes = versions.diff_tables(before, {r["drg_code"]: comparable(r) for r in rows})
    db.execute("UPDATE negotiations SET adopted_version_id = ?, adopted_at = ?, adopted_by = ? WHERE id = ?",
               [version_id, audit.now_iso(), actor.name, negotiation_id])
    audit.record(db, actor=actor.name, action="groups.adopt", entity="reference_versions", entity_id=version_id,
                 before=versions.version_summary(current), after={
                     "negotiation_id": negotiation_id, "negotiation": n.title, "held_on": n.held_on,
                     "version": versions.version_summary(versions.current_version(db, "groups")),
                     "hospitals_version_id": adoption.hospitals_version_id, "changes": changes,
                     "levels": {str(k): [str(a), str(b)] for k, (a, b) in levels.items()}})
    return adoption


def _adopt_levels(db: Database, actor: Actor, negotiation_id: int, label: str,
                  levels: dict[int, tuple[Decimal, Decimal]]) -> int:
    previous = versions.current_version(db, "hospitals")
    if previous is None:
        raise UserError("尚未载入医院表，不能调整医院级别系数。", "No hospital table is loaded: level coefficients cannot change.")
    rows = list(db.query("SELECT * FROM hospitals WHERE version_id = ?", [previous["id"]]))
    for row in rows:
        if row["hospital_level"] in levels:
            current, agreed = levels[row["hospital_level"]]
            scaled = Decimal(row["coefficient"]) * agreed / current
            row["coefficient"] = format(scaled.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize(), "f")
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()
    version_id = versions.add_version(db, kind="hospitals", source=f"negotiation #{negotiation_id}", sha256=digest,
                                      label=label, rows=len(rows), rows_rejected=0, actor=actor.name)
    for row in rows:
        row["version_id"] = version_id
    db.table("hospitals").insert_all(rows)
    return version_id


def adopt_negotiation(db: Database, actor: Actor, negotiation_id: int, *, recompute: bool = False,
                      control: JobControl = NO_CONTROL) -> Outcome:
    """The agreed changes as a new table version; with ``recompute``, the results follow in the
    same transaction (decided cases listed, their decisions kept)."""
    if recompute:
        from workstation.services.operations import load_reference  # the loads' one transaction + recompute

        return load_reference(db, "groups", lambda: _adopt(db, actor, negotiation_id), actor.name, control)
    with db.atomic():
        return Outcome(_adopt(db, actor, negotiation_id))


@dataclass
class Recomputed:
    def summary_lines(self) -> list[str]:
        return [str(Text("已按现行病组表和医院表重新计算全部结果。", "Every result was recomputed under today's tables."))]


def recompute_results(db: Database, actor: Actor, *, control: JobControl = NO_CONTROL) -> Outcome:
    """Every period's results under today's tables, decided cases left alone and listed."""
    from workstation.services.operations import load_reference

    check(db, actor, Action.RECOMPUTE, Facts())
    return load_reference(db, "groups", Recomputed, actor.name, control)
