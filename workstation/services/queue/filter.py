"""The review queue's filter and sort, and the filter as SQL over ``case_results``.

Qt-free, so the GUI's table model, the CLI and tests share it. The queue reads
the narrow, denormalised ``case_results`` table (one row per case, the fields
it filters and sorts on copied from ``cases``) and joins ``cases`` only for the
rows of the page being shown, which is what keeps a 1,000,000-case period fast.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from workstation.services.queue.flags import flag_mask
from workstation.store.case_ranges import period_term

UNREVIEWED = ""  # the review status of a case nobody has looked at yet (no case_reviews row)

# Sort key -> SQL expression. Only case_id has an index of its own on case_results (each one
# is rebuilt by every full recompute); ORDER BY ... LIMIT walks it and stops after the page.
# Any other key is a top-N sort of the filtered rows, 0.05-0.3 s for a million, read from the
# table: a period is a range of it (store.case_ranges.period_term), all periods are read in
# two halves side by side (split_point).
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

    def with_changes(self, **changes) -> CaseFilter:
        return replace(self, **changes)


@dataclass(frozen=True)
class QueueSort:
    key: str = "cost_ratio"
    descending: bool = True


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
        # Either way a range of the table: the span of the period's batches (migration 9).
        term, term_params = period_term(f.period, "r")
        terms.append(term)
        params.extend(term_params)

    if f.hospital_codes:
        terms.append(f"{col('hospital_code')} IN ({','.join('?' * len(f.hospital_codes))})")
        params.extend(f.hospital_codes)
    if f.drg_codes:
        terms.append(f"{col('drg_code')} IN ({','.join('?' * len(f.drg_codes))})")
        params.extend(f.drg_codes)
    if f.flag_codes:
        # A bit test on the stored flags (each row holds its flags, also in its variant).
        terms.append(f"({col('flags')} & ?) != 0")
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
    # Exact at the boundary without reading every row: the stored ratio is cost / avg rounded
    # (monotonically) to a float, so a stored value above the bound's float means above the bound
    # and below means below; only a stored value EQUAL to it is decided on the integer fen
    # (total × den ≥ num × avg), the one case that reads the table row.
    if f.cost_ratio_min is not None:
        bound = _ratio_bound(f.cost_ratio_min)
        terms.append(f"{col('cost_ratio')} >= ? AND (r.cost_ratio > ? OR r.total_cost_fen * ? >= ? * r.avg_cost_fen)")
        params.extend([float(bound), float(bound), bound.denominator, bound.numerator])
    if f.cost_ratio_max is not None:
        bound = _ratio_bound(f.cost_ratio_max)
        terms.append(f"{col('cost_ratio')} <= ? AND (r.cost_ratio < ? OR r.total_cost_fen * ? <= ? * r.avg_cost_fen)")
        params.extend([float(bound), float(bound), bound.denominator, bound.numerator])
    if f.los_min is not None:
        terms.append(f"{col('los')} >= ?")
        params.append(int(f.los_min))
    if f.los_max is not None:
        terms.append(f"{col('los')} <= ?")
        params.append(int(f.los_max))
    text = f.search.strip()
    if text:
        # A prefix range (not LIKE) so the indexes are used: case_results' own on case_id, and the
        # one on cases.patient_id (which the importer keeps; case_results has none, as every full
        # recompute would rebuild it: migration 7).
        terms.append(f"(({col('case_id')} >= ? AND {col('case_id')} < ?) OR "
                     f"{col('case_pk')} IN (SELECT id FROM cases WHERE patient_id >= ? AND patient_id < ?))")
        params.extend([text, text + "\U0010ffff", text, text + "\U0010ffff"])
    return (" AND ".join(terms) if terms else "1"), params
