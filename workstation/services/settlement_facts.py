"""What settling one case needs from the store: its cost and fees, its computed points and
payment, the period's overall average cost and point value."""
from __future__ import annotations

from fractions import Fraction

from sqlite_utils import Database

from workstation.domain.fields import FEE_KEYS
from workstation.domain.messages import UserError
from workstation.domain.review.settlement import HIGH_VALUE, CaseMoney
from workstation.engine.summary import period_point_values

_FEE_COLUMNS = [f"{key}_fen" for key in (*FEE_KEYS, HIGH_VALUE)]


def case_money(db: Database, case_pk: int) -> CaseMoney:
    row = db.execute(
        f"SELECT c.period, c.total_cost_fen, {', '.join('c.' + c for c in _FEE_COLUMNS)},"
        " r.points, r.estimated_payment_fen FROM cases c LEFT JOIN case_results r ON r.case_pk = c.id"
        " WHERE c.id = ?", [case_pk]).fetchone()
    if row is None:
        raise UserError(f"病例 {case_pk} 不存在。", f"Case {case_pk} does not exist.")
    period, cost, *fees, points, payment = row
    if points is None:
        raise UserError("该病例尚无计算结果：请先重新计算该结算期。",
                        "The case has no computed result yet: recompute its period first.")
    values = next(iter(period_point_values(db, period)))
    return CaseMoney(total_cost_fen=cost, fees_fen=dict(zip((*FEE_KEYS, HIGH_VALUE), fees, strict=True)),
                     result_points=Fraction(str(points)), result_payment_fen=payment,
                     overall_avg_cost_fen=values.overall_avg_cost_fen, point_value=values.point_value_yuan)
