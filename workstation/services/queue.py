"""The review queue's queries: a CaseFilter becomes SQL over ``case_results``.

Qt-free, so the GUI's table model, the CLI and tests share it. The queue reads
the narrow, denormalised ``case_results`` table (one row per case, the fields
it filters and sorts on copied from ``cases``) and joins ``cases`` only for the
rows of the page being shown, which is what keeps a 1,000,000-case period fast.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

from sqlite_utils import Database

from workstation.domain.masking import mask_id, mask_name
from workstation.services.queue_flags import flag_mask

UNREVIEWED = ""  # the review status of a case nobody has looked at yet (no case_reviews row)

# Sort key -> SQL expression. Every key except status has an index on case_results,
# so ORDER BY ... LIMIT walks the index instead of sorting the whole period.
SORT_COLUMNS: dict[str, str] = {
    "case_id": "r.case_id",
    "hospital_code": "r.hospital_code",
    "drg_code": "r.drg_code",
    "patient_id": "r.patient_id",
    "discharge_date": "r.discharge_date",
    "los": "r.los",
    "total_cost": "r.total_cost_fen",
    "avg_cost": "r.avg_cost_fen",
    "cost_ratio": "r.cost_ratio",
    "flags": "r.flags",
    "points": "r.points",
    "estimated_payment": "r.estimated_payment_fen",
    "status": "v.status",
}


@dataclass(frozen=True)
class CaseFilter:
    """What the reviewer asked the queue to show. Empty fields do not filter."""

    period: str = ""
    hospital_codes: tuple[str, ...] = ()
    drg_codes: tuple[str, ...] = ()
    flag_codes: tuple[str, ...] = ()  # cases carrying ANY of these flags
    statuses: tuple[str, ...] = ()  # review statuses; UNREVIEWED for cases without a review
    cost_ratio_min: Fraction | None = None  # inclusive; exact (compared in integer fen)
    cost_ratio_max: Fraction | None = None
    los_min: int | None = None  # inclusive, days
    los_max: int | None = None
    search: str = ""  # a case id or patient id, or the start of one

    def with_changes(self, **changes) -> "CaseFilter":
        return replace(self, **changes)


@dataclass(frozen=True)
class QueueSort:
    key: str = "cost_ratio"
    descending: bool = True


@dataclass
class QueueRow:
    """One line of the queue, as shown (personal data masked unless asked for)."""

    case_pk: int
    case_id: str
    hospital_code: str
    hospital_name: str
    drg_code: str
    patient_id: str
    patient_name: str
    id_number: str
    discharge_date: str
    los: int
    total_cost_fen: int
    avg_cost_fen: int | None
    cost_ratio: float | None
    flags: int
    flag_codes: tuple[str, ...]
    points: float | None
    estimated_payment_fen: int | None
    status: str = UNREVIEWED
    extra: dict = field(default_factory=dict)


def _ratio_bound(value) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(str(value))


def where_clause(f: CaseFilter, *, use_indexes: bool = True) -> tuple[str, list]:
    """The SQL condition (over alias r = case_results) and its parameters.

    With ``use_indexes=False`` every column is written ``+r.col``, which tells
    SQLite not to use an index for that term; fetch_page does this when the
    filter keeps many rows, so the planner walks the sort column's index and
    stops after one page instead of sorting every matching row.
    """
    plus = "" if use_indexes else "+"

    def col(name: str) -> str:
        return f"{plus}r.{name}"

    terms: list[str] = []
    params: list = []
    if f.period:
        terms.append(f"{col('period')} = ?")
        params.append(f.period)
    if f.hospital_codes:
        terms.append(f"{col('hospital_code')} IN ({','.join('?' * len(f.hospital_codes))})")
        params.extend(f.hospital_codes)
    if f.drg_codes:
        terms.append(f"{col('drg_code')} IN ({','.join('?' * len(f.drg_codes))})")
        params.extend(f.drg_codes)
    if f.flag_codes:
        terms.append("(r.flags & ?) != 0")
        params.append(flag_mask(f.flag_codes))
    if f.statuses:
        named = [s for s in f.statuses if s != UNREVIEWED]
        parts = []
        if named:
            parts.append(f"{col('case_pk')} IN (SELECT case_pk FROM case_reviews WHERE status IN "
                         f"({','.join('?' * len(named))}))")
            params.extend(named)
        if UNREVIEWED in f.statuses:
            parts.append(f"{col('case_pk')} NOT IN (SELECT case_pk FROM case_reviews)")
        terms.append("(" + " OR ".join(parts) + ")")
    # The cost ratio is stored as a float for sorting; the filter decides exactly on the
    # integer fen (total × den ≥ num × avg), the float bound only lets the index narrow.
    if f.cost_ratio_min is not None:
        bound = _ratio_bound(f.cost_ratio_min)
        terms.append(f"{col('cost_ratio')} >= ? AND r.total_cost_fen * ? >= ? * r.avg_cost_fen")
        params.extend([float(bound) - 1e-9, bound.denominator, bound.numerator])
    if f.cost_ratio_max is not None:
        bound = _ratio_bound(f.cost_ratio_max)
        terms.append(f"{col('cost_ratio')} <= ? AND r.total_cost_fen * ? <= ? * r.avg_cost_fen")
        params.extend([float(bound) + 1e-9, bound.denominator, bound.numerator])
    if f.los_min is not None:
        terms.append(f"{col('los')} >= ?")
        params.append(int(f.los_min))
    if f.los_max is not None:
        terms.append(f"{col('los')} <= ?")
        params.append(int(f.los_max))
    text = f.search.strip()
    if text:
        # A prefix range (not LIKE) so the case_id / patient_id indexes are used.
        terms.append(f"(({col('case_id')} >= ? AND {col('case_id')} < ?) OR "
                     f"({col('patient_id')} >= ? AND {col('patient_id')} < ?))")
        params.extend([text, text + "\U0010ffff", text, text + "\U0010ffff"])
    return (" AND ".join(terms) if terms else "1"), params


def count_cases(db: Database, f: CaseFilter) -> int:
    where, params = where_clause(f)
    return db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where}", params).fetchone()[0]


_PAGE_SELECT = """
SELECT r.case_pk, r.case_id, r.hospital_code, r.drg_code, r.patient_id, r.discharge_date, r.los,
       r.total_cost_fen, r.avg_cost_fen, r.cost_ratio, r.flags, r.flag_codes, r.points,
       r.estimated_payment_fen, v.status, c.patient_name, c.id_number, c.hospital_name
FROM case_results r
JOIN cases c ON c.id = r.case_pk
LEFT JOIN case_reviews v ON v.case_pk = r.case_pk
"""


# Below this many matching rows, sorting them is cheaper than walking the sort index.
SORT_IN_MEMORY_BELOW = 20_000


def fetch_page(db: Database, f: CaseFilter, sort: QueueSort, offset: int, limit: int,
               *, show_personal: bool = False, matching: int | None = None) -> list[QueueRow]:
    """Rows ``offset`` .. ``offset + limit`` of the filtered queue in the given order.

    ``matching`` is the filter's count when the caller has it (the model always
    does); it decides the query plan, see where_clause.
    """
    if sort.key == "status":
        return _fetch_by_status(db, f, sort, offset, limit, show_personal)
    if matching is None:
        matching = count_cases(db, f)
    walk_sort_index = matching >= SORT_IN_MEMORY_BELOW
    where, params = where_clause(f, use_indexes=not walk_sort_index)
    column = SORT_COLUMNS.get(sort.key, "r.cost_ratio")
    if not walk_sort_index:
        column = "+" + column  # few rows: filter by index, then sort them
    direction = "DESC" if sort.descending else "ASC"
    # The primary key breaks ties so pages never overlap or skip rows.
    sql = (f"{_PAGE_SELECT} WHERE {where} ORDER BY {column} {direction}, r.case_pk {direction}"
           " LIMIT ? OFFSET ?")
    rows = db.execute(sql, [*params, int(limit), int(offset)]).fetchall()
    return [_row(values, show_personal) for values in rows]


def _fetch_by_status(db: Database, f: CaseFilter, sort: QueueSort, offset: int, limit: int,
                     show_personal: bool) -> list[QueueRow]:
    """Sorting by review status without sorting the whole queue.

    Reviewed cases are few (case_reviews is small) and unreviewed ones have no
    status (NULL sorts first ascending): the queue is the unreviewed cases in id
    order followed by the reviewed ones by status, or the reverse descending.
    """
    where, params = where_clause(f)
    direction = "DESC" if sort.descending else "ASC"
    reviewed_sql = (f"{_PAGE_SELECT} WHERE {where} AND v.status IS NOT NULL"
                    f" ORDER BY v.status {direction}, r.case_pk {direction} LIMIT ? OFFSET ?")
    unreviewed_sql = (f"{_PAGE_SELECT} WHERE {where} AND r.case_pk NOT IN (SELECT case_pk FROM case_reviews)"
                      f" ORDER BY r.case_pk {direction} LIMIT ? OFFSET ?")
    first, second = (reviewed_sql, unreviewed_sql) if sort.descending else (unreviewed_sql, reviewed_sql)
    if sort.descending:
        first_count = db.execute(f"SELECT COUNT(*) FROM case_results r JOIN case_reviews v"
                                 f" ON v.case_pk = r.case_pk WHERE {where}", params).fetchone()[0]
    else:
        first_count = db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where}"
                                 f" AND r.case_pk NOT IN (SELECT case_pk FROM case_reviews)", params).fetchone()[0]
    rows = []
    if offset < first_count:
        rows = db.execute(first, [*params, int(limit), int(offset)]).fetchall()
    if len(rows) < limit:
        rows += db.execute(second, [*params, int(limit - len(rows)), int(max(0, offset - first_count))]).fetchall()
    return [_row(values, show_personal) for values in rows]


def _row(v: tuple, show_personal: bool) -> QueueRow:
    name, id_number = v[15] or "", v[16] or ""
    return QueueRow(
        case_pk=v[0], case_id=v[1], hospital_code=v[2], hospital_name=v[17] or "", drg_code=v[3] or "",
        patient_id=v[4], patient_name=name if show_personal else mask_name(name),
        id_number=id_number if show_personal else mask_id(id_number),
        discharge_date=v[5], los=v[6], total_cost_fen=v[7], avg_cost_fen=v[8], cost_ratio=v[9],
        flags=v[10] or 0, flag_codes=tuple(c for c in (v[11] or "").split(";") if c),
        points=v[12], estimated_payment_fen=v[13], status=v[14] or UNREVIEWED)


def position_of(db: Database, f: CaseFilter, sort: QueueSort, case_pk: int) -> int | None:
    """The row index of a case in the filtered, sorted queue, or None when it is filtered out."""
    where, params = where_clause(f)
    row = db.execute(f"SELECT r.{SORT_COLUMNS.get(sort.key, 'r.cost_ratio').split('.')[1]} "
                     f"FROM case_results r WHERE r.case_pk = ? AND {where}", [case_pk, *params]).fetchone()
    if row is None:
        return None
    column = SORT_COLUMNS.get(sort.key, "r.cost_ratio")
    if sort.key == "status":
        return None  # status lives in another table; callers fall back to scanning pages
    value = row[0]
    before = "<" if not sort.descending else ">"
    if value is None:
        # NULLs sort first ascending, last descending.
        cond = f"({column} IS NULL AND r.case_pk {before} ?)"
        cond_params = [case_pk]
        if sort.descending:
            cond = f"({column} IS NOT NULL OR {cond})"
    else:
        cond = f"({column} {before} ? OR ({column} = ? AND r.case_pk {before} ?))"
        cond_params = [value, value, case_pk]
        if not sort.descending:
            cond = f"({column} IS NULL OR {cond})"
    n = db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where} AND {cond}",
                   [*params, *cond_params]).fetchone()[0]
    return n


def filter_choices(db: Database, period: str = "") -> dict[str, list[tuple[str, str]]]:
    """Values the filter bar offers: hospitals and DRGs (code, name) present, review statuses."""
    where, params = ("r.period = ?", [period]) if period else ("1", [])
    hospitals = db.execute(
        f"SELECT DISTINCT r.hospital_code FROM case_results r WHERE {where} ORDER BY 1", params).fetchall()
    names = {row[0]: row[1] for row in db.execute(
        "SELECT hospital_code, hospital_name FROM current_hospitals")}
    drgs = db.execute(
        f"SELECT DISTINCT r.drg_code FROM case_results r WHERE {where} AND r.drg_code IS NOT NULL"
        f" AND r.drg_code != '' ORDER BY 1", params).fetchall()
    drg_names = {row[0]: row[1] for row in db.execute("SELECT drg_code, drg_name FROM current_drg_groups")}
    statuses = [row[0] for row in db.execute("SELECT DISTINCT status FROM case_reviews ORDER BY 1")]
    return {
        "hospitals": [(code, names.get(code) or "") for (code,) in hospitals],
        "drgs": [(code, drg_names.get(code) or "") for (code,) in drgs],
        "statuses": statuses,
    }
