"""Cases straight into the store for engine tests (the importer is tested on its own)."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlite_utils import Database

_counter = itertools.count(1)


def add_batch(db: Database, period: str = "2024-03") -> int:
    cursor = db.execute(
        "INSERT INTO batches (file_name, file_sha256, period, imported_at, imported_by, rows_read,"
        " rows_imported, rows_quarantined) VALUES (?, ?, ?, '2024-04-01T00:00:00+00:00', 'test', 0, 0, 0)",
        (f"test-{next(_counter)}.csv", f"sha{next(_counter)}", period))
    return cursor.lastrowid


def add_case(db: Database, batch_id: int, *, period: str = "2024-03", drg_code: str | None = "FM19",
             cost: str | int = "10000.00", los: int = 8, mode: int = 1, hospital: str = "H001",
             patient: str | None = None, sex: int = 1, main_dx: str = "I21.000", other_dx: str | None = None,
             main_proc: str | None = None, other_proc: str | None = None, admit: str | None = None,
             discharge: str = "2024-03-20", new_tech: int | None = None, level: int | None = None,
             fees: dict[str, int] | None = None, case_id: str | None = None) -> int:
    """One case; ``cost`` is yuan text (or fen as int). Returns cases.id."""
    from workstation.domain.money import parse_yuan_to_fen

    cost_fen = cost if isinstance(cost, int) else parse_yuan_to_fen(cost)
    number = next(_counter)
    if admit is None:
        admit = (date.fromisoformat(discharge) - timedelta(days=los)).isoformat()
    row = {
        "batch_id": batch_id, "period": period, "source_row": number + 1,
        "case_id": case_id or f"C{number:06d}", "hospital_code": hospital, "patient_id": patient or f"P{number:06d}",
        "sex": sex, "age": 50, "admit_date": admit, "discharge_date": discharge, "los": los,
        "discharge_mode": mode, "main_dx": main_dx, "other_dx": other_dx, "main_proc": main_proc,
        "other_proc": other_proc, "drg_code": drg_code, "total_cost_fen": cost_fen, "new_tech": new_tech,
        "hospital_level": level,
    }
    for key, fen in (fees or {}).items():
        row[f"{key}_fen"] = fen
    return db["cases"].insert(row).last_pk


def add_groups(db: Database, groups: list[dict], *, label: str = "test groups") -> int:
    """A current group-table version; each dict has drg_code and optionally weight, base_points,
    avg_cost (yuan text), payable_by_drg, levels ([(level, insurance, yuan text)]),
    coefficients ({level: text}) and attributes (single_review, unstable, tcm_advantage, base_group)."""
    import json

    from workstation.domain.money import parse_yuan_to_fen

    def levels(g: dict) -> str | None:
        items = [{"level": lv, "insurance": ins, "fen": parse_yuan_to_fen(yuan), "text": yuan, "column": "test"}
                 for lv, ins, yuan in g.get("levels") or ()]
        return json.dumps(items) if items else None

    def coefficients(g: dict) -> str | None:
        items = [{"level": lv, "value": v, "column": "test"} for lv, v in (g.get("coefficients") or {}).items()]
        return json.dumps(items) if items else None

    db.execute("UPDATE reference_versions SET is_current = 0 WHERE kind = 'groups'")
    version = db["reference_versions"].insert({
        "kind": "groups", "source": "test", "label": label, "loaded_at": "2024-01-01", "loaded_by": "test",
        "rows": len(groups), "rows_rejected": 0, "is_current": 1}).last_pk
    db["drg_groups"].insert_all([{
        "version_id": version, "drg_code": g["drg_code"], "drg_name": g.get("drg_name", g["drg_code"]),
        "weight": g.get("weight"), "base_points": g.get("base_points"),
        "avg_cost_fen": parse_yuan_to_fen(g["avg_cost"]) if g.get("avg_cost") is not None else None,
        "payable_by_drg": g.get("payable_by_drg", 1), "level_standards": levels(g),
        "level_coefficients": coefficients(g), "single_review": int("single_review" in g.get("attributes", ())),
        "tcm_advantage": int("tcm_advantage" in g.get("attributes", ())),
        "base_group": int("base_group" in g.get("attributes", ())),
        "stability": "unstable" if "unstable" in g.get("attributes", ()) else None} for g in groups])
    return version


def add_hospitals(db: Database, hospitals: list[dict]) -> int:
    db.execute("UPDATE reference_versions SET is_current = 0 WHERE kind = 'hospitals'")
    version = db["reference_versions"].insert({
        "kind": "hospitals", "source": "test", "loaded_at": "2024-01-01", "loaded_by": "test",
        "rows": len(hospitals), "rows_rejected": 0, "is_current": 1}).last_pk
    db["hospitals"].insert_all([{
        "version_id": version, "hospital_code": h["hospital_code"], "hospital_name": h.get("name", ""),
        "hospital_level": h.get("level"), "coefficient": h.get("coefficient", "1.0")} for h in hospitals])
    return version


def result(db: Database, case_pk: int) -> dict:
    return next(db.query("SELECT * FROM case_results_full WHERE case_pk = ?", [case_pk]))
