"""The review minutes (专家评审会议纪要) of a review cycle, as plain data.

Blinded as the panel saw the cases: a case is named by its hospital code and case id only, with
its group and the reason applied for; no patient, no hospital name. The experts are named (they
sign the minutes), with who was recused from which case and why.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlite_utils import Database

from workstation.domain.messages import UserError
from workstation.services.review import ENTITY

EXCLUSION_REASONS = ("affiliated", "conflict", "inactive")


@dataclass
class MinutesCase:
    application_id: int
    hospital_code: str
    case_id: str
    drg_code: str
    reason: str
    review_round: int
    members: int
    support: int
    oppose: int
    abstain: int
    outcome: str  # supported | opposed | "" (not concluded)
    concluded_on: str
    recused: list[str] = field(default_factory=list)  # expert names recused after the draw


@dataclass
class MinutesExpert:
    expert_id: int
    name: str
    specialty: str
    cases: int = 0  # cases on whose panel the expert sat (not recused)
    recused: int = 0  # cases the expert was drawn for and then recused from
    excluded: int = 0  # cases the expert was kept out of at the draw (affiliated, a conflict)


@dataclass
class Minutes:
    cycle: str
    first_day: str
    last_day: str
    cases: list[MinutesCase]
    experts: list[MinutesExpert]


def review_minutes(db: Database, cycle: str) -> Minutes:
    apps = list(db.query(
        "SELECT a.id, a.hospital_code, a.reason, c.case_id, COALESCE(r.drg_code, c.drg_code) AS drg_code"
        " FROM applications a JOIN cases c ON c.id = a.case_pk LEFT JOIN case_results r ON r.case_pk = a.case_pk"
        " WHERE a.cycle = ? AND EXISTS (SELECT 1 FROM panel_members m WHERE m.application_id = a.id)"
        " ORDER BY a.hospital_code, c.case_id", [cycle]))
    if not apps:
        raise UserError(f"评审周期 {cycle} 没有经专家评审的申报。", f"Review cycle {cycle} has no application reviewed by "
                        "experts.")
    experts = {r["id"]: MinutesExpert(r["id"], r["name"], r["specialty"])
               for r in db.query("SELECT id, name, specialty FROM experts")}
    used: set[int] = set()
    days: list[str] = []
    cases = []
    for app in apps:
        members = list(db.query("SELECT expert_id, review_round, recused, voted_at FROM panel_members"
                                " WHERE application_id = ? ORDER BY review_round, rowid", [app["id"]]))
        last_round = max(m["review_round"] for m in members)
        for m in members:
            expert = experts[m["expert_id"]]
            used.add(expert.expert_id)
            if m["recused"]:
                expert.recused += 1
            else:
                expert.cases += 1
            if m["voted_at"]:
                days.append(m["voted_at"][:10])
        for draw in db.query("SELECT excluded FROM expert_draws WHERE application_id = ?", [app["id"]]):
            for expert_id, why in json.loads(draw["excluded"]).items():
                if why in EXCLUSION_REASONS[:2] and int(expert_id) in experts:
                    experts[int(expert_id)].excluded += 1
                    used.add(int(expert_id))
        conclusion = db.execute("SELECT at, after FROM audit_log WHERE entity = ? AND entity_id = ?"
                                " AND action = 'review.conclude' ORDER BY id DESC LIMIT 1",
                                [ENTITY, str(app["id"])]).fetchone()
        tally = json.loads(conclusion[1]) if conclusion else {}
        if conclusion:
            days.append(conclusion[0][:10])
        cases.append(MinutesCase(
            app["id"], app["hospital_code"], app["case_id"], app["drg_code"] or "", app["reason"], last_round,
            int(tally.get("members", sum(1 for m in members if m["review_round"] == last_round and not m["recused"]))),
            int(tally.get("support", 0)), int(tally.get("oppose", 0)), int(tally.get("abstain", 0)),
            str(tally.get("outcome", "")), conclusion[0][:10] if conclusion else "",
            [experts[m["expert_id"]].name for m in members if m["recused"] and m["review_round"] == last_round]))
    return Minutes(cycle, min(days, default=""), max(days, default=""), cases,
                   [experts[i] for i in sorted(used)])


def review_cycles(db: Database) -> list[str]:
    """The cycles that have minutes: those with an application a panel was drawn for."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT a.cycle FROM applications a"
        " WHERE EXISTS (SELECT 1 FROM panel_members m WHERE m.application_id = a.id) ORDER BY a.cycle")]
