"""The applications page's reads: a filtered, sorted, paged list and the quota gauges.

``list_applications`` reads every application at once; the page shows them in a lazy
table instead (one COUNT and a LIMIT/OFFSET page at a time). What is not a column —
whether an application is overdue or beyond its hospital's quota — is worked out
once per refresh (``application_marks``, off the GUI thread: it counts the
DRG-paid discharges of every period with applications) and handed to the page
reads, which filter on it in SQL.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from workstation.domain.review.calendar import settlement_deadline
from workstation.domain.review.quota import beyond_quota, over_by, quota_of
from workstation.domain.review.workflow import COUNTED_STATUSES, Status
from workstation.services.applications import ApplicationFilter
from workstation.services.errors import reads_store
from workstation.services.reference import hospital_names
from workstation.services.review import policy_of, quota_use

# Finished applications are never overdue (as in services.applications.list_applications).
FINISHED = (Status.REFUSED.value, Status.NOTIFIED.value, Status.CLOSED.value)
SORT_COLUMNS = {"id": "a.id", "hospital_code": "a.hospital_code", "case_id": "c.case_id",
                "drg_code": "c.drg_code", "reason": "a.reason", "status": "a.status",
                "submitted_on": "a.submitted_on", "deadline": "a.cycle"}


@dataclass(frozen=True)
class ApplicationSort:
    key: str = "id"
    descending: bool = True


@dataclass(frozen=True)
class ApplicationMarks:
    """Which applications are beyond their hospital's quota, and each cycle's deadline."""
    today: date
    over_quota: frozenset[int] = frozenset()
    deadlines: dict[str, date] = field(default_factory=dict)

    @property
    def overdue_cycles(self) -> list[str]:
        return sorted(c for c, last in self.deadlines.items() if self.today > last)


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    case_pk: int
    hospital_code: str
    case_id: str
    drg_code: str
    reason: str
    status: str
    period: str
    submitted_on: str
    deadline: date | None
    overdue: bool
    over_quota: bool
    hospital_name: str = ""  # from the hospital table in force; "" for a code it lacks


def application_marks(db: Database, today: date | None = None) -> ApplicationMarks:
    """Over-quota applications, by the rule acceptance applies (``domain.review.quota``): one
    waiting for acceptance while its hospital's accepted count has reached the quota, and one
    accepted beyond it (with an override); and the settlement deadline of every cycle in use."""
    policy = policy_of(db)
    today = today or date.today()
    pairs = db.execute("SELECT DISTINCT period, hospital_code FROM applications").fetchall()
    discharges: dict[tuple[str, str], int] = {}
    if pairs:
        periods = sorted({p for p, _ in pairs})
        discharges = {(p, h): int(n or 0) for p, h, n in db.execute(
            "SELECT period, hospital_code, SUM(payment_basis != 'BY_ITEM') FROM case_results_full"
            " WHERE period IN (SELECT value FROM json_each(?)) GROUP BY period, hospital_code",
            [json.dumps(periods)])}
    counted = sorted(s.value for s in COUNTED_STATUSES)
    accepted = {(p, h): int(n) for p, h, n in db.execute(
        "SELECT period, hospital_code, COUNT(*) FROM applications WHERE status IN (SELECT value FROM json_each(?))"
        " GROUP BY period, hospital_code", [json.dumps(counted)])}
    over = set()
    for app_id, period, hospital, status, override in db.execute(
            "SELECT id, period, hospital_code, status, quota_override FROM applications WHERE status != ?",
            [Status.REFUSED.value]):
        if status in counted:
            if override:
                over.add(app_id)
        elif beyond_quota(accepted.get((period, hospital), 0),
                          quota_of(policy.cap, discharges.get((period, hospital), 0))):
            over.add(app_id)
    cycles = [r[0] for r in db.execute("SELECT DISTINCT cycle FROM applications")]
    return ApplicationMarks(today, frozenset(over), {c: settlement_deadline(c, policy) for c in cycles})


def _where(f: ApplicationFilter, marks: ApplicationMarks) -> tuple[str, list]:
    where, params = ["1"], []
    if f.statuses:
        where.append("a.status IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(f.statuses)))
    for column, value in (("a.hospital_code", f.hospital_code), ("a.reason", f.reason), ("a.period", f.period)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.overdue_only:
        where.append("a.status NOT IN (SELECT value FROM json_each(?)) AND a.cycle IN (SELECT value FROM json_each(?))")
        params += [json.dumps(FINISHED), json.dumps(marks.overdue_cycles)]
    if f.over_quota_only:
        where.append("a.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(marks.over_quota)))
    return " AND ".join(where), params


@reads_store  # the GUI catches ServiceError, never sqlite3.Error
def count_applications(db: Database, f: ApplicationFilter, marks: ApplicationMarks) -> int:
    where, params = _where(f, marks)
    return int(db.execute(f"SELECT COUNT(*) FROM applications a WHERE {where}", params).fetchone()[0])


@reads_store  # the GUI catches ServiceError, never sqlite3.Error
def application_page(db: Database, f: ApplicationFilter, sort: ApplicationSort, offset: int, limit: int,
                     marks: ApplicationMarks) -> list[ApplicationRow]:
    where, params = _where(f, marks)
    order = SORT_COLUMNS.get(sort.key, "a.id")
    direction = "DESC" if sort.descending else "ASC"
    rows = db.execute(
        "SELECT a.id, a.case_pk, a.hospital_code, c.case_id, c.drg_code, a.reason, a.status, a.period,"
        " a.submitted_on, a.cycle, COALESCE(h.hospital_name, '') FROM applications a JOIN cases c ON c.id = a.case_pk"
        " LEFT JOIN current_hospitals h ON h.hospital_code = a.hospital_code"
        f" WHERE {where} ORDER BY {order} {direction}, a.id {direction} LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
    out = []
    for app_id, case_pk, hospital, case_id, drg, reason, status, period, submitted, cycle, name in rows:
        deadline = marks.deadlines.get(cycle)
        overdue = status not in FINISHED and deadline is not None and marks.today > deadline
        out.append(ApplicationRow(app_id, case_pk, hospital, case_id, drg or "", reason, status, period, submitted,
                                  deadline, overdue, app_id in marks.over_quota, name))
    return out


def application_choices(db: Database) -> dict[str, list[str]]:
    """The hospitals, reasons and periods that applications have (the page's filter lists)."""
    return {key: [r[0] for r in db.execute(f"SELECT DISTINCT {key} FROM applications ORDER BY 1")]
            for key in ("hospital_code", "reason", "period")}


@dataclass(frozen=True)
class QuotaGauge:
    hospital_code: str
    period: str
    drg_discharges: int
    quota: int  # the rules' share of the DRG-paid discharges, rounded down
    applications: int  # applications not refused (what the import summary counts against the quota)
    accepted: int  # accepted and on (what acceptance checks)
    hospital_name: str = ""  # from the hospital table in force; "" for a code it lacks

    @property
    def over(self) -> int:
        """The hospital's applications the list marks over quota (domain.review.quota): those
        accepted beyond it, and while it is reached every one still waiting."""
        waiting = max(0, self.applications - self.accepted)
        return over_by(self.accepted, self.quota) + (waiting if beyond_quota(self.accepted, self.quota) else 0)


def quota_gauges(db: Database, period: str) -> list[QuotaGauge]:
    """Per hospital of ``period`` with DRG cases or applications: its quota and what uses it."""
    uses = {u.hospital_code: u for u in quota_use(db, period)}
    applied = dict(db.execute(
        "SELECT hospital_code, COUNT(*) FROM applications WHERE period = ? AND status != ? GROUP BY hospital_code",
        [period, Status.REFUSED.value]).fetchall())
    names = hospital_names(db)
    gauges = []
    for hospital in sorted(set(uses) | set(applied)):
        use = uses.get(hospital)
        gauges.append(QuotaGauge(hospital, period, use.drg_discharges if use else 0, use.quota if use else 0,
                                 int(applied.get(hospital, 0)), use.used if use else 0, names.get(hospital, "")))
    return gauges


def latest_application_period(db: Database) -> str:
    row = db.execute("SELECT MAX(period) FROM applications").fetchone()
    return row[0] or ""
