"""A hospital's cases of some periods, with their review status and signed decision, as plain rows
for the workbook a bureau sends that hospital. No patient name or ID number is read."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from workstation.domain.flags import flag_name
from workstation.domain.messages import Text


@dataclass
class HospitalCase:
    case_id: str
    period: str
    drg_code: str
    admit_date: date | None
    discharge_date: date | None
    los: int | None
    total_cost_fen: int
    avg_cost_fen: int | None
    cost_ratio: Decimal | None
    flags: str  # flag names, joined
    points: Decimal | None
    payment_fen: int | None
    status: str  # the special-case application's status, "" without one
    decision_method: str
    decision_points: Decimal | None
    decision_payment_fen: int | None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def hospital_cases(db: Database, hospital_code: str, periods: list[str], lang: str = "zh") -> list[HospitalCase]:
    marks = ", ".join("?" * len(periods))
    rows = db.execute(
        "SELECT c.case_id, c.period, r.drg_code, c.admit_date, c.discharge_date, c.los, c.total_cost_fen,"
        " r.avg_cost_fen, r.cost_ratio, r.flag_codes, r.points, r.estimated_payment_fen, a.status, d.method,"
        " d.points, d.payment_fen"
        " FROM cases c LEFT JOIN case_results_full r ON r.case_pk = c.id"
        " LEFT JOIN applications a ON a.case_pk = c.id"
        " LEFT JOIN decisions d ON d.id = (SELECT MAX(id) FROM decisions WHERE application_id = a.id"
        "                                  AND signed_at IS NOT NULL)"
        f" WHERE c.hospital_code = ? AND c.period IN ({marks}) ORDER BY c.period, c.case_id",
        [hospital_code, *periods])
    return [HospitalCase(
        case_id, period, drg or "", _day(admit), _day(discharge), los, cost, avg,
        None if ratio is None else Decimal(str(ratio)).quantize(Decimal("0.0001")),
        Text("、", ", ").pick(lang).join(flag_name(code, lang) for code in (flags or "").split(";") if code),
        None if points is None else Decimal(str(points)), payment, status or "", method or "",
        None if d_points is None else Decimal(d_points), d_payment)
        for (case_id, period, drg, admit, discharge, los, cost, avg, ratio, flags, points, payment, status, method,
             d_points, d_payment) in rows]
