"""Per hospital and period: cases, flags, CMI, points, payment, settlement ratio, quota.

Computed from ``case_results`` alone, so the summary always agrees with the
case export: total points are summed from the rounded per-case points, the
estimated payment from the per-case payments.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sqlite_utils import Database

from workstation.domain.flags import FLAGS, OUTLIER_CODES
from workstation.engine.ruleset import current_rules
from workstation.store.case_ranges import period_term


@dataclass(frozen=True)
class HospitalSummary:
    period: str
    hospital_code: str
    hospital_name: str
    cases: int
    flagged_cases: int  # cases with at least one flag
    flag_counts: dict[str, int] = field(default_factory=dict)
    cmi: Decimal | None = None  # Σ weight / grouped cases, 4 decimals
    total_points: Decimal = Decimal(0)
    estimated_payment_fen: int = 0
    actual_cost_fen: int = 0
    drg_cases: int = 0  # paid by DRG (not by item)
    drg_payment_fen: int = 0
    drg_cost_fen: int = 0
    special_case_quota: int = 0  # floor(cap × DRG discharges)
    special_case_used: int = 0  # applications accepted (and on) against the quota
    decided_cases: int = 0  # cases whose special-case decision is signed
    points_after: Decimal = Decimal(0)  # total points with the signed decisions' points
    payment_after_fen: int = 0  # estimated payment with the signed decisions' payments

    @property
    def settlement_ratio(self) -> Fraction | None:
        """结算率 = DRG payment / actual cost of the hospital's DRG cases."""
        return Fraction(self.drg_payment_fen, self.drg_cost_fen) if self.drg_cost_fen else None


def _applications(db: Database) -> dict[tuple[str, str], int]:
    """Applications counted against the quota (accepted and on), per (period, hospital)."""
    return {(p, h): n for p, h, n in db.execute(
        "SELECT period, hospital_code, COUNT(*) FROM applications"
        " WHERE status NOT IN ('submitted', 'returned', 'refused') GROUP BY period, hospital_code")}


def _decisions(db: Database) -> dict[tuple[str, str], tuple[int, Decimal, int]]:
    """Per (period, hospital): cases with a signed decision, and the change of points and payment
    their latest signed decisions make (an amendment replaces the decision it amends)."""
    changes: dict[tuple[str, str], tuple[int, Decimal, int]] = {}
    for period, hospital, points, before_points, payment, before_payment in db.execute(
            "SELECT a.period, a.hospital_code, d.points, d.before_points, d.payment_fen, d.before_payment_fen"
            " FROM decisions d JOIN applications a ON a.id = d.application_id"
            " WHERE d.id = (SELECT MAX(id) FROM decisions WHERE application_id = d.application_id"
            "               AND signed_at IS NOT NULL)"):
        n, delta_points, delta_payment = changes.get((period, hospital), (0, Decimal(0), 0))
        changes[(period, hospital)] = (n + 1, delta_points + Decimal(points) - Decimal(before_points),
                                       delta_payment + payment - before_payment)
    return changes


def hospital_summary(db: Database, period: str | None = None) -> list[HospitalSummary]:
    """One row per (period, hospital), ordered by period and hospital code."""
    rules = current_rules(db)
    scale = 10 ** rules.points_decimals
    counts = ", ".join(f"SUM((flags & {f.mask}) != 0)" for f in FLAGS if f.code in OUTLIER_CODES)
    ungrouped = next(f.mask for f in FLAGS if f.code == "UNGROUPED")
    scope, scope_params = period_term(period) if period else ("1", [])
    sql = f"""
        SELECT period, hospital_code, COUNT(*), SUM(flags != 0),
               SUM(CASE WHEN flags & {ungrouped} = 0 AND weight IS NOT NULL THEN weight END),
               SUM(CASE WHEN flags & {ungrouped} = 0 AND weight IS NOT NULL THEN 1 ELSE 0 END),
               SUM(CAST(ROUND(points * {scale}) AS INTEGER)), SUM(estimated_payment_fen), SUM(total_cost_fen),
               SUM(payment_basis != 'BY_ITEM'),
               SUM(CASE WHEN payment_basis != 'BY_ITEM' THEN estimated_payment_fen ELSE 0 END),
               SUM(CASE WHEN payment_basis != 'BY_ITEM' THEN total_cost_fen ELSE 0 END),
               {counts}
        FROM case_results_full WHERE {scope}
        GROUP BY period, hospital_code ORDER BY period, hospital_code"""
    names = {r[0]: r[1] for r in db.execute(
        "SELECT hospital_code, hospital_name FROM current_hospitals WHERE hospital_name IS NOT NULL")}
    used = _applications(db)
    decided = _decisions(db)
    codes = [f.code for f in FLAGS if f.code in OUTLIER_CODES]
    rows = []
    for (p, hospital, n, flagged, weight_sum, grouped, points, payment, cost, drg_n, drg_pay, drg_cost,
         *flag_counts) in db.execute(sql, scope_params):
        cmi = (Decimal(weight_sum) / grouped).quantize(Decimal("0.0001")) if grouped else None
        total_points = Decimal(points or 0) / scale
        n_decided, delta_points, delta_payment = decided.get((p, hospital), (0, Decimal(0), 0))
        rows.append(HospitalSummary(
            period=p, hospital_code=hospital, hospital_name=names.get(hospital, ""), cases=n,
            flagged_cases=flagged or 0, flag_counts=dict(zip(codes, (c or 0 for c in flag_counts))),
            cmi=cmi, total_points=total_points, estimated_payment_fen=payment or 0,
            actual_cost_fen=cost or 0, drg_cases=drg_n or 0, drg_payment_fen=drg_pay or 0,
            drg_cost_fen=drg_cost or 0,
            special_case_quota=int(rules.special_case_cap * (drg_n or 0)),
            special_case_used=used.get((p, hospital), 0), decided_cases=n_decided,
            points_after=total_points + delta_points, payment_after_fen=(payment or 0) + delta_payment))
    return rows


@dataclass(frozen=True)
class PeriodPointValue:
    period: str
    overall_avg_cost_fen: int
    overall_avg_source: str  # rules | computed
    point_value_yuan: Fraction
    point_value_source: str  # rules.period | rules.default | overall_avg_cost/100


def period_point_values(db: Database, period: str | None = None) -> list[PeriodPointValue]:
    """The overall average cost and point value of each period, and where each came from."""
    from workstation.domain.points import point_value_yuan
    from workstation.engine.benchmarks import overall_avg_cost_fen

    rules = current_rules(db)
    sql = "SELECT period, COUNT(*), SUM(total_cost_fen) FROM cases"
    sql += (" WHERE period = ?" if period else "") + " GROUP BY period ORDER BY period"
    values = []
    for p, n, total in db.execute(sql, [period] if period else []):
        overall, overall_source = overall_avg_cost_fen(rules, int(total or 0), int(n))
        value, value_source = point_value_yuan(rules, p, overall)
        values.append(PeriodPointValue(p, overall, overall_source, value, value_source))
    return values
