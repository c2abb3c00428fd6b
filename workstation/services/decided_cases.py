"""Cases already decided in special-case review whose benchmark a reference load changes.

A decision is never recomputed behind its signature: the load leaves the ``decisions`` rows
as they were and lists the decided cases whose benchmark, points or payment now differ, so the
reviewer can judge whether a decision needs an amendment (which is its own signed step).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from workstation.domain.messages import Text
from workstation.domain.money import fen_to_yuan_text
from workstation.store import audit

_SQL = """
SELECT a.id AS application_id, a.case_pk, r.case_id, r.hospital_code, r.avg_cost_fen, r.points,
       r.estimated_payment_fen
FROM applications a JOIN case_results r ON r.case_pk = a.case_pk
WHERE a.id IN (SELECT application_id FROM decisions WHERE superseded = 0)
ORDER BY a.id"""


@dataclass(frozen=True)
class DecidedCaseChange:
    application_id: int
    case_id: str
    hospital_code: str
    avg_cost_before: int | None
    avg_cost_after: int | None
    points_before: float | None
    points_after: float | None

    @property
    def text(self) -> Text:
        def yuan(fen: int | None) -> str:
            return "—" if fen is None else fen_to_yuan_text(fen, thousands=True)

        return Text("申报 {app}（{hospital} 病例 {case}）：均次费用 {a} → {b} 元，点数 {p} → {q}；决定未改动",
                    "application {app} ({hospital} case {case}): average cost {a} → {b} yuan, points {p} → {q}; "
                    "the decision is unchanged").format(
            app=self.application_id, hospital=self.hospital_code, case=self.case_id,
            a=yuan(self.avg_cost_before), b=yuan(self.avg_cost_after), p=self.points_before, q=self.points_after)


def snapshot(db: Database) -> dict[int, dict]:
    """The decided cases' current results, by application id."""
    return {row["application_id"]: row for row in db.query(_SQL)}


def changes(db: Database, before: dict[int, dict]) -> list[DecidedCaseChange]:
    """The decided cases whose benchmark or points differ from ``before``."""
    found = []
    for application_id, now in snapshot(db).items():
        was = before.get(application_id)
        if was is None:
            continue
        if (was["avg_cost_fen"], was["points"]) != (now["avg_cost_fen"], now["points"]):
            found.append(DecidedCaseChange(application_id, now["case_id"], now["hospital_code"],
                                           was["avg_cost_fen"], now["avg_cost_fen"], was["points"], now["points"]))
    return found


def record(db: Database, kind: str, found: list[DecidedCaseChange], actor: str) -> None:
    """One audit event listing them (inside the load's transaction); nothing when none changed."""
    if not found:
        return
    audit.record(db, actor=actor, action=f"{kind}.decided_cases_changed", entity="decisions", entity_id=None,
                 before=None, after={"count": len(found), "cases": [
                     {"application_id": c.application_id, "case_id": c.case_id,
                      "avg_cost_fen": [c.avg_cost_before, c.avg_cost_after],
                      "points": [c.points_before, c.points_after]} for c in found[:200]]})
