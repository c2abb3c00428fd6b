"""A store whose costs follow the group table except in planted groups: generated files loaded
through the real loaders and importer, as a bureau's data would be."""
from __future__ import annotations

import csv
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import numpy as np

# Weights kept inside one tier of the HIGH multiple (base points 100-300] before and after the
# planted shifts, so a recompute under the new weights moves no case across a tier.
WEIGHTS = {f"ZZ{i:02d}": Fraction(110 + 15 * i, 100) for i in range(1, 11)}
SHIFTS = {"ZZ03": Fraction(13, 10), "ZZ08": Fraction(3, 4)}  # costs 30% above / 25% below their weight
SMALL = "ZZ10"  # 20 cases, costs 40% above: listed below the minimum, never a proposal
CASES_PER_GROUP = 240
HOSPITALS = [("H001", "甲医院", "三级"), ("H002", "乙医院", "二级"), ("H003", "丙医院", "一级")]
BASE_YUAN = 10_000
SPREAD = 0.2  # sigma of the log-normal cost


def truth(code: str) -> Fraction:
    """The weight the planted costs imply, scaled by the same budget-neutral factor the method uses
    (the expected total weight is kept)."""
    counts = {c: (20 if c == SMALL else CASES_PER_GROUP) for c in WEIGHTS}
    factor = {c: SHIFTS.get(c, Fraction(7, 5) if c == SMALL else Fraction(1)) for c in WEIGHTS}
    keep = sum(counts[c] * WEIGHTS[c] for c in WEIGHTS) / sum(counts[c] * WEIGHTS[c] * factor[c] for c in WEIGHTS)
    return WEIGHTS[code] * factor[code] * keep


def write_files(folder: Path, seed: int = 7, hospital_shift: dict[str, float] | None = None
                ) -> tuple[Path, Path, Path]:
    rng = np.random.default_rng(seed)
    groups = folder / "groups.csv"
    with groups.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["DRG编码", "DRG名称", "权重"])
        for code, weight in WEIGHTS.items():
            writer.writerow([code, f"测试病组{code[2:]}", f"{float(weight):.2f}"])
    hospitals = folder / "hospitals.csv"
    with hospitals.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["机构编码", "机构名称", "级别", "差异系数"])
        for code, name, level in HOSPITALS:
            writer.writerow([code, name, level, "1.0"])
    batch = folder / "settlement.csv"
    with batch.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "hospital_code", "patient_id", "sex", "age", "admit_date", "discharge_date",
                         "discharge_mode", "main_dx", "drg_code", "total_cost"])
        number = 0
        for code, weight in WEIGHTS.items():
            n = 20 if code == SMALL else CASES_PER_GROUP
            shift = float(SHIFTS.get(code, Fraction(7, 5) if code == SMALL else Fraction(1)))
            costs = float(weight) * BASE_YUAN * shift * rng.lognormal(-SPREAD ** 2 / 2, SPREAD, n)
            for i, cost in enumerate(costs):
                number += 1
                cost *= (hospital_shift or {}).get(HOSPITALS[i % 3][0], 1.0)
                discharge = date(2024, 3, 1) + timedelta(days=int(i % 28))
                writer.writerow([f"C{number:05d}", HOSPITALS[i % 3][0], f"P{number:05d}", 1 + i % 2, 50,
                                 (discharge - timedelta(days=7)).isoformat(), discharge.isoformat(), 1, "I21.000",
                                 code, f"{cost:.2f}"])
    return groups, hospitals, batch


def build_store(folder: Path, hospital_shift: dict[str, float] | None = None):
    from workstation.services import operations
    from workstation.store.db import open_database

    groups, hospitals, batch = write_files(folder, hospital_shift=hospital_shift)
    db = open_database(folder / "recalibration.db")
    operations.load_groups(db, groups, actor="test")
    operations.load_hospitals(db, hospitals, actor="test")
    operations.import_file(db, batch, actor="test", period="2024-03")
    return db
