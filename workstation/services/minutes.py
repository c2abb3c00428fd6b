"""The review minutes (专家评审会议纪要) of a review cycle, as plain data.

Blinded as the panel saw the cases: a hospital is the session's letter (A, B, … in the order
the applications come; ``domain.blinding``), a case its case id, with its group and the reason
applied for; no patient, no hospital name or 定点 code. The key to the letters is kept apart (an
annex page for the file). The experts are named (they sign the minutes).

One line per review round: an appeal's re-review is its own round with its own votes. The tally
of a round is read by ``round_tallies`` alone (votes as recorded in ``panel_members``), so it can
switch to the stored conclusions table in one place.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlite_utils import Database

from workstation.domain.blinding import hospital_letters
from workstation.domain.messages import UserError
from workstation.services.review import ENTITY

EXCLUSION_REASONS = ("affiliated", "conflict", "inactive")


@dataclass(frozen=True)
class RoundTally:
    review_round: int
    members: int  # sitting (not recused)
    support: int
    oppose: int
    abstain: int
    outcome: str  # supported | opposed | "" (no conclusion recorded for this round)
    concluded_on: str


def round_tallies(db: Database, application_id: int) -> list[RoundTally]:
    """Each review round's votes as recorded and its conclusion, oldest first. A round's conclusion
    is the n-th ``review.conclude`` event for the n-th round (a round ends with its conclusion; a
    new round starts only after one, by an appeal)."""
    members = list(db.query("SELECT review_round, recused, vote FROM panel_members WHERE application_id = ?"
                            " ORDER BY review_round", [application_id]))
    conclusions = [(at[:10], json.loads(after or "{}")) for at, after in db.execute(
        "SELECT at, after FROM audit_log WHERE entity = ? AND entity_id = ? AND action = 'review.conclude'"
        " ORDER BY id", [ENTITY, str(application_id)])]
    tallies = []
    for index, number in enumerate(sorted({m["review_round"] for m in members})):
        sitting = [m for m in members if m["review_round"] == number and not m["recused"]]
        day, conclusion = conclusions[index] if index < len(conclusions) else ("", {})
        tallies.append(RoundTally(number, len(sitting), sum(m["vote"] == "support" for m in sitting),
                                  sum(m["vote"] == "oppose" for m in sitting),
                                  sum(m["vote"] == "abstain" for m in sitting),
                                  str(conclusion.get("outcome", "")), day))
    return tallies


@dataclass
class MinutesCase:
    application_id: int
    hospital_letter: str
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
    cases: list[MinutesCase]  # one per application and review round
    experts: list[MinutesExpert]
    letters: dict[str, str] = field(default_factory=dict)  # hospital code -> letter (the annex's key)
    hospital_names: dict[str, str] = field(default_factory=dict)


def review_minutes(db: Database, cycle: str) -> Minutes:
    apps = list(db.query(
        "SELECT a.id, a.hospital_code, a.reason, c.case_id, COALESCE(r.drg_code, c.drg_code) AS drg_code"
        " FROM applications a JOIN cases c ON c.id = a.case_pk LEFT JOIN case_results r ON r.case_pk = a.case_pk"
        " WHERE a.cycle = ? AND EXISTS (SELECT 1 FROM panel_members m WHERE m.application_id = a.id)"
        " ORDER BY a.id", [cycle]))
    if not apps:
        raise UserError(f"评审周期 {cycle} 没有经专家评审的申报。", f"Review cycle {cycle} has no application reviewed by "
                        "experts.")
    letters = hospital_letters(app["hospital_code"] for app in apps)
    experts = {r["id"]: MinutesExpert(r["id"], r["name"], r["specialty"])
               for r in db.query("SELECT id, name, specialty FROM experts")}
    used: set[int] = set()
    days: list[str] = []
    cases = []
    for app in apps:
        members = list(db.query("SELECT expert_id, review_round, recused, voted_at FROM panel_members"
                                " WHERE application_id = ? ORDER BY review_round, rowid", [app["id"]]))
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
        for tally in round_tallies(db, app["id"]):
            if tally.concluded_on:
                days.append(tally.concluded_on)
            cases.append(MinutesCase(
                app["id"], letters[app["hospital_code"]], app["hospital_code"], app["case_id"], app["drg_code"] or "",
                app["reason"], tally.review_round, tally.members, tally.support, tally.oppose, tally.abstain,
                tally.outcome, tally.concluded_on,
                [experts[m["expert_id"]].name for m in members if m["recused"] and m["review_round"] == tally.review_round]))
    names = {code: name or "" for code, name in db.execute("SELECT hospital_code, hospital_name FROM current_hospitals")}
    return Minutes(cycle, min(days, default=""), max(days, default=""), cases,
                   [experts[i] for i in sorted(used)], letters, {c: names.get(c, "") for c in letters})


def review_cycles(db: Database) -> list[str]:
    """The cycles that have minutes: those with an application a panel was drawn for."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT a.cycle FROM applications a"
        " WHERE EXISTS (SELECT 1 FROM panel_members m WHERE m.application_id = a.id) ORDER BY a.cycle")]
