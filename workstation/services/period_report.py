"""The period summary (the half-yearly publication per hospital) as plain data for the PDF, the
workbook and the GUI alike: built from the engine's hospital summary and the applications, never
read back from a widget.

For a range of periods a hospital's figures are added up over them; its CMI is recomputed from
the cases (Σ weight / grouped cases over the whole range), not averaged from the periods' CMIs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sqlite_utils import Database

from workstation.domain.flags import FLAGS, OUTLIER_CODES
from workstation.domain.messages import UserError
from workstation.domain.review.workflow import COUNTED_STATUSES
from workstation.engine.summary import HospitalSummary, hospital_summary, period_point_values
from workstation.store.case_ranges import periods_with_cases

SHOWN_FLAGS = ("HIGH", "LOW", "LONG_STAY", "INCOMPLETE", "UNGROUPED", "SMALL_GROUP", "NEW_TECH")


@dataclass
class HospitalLine:
    hospital_code: str
    hospital_name: str
    cases: int = 0
    flagged_cases: int = 0
    flag_counts: dict[str, int] = field(default_factory=dict)
    weight_sum: Decimal = Decimal(0)
    grouped_cases: int = 0
    total_points: Decimal = Decimal(0)
    points_after: Decimal = Decimal(0)
    payment_fen: int = 0
    payment_after_fen: int = 0
    actual_cost_fen: int = 0
    drg_payment_fen: int = 0
    drg_cost_fen: int = 0
    quota: int = 0
    applications: int = 0
    accepted: int = 0  # counted against the quota
    refused: int = 0  # 不予受理
    approved: int = 0  # signed decision paying more than the DRG
    not_approved: int = 0  # signed decision keeping the DRG payment
    decided_cases: int = 0

    @property
    def cmi(self) -> Decimal | None:
        return (self.weight_sum / self.grouped_cases).quantize(Decimal("0.0001")) if self.grouped_cases else None

    @property
    def settlement_ratio(self) -> Fraction | None:
        return Fraction(self.drg_payment_fen, self.drg_cost_fen) if self.drg_cost_fen else None

    def add(self, s: HospitalSummary) -> None:
        self.cases += s.cases
        self.flagged_cases += s.flagged_cases
        for code, n in s.flag_counts.items():
            self.flag_counts[code] = self.flag_counts.get(code, 0) + n
        self.total_points += s.total_points
        self.points_after += s.points_after
        self.payment_fen += s.estimated_payment_fen
        self.payment_after_fen += s.payment_after_fen
        self.actual_cost_fen += s.actual_cost_fen
        self.drg_payment_fen += s.drg_payment_fen
        self.drg_cost_fen += s.drg_cost_fen
        self.quota += s.special_case_quota
        self.decided_cases += s.decided_cases

    def add_line(self, other: HospitalLine) -> None:
        for name in ("cases", "flagged_cases", "weight_sum", "grouped_cases", "total_points", "points_after",
                     "payment_fen", "payment_after_fen", "actual_cost_fen", "drg_payment_fen", "drg_cost_fen", "quota",
                     "applications", "accepted", "refused", "approved", "not_approved", "decided_cases"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for code, n in other.flag_counts.items():
            self.flag_counts[code] = self.flag_counts.get(code, 0) + n


@dataclass
class MonthLine:
    period: str
    has_data: bool
    line: HospitalLine  # the month's totals (all hospitals)
    point_value: Decimal | None
    point_value_source: str  # rules.period | rules.default | overall_avg_cost/100


@dataclass
class PeriodReport:
    periods: list[str]
    hospitals: list[HospitalLine]
    total: HospitalLine
    point_values: dict[str, Decimal]  # yuan per point, per period
    has_decisions: bool
    months: list[MonthLine] = field(default_factory=list)  # every month of the span asked for
    point_value_sources: dict[str, str] = field(default_factory=dict)

    @property
    def empty_months(self) -> list[str]:
        return [m.period for m in self.months if not m.has_data]

    @property
    def label(self) -> str:
        first = self.months[0].period if self.months else self.periods[0]
        last = self.months[-1].period if self.months else self.periods[-1]
        return first if first == last else f"{first} – {last}"


def choose_periods(db: Database, period: str | None = None, first: str | None = None,
                   last: str | None = None) -> list[str]:
    """One period, a range (inclusive), or the latest period with cases."""
    known = periods_with_cases(db)
    if period:
        chosen = [period]
    elif first or last:
        chosen = [p for p in known if (not first or p >= first) and (not last or p <= last)]
    else:
        chosen = known[-1:]
    if not chosen:
        raise UserError("所选范围内没有结算期：请先导入结算清单批次。",
                        "No period in the range asked for: import a settlement batch first.")
    return chosen


def _application_counts(db: Database, periods: list[str]) -> dict[str, dict[str, int]]:
    marks = ", ".join("?" * len(periods))
    counted = sorted(s.value for s in COUNTED_STATUSES)
    out: dict[str, dict[str, int]] = {}
    for hospital, total, accepted, refused in db.execute(
            f"SELECT hospital_code, COUNT(*), SUM(status IN ({', '.join('?' * len(counted))})),"
            f" SUM(status = 'refused') FROM applications WHERE period IN ({marks}) GROUP BY hospital_code",
            [*counted, *periods]):
        out[hospital] = {"applications": total, "accepted": accepted or 0, "refused": refused or 0}
    for hospital, approved, kept in db.execute(
            "SELECT a.hospital_code, SUM(d.method != 'keep_drg'), SUM(d.method = 'keep_drg')"
            " FROM decisions d JOIN applications a ON a.id = d.application_id"
            f" WHERE a.period IN ({marks}) AND d.id = (SELECT MAX(id) FROM decisions WHERE"
            "  application_id = d.application_id AND signed_at IS NOT NULL) GROUP BY a.hospital_code", periods):
        row = out.setdefault(hospital, {})
        row["approved"], row["not_approved"] = approved or 0, kept or 0
    return out


def _weights(db: Database, periods: list[str]) -> dict[str, tuple[Decimal, int]]:
    ungrouped = next(f.mask for f in FLAGS if f.code == "UNGROUPED")
    marks = ", ".join("?" * len(periods))
    return {h: (Decimal(str(w or 0)), int(n or 0)) for h, w, n in db.execute(
        f"SELECT hospital_code, SUM(weight), COUNT(*) FROM case_results_full WHERE period IN ({marks})"
        f" AND flags & {ungrouped} = 0 AND weight IS NOT NULL GROUP BY hospital_code", periods)}


def month_span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM), both included."""
    year, month = int(first[:4]), int(first[5:7])
    months: list[str] = []
    while f"{year:04d}-{month:02d}" <= last and len(months) < 1200:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def period_report(db: Database, periods: list[str], *, first: str | None = None,
                  last: str | None = None) -> PeriodReport:
    """The report of ``periods``; ``first``/``last`` the span asked for, so its months without
    data are named (a half year with data in two months says so)."""
    lines: dict[str, HospitalLine] = {}
    month_totals: dict[str, HospitalLine] = {}
    for period in periods:
        month = month_totals.setdefault(period, HospitalLine("", ""))
        for s in hospital_summary(db, period):
            line = lines.setdefault(s.hospital_code, HospitalLine(s.hospital_code, s.hospital_name))
            line.add(s)
            month.add(s)
    for hospital, counts in _application_counts(db, periods).items():
        line = lines.setdefault(hospital, HospitalLine(hospital, ""))
        for name, n in counts.items():
            setattr(line, name, n)
    for hospital, (weight, grouped) in _weights(db, periods).items():
        if hospital in lines:
            lines[hospital].weight_sum, lines[hospital].grouped_cases = weight, grouped
    total = HospitalLine("", "", flag_counts={code: 0 for code in OUTLIER_CODES})
    hospitals = [lines[h] for h in sorted(lines)]
    for line in hospitals:
        total.add_line(line)
    found = [v for p in periods for v in period_point_values(db, p)]
    values = {v.period: Decimal(v.point_value_yuan.numerator) / Decimal(v.point_value_yuan.denominator) for v in found}
    sources = {v.period: v.point_value_source for v in found}
    monthly = all(len(p) == 7 and p[4] == "-" for p in [*periods, *(x for x in (first, last) if x)])
    span = month_span(first or periods[0], last or periods[-1]) if monthly else list(periods)
    months = [MonthLine(p, p in month_totals and month_totals[p].cases > 0, month_totals.get(p, HospitalLine("", "")),
                        values.get(p), sources.get(p, "")) for p in span]
    return PeriodReport(periods, hospitals, total, values, has_decisions=total.decided_cases > 0, months=months,
                        point_value_sources=sources)
