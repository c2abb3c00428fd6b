"""Everything the case detail panel shows about one case, as plain data."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from workstation.domain.fields import DISCHARGE_MODE_NAMES, FEE_CATEGORIES
from workstation.domain.masking import mask_id, mask_name
from workstation.services.queue.flags import explain_flag, flag_name, result_rules
from workstation.store.case_ranges import period_term

_CODE_SPLIT = str.maketrans({"；": ";", ",": ";", "|": ";"})


@dataclass
class CodedItem:
    code: str
    name: str  # "" when neither the case nor a code table names it


@dataclass
class FlagReason:
    code: str
    name: str
    why: str


@dataclass
class OtherCase:
    case_pk: int
    case_id: str
    total_cost_fen: int
    cost_ratio: float | None
    los: int
    flag_codes: tuple[str, ...]


@dataclass
class CaseDetail:
    case_pk: int
    case: dict  # the cases row; personal fields already masked unless shown
    result: dict  # the case_results row ({} before the engine has run)
    status: str
    drg_name: str
    hospital_name: str
    discharge_mode_name: str
    diagnoses: list[CodedItem]
    procedures: list[CodedItem]
    fees: list[tuple[str, int | None]]  # (fee column, fen) for the 14 categories; names: domain.fields.fee_name
    high_value_fen: int | None
    flags: list[FlagReason]
    other_cases: list[OtherCase] = field(default_factory=list)
    other_cases_total: int = 0


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").translate(_CODE_SPLIT).split(";") if c.strip()]


def _code_names(db: Database, codes: list[str]) -> dict[str, str]:
    """Names from a code table when the reference data provides one (table ``code_names``)."""
    if not codes or "code_names" not in db.table_names():
        return {}
    marks = ",".join("?" * len(codes))
    try:
        return {r[0]: r[1] for r in db.execute(f"SELECT code, name FROM code_names WHERE code IN ({marks})", codes)}
    except Exception:  # a differently shaped table from a later schema: show codes only
        return {}


def load_case_detail(db: Database, case_pk: int, *, show_personal: bool = False, lang: str = "zh",
                     other_limit: int = 50) -> CaseDetail | None:
    rows = list(db.query("SELECT * FROM cases WHERE id = ?", [case_pk]))
    if not rows:
        return None
    case = rows[0]
    if not show_personal:
        case["patient_name"] = mask_name(case.get("patient_name"))
        case["id_number"] = mask_id(case.get("id_number"))
    results = list(db.query("SELECT * FROM case_results_full WHERE case_pk = ?", [case_pk]))
    result = results[0] if results else {}
    status_row = db.execute("SELECT status FROM case_reviews WHERE case_pk = ?", [case_pk]).fetchone()
    drg_code = result.get("drg_code") or case.get("drg_code") or ""
    group = db.execute("SELECT drg_name FROM current_drg_groups WHERE drg_code = ?", [drg_code]).fetchone()
    hospital = db.execute("SELECT hospital_name FROM current_hospitals WHERE hospital_code = ?",
                          [case["hospital_code"]]).fetchone()

    dx_codes = ([case["main_dx"]] if case.get("main_dx") else []) + _codes(case.get("other_dx"))
    proc_codes = ([case["main_proc"]] if case.get("main_proc") else []) + _codes(case.get("other_proc"))
    names = _code_names(db, dx_codes + proc_codes)
    if case.get("main_dx"):
        names.setdefault(case["main_dx"], case.get("main_dx_name") or "")

    flag_codes = [c for c in (result.get("flag_codes") or "").split(";") if c]
    rules = result_rules(db, result) if flag_codes else None  # read once for all the case's flags
    detail = CaseDetail(
        case_pk=case_pk, case=case, result=result, status=status_row[0] if status_row else "",
        drg_name=(group[0] if group else None) or case.get("drg_name") or "",
        hospital_name=(hospital[0] if hospital else None) or case.get("hospital_name") or "",
        discharge_mode_name=str(DISCHARGE_MODE_NAMES.get(int(case.get("discharge_mode") or 0), "")),
        diagnoses=[CodedItem(c, names.get(c, "")) for c in dx_codes],
        procedures=[CodedItem(c, names.get(c, "")) for c in proc_codes],
        fees=[(key, case.get(f"{key}_fen")) for key, _zh in FEE_CATEGORIES],
        high_value_fen=case.get("fee_high_value_fen"),
        flags=[FlagReason(c, flag_name(c, lang), explain_flag(c, case, result, rules, lang)) for c in flag_codes],
    )
    if result and drg_code:
        term, params = period_term(result["period"])
        where = f"{term} AND hospital_code = ? AND drg_code = ? AND case_pk != ?"
        params = [*params, result["hospital_code"], drg_code, case_pk]
        detail.other_cases_total = db.execute(f"SELECT COUNT(*) FROM case_results WHERE {where}",
                                              params).fetchone()[0]
        detail.other_cases = [
            OtherCase(r[0], r[1], r[2], r[3], r[4], tuple(c for c in (r[5] or "").split(";") if c))
            for r in db.execute(f"SELECT case_pk, case_id, total_cost_fen, cost_ratio, los, flag_codes"
                                f" FROM case_results_full WHERE {where} ORDER BY cost_ratio DESC LIMIT ?",
                                [*params, other_limit])]
    return detail


def first_flagged_case(db: Database) -> int | None:
    """The flagged case with the highest cost ratio (what a preview of the detail opens on)."""
    row = db.execute("SELECT case_pk FROM case_results WHERE flags != 0 ORDER BY cost_ratio DESC LIMIT 1").fetchone()
    return row[0] if row else None
