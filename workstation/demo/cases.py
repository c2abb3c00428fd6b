"""Drawing one chunk of demo cases as numpy arrays (no text yet).

Each row gets at most one *planted* trait, drawn once per row, so the shares of
outliers, flags and bad rows in a demo file are known (``PLANTED_SHARES``).
Natural variation adds a few more outliers on top, as in a real month.
Floats appear only as random multipliers; every amount is rounded to integer fen
before it leaves this module.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from workstation.demo.catalog import LEVEL_COST_FACTOR, DemoGroups, demo_groups, demo_hospitals, hospital_volume

# Share of all rows carrying each planted trait; the rest are ordinary cases.
PLANTED_SHARES: dict[str, float] = {
    "high_cost": 0.012,  # cost 3.1-7x the group's payment standard
    "low_cost": 0.008,  # cost 0.08-0.28x
    "long_stay": 0.004,  # 60-150 days
    "ungrouped": 0.008,  # DRG empty, 0000 or an ambiguous group (…QY)
    "new_tech": 0.004,
    "readmission": 0.005,  # same patient, hospital and DRG within 15 days
    "sex_conflict": 0.002,  # pregnancy diagnosis on a man
    "fee_mismatch": 0.004,  # fee categories exceed the total by more than 1 yuan
    "bad_missing": 0.005,  # a required value left empty
    "bad_date": 0.005,
    "bad_amount": 0.005,
    "bad_order": 0.005,  # discharge before admission
    "bad_negative": 0.005,  # negative total cost
    "bad_duplicate": 0.005,  # (hospital, case_id) already used by an earlier row
}
TRAITS = ("normal", *PLANTED_SHARES)
TRAIT_INDEX = {name: i for i, name in enumerate(TRAITS)}
BAD_TRAITS = tuple(t for t in PLANTED_SHARES if t.startswith("bad_"))

DISCHARGE_MODES = np.array([1, 2, 3, 4, 5, 9])
DISCHARGE_MODE_SHARES = np.array([0.945, 0.02, 0.005, 0.015, 0.01, 0.005])
COST_SPREAD = 0.42  # sigma of the log-normal cost around a group's standard


@dataclass
class CaseChunk:
    """One chunk of cases; row i of every array is one case."""

    trait: np.ndarray  # index into TRAITS
    group: np.ndarray  # index into DemoGroups
    hospital: np.ndarray  # index into demo_hospitals()
    male: np.ndarray  # bool
    age: np.ndarray
    patient_seq: np.ndarray  # a patient's serial number; readmissions share it
    admit: np.ndarray  # datetime64[D]
    discharge: np.ndarray
    los: np.ndarray
    discharge_mode: np.ndarray
    total_fen: np.ndarray
    insured_worker: np.ndarray  # bool: 310 职工 vs 390 居民
    duplicate_of: np.ndarray  # row whose case id a bad_duplicate row reuses, else -1
    readmission_of: np.ndarray  # the earlier stay of a readmission, else -1


def _pick(rng: np.random.Generator, mask: np.ndarray, k: int) -> np.ndarray:
    rows = np.flatnonzero(mask)
    return rng.choice(rows, size=min(k, len(rows)), replace=False) if len(rows) else rows


def draw_chunk(rng: np.random.Generator, n: int, first_patient: int,
               period: tuple[date, date]) -> CaseChunk:
    groups: DemoGroups = demo_groups()
    levels = np.array([h.level for h in demo_hospitals()])
    shares = np.array([1.0 - sum(PLANTED_SHARES.values()), *PLANTED_SHARES.values()])
    trait = rng.choice(len(TRAITS), n, p=shares)
    is_trait = {name: trait == TRAIT_INDEX[name] for name in TRAITS}

    group = rng.choice(len(groups.codes), n, p=groups.popularity)
    pregnancy_groups = np.flatnonzero(groups.mdc == "O")
    conflict = is_trait["sex_conflict"]
    group[conflict] = rng.choice(pregnancy_groups, int(conflict.sum()))
    heavy = groups.weights[group] >= 2.0
    hospital = np.where(heavy, rng.choice(len(levels), n, p=hospital_volume(False)),
                        rng.choice(len(levels), n, p=hospital_volume(True)))

    mdc = groups.mdc[group]
    male_share = np.where(mdc == "M", 1.0, np.where((mdc == "N") | (mdc == "O"), 0.0, 0.5))
    male = rng.random(n) < male_share
    male[conflict] = True  # a coding error: the pregnancy diagnosis stays, the sex says 男
    age = np.clip(np.rint(rng.normal(60, 16, n)), 15, 98).astype(np.int64)
    children = rng.random(n) < 0.06
    age[children] = rng.integers(1, 15, int(children.sum()))
    age[mdc == "O"] = rng.integers(20, 43, int((mdc == "O").sum()))
    age[mdc == "P"] = 0
    patient_seq = first_patient + np.arange(n, dtype=np.int64)

    # Readmissions copy an ordinary discharged case's patient, hospital and group.
    readmission_of = np.full(n, -1, dtype=np.int64)
    targets = np.flatnonzero(is_trait["readmission"])
    sources = _pick(rng, is_trait["normal"], len(targets))
    targets = targets[:len(sources)]
    trait[is_trait["readmission"]] = TRAIT_INDEX["normal"]
    trait[targets] = TRAIT_INDEX["readmission"]
    readmission_of[targets] = sources
    for array in (group, hospital, male, age, patient_seq):
        array[targets] = array[sources]
    mdc = groups.mdc[group]

    discharge_mode = rng.choice(DISCHARGE_MODES, n, p=DISCHARGE_MODE_SHARES)
    discharge_mode[sources] = 1
    avg = groups.avg_cost_fen[group].astype(np.float64)
    level_factor = np.array([LEVEL_COST_FACTOR[lv] for lv in levels])[hospital]
    spread = rng.lognormal(-COST_SPREAD**2 / 2, COST_SPREAD, n)
    mode_factor = np.where(np.isin(discharge_mode, (2, 4)), rng.uniform(0.3, 0.9, n),
                           np.where(discharge_mode == 5, rng.uniform(0.6, 1.8, n), 1.0))
    cost = avg * level_factor * spread * mode_factor
    is_trait = {name: trait == TRAIT_INDEX[name] for name in TRAITS}
    high, low, long_stay = is_trait["high_cost"], is_trait["low_cost"], is_trait["long_stay"]
    cost[high] = avg[high] * rng.uniform(3.1, 7.0, int(high.sum()))
    cost[low] = avg[low] * rng.uniform(0.08, 0.28, int(low.sum()))
    cost[long_stay] *= rng.uniform(1.6, 3.0, int(long_stay.sum()))
    total_fen = np.maximum(np.rint(cost), 5000).astype(np.int64)

    typical_stay = np.clip(2.5 + 5.5 * groups.weights[group] ** 0.7, 2, 30)
    stay = typical_stay * (total_fen / avg) ** 0.6 * rng.lognormal(0, 0.25, n)
    los = np.clip(np.rint(stay), 1, 59).astype(np.int64)
    los[long_stay] = rng.integers(60, 151, int(long_stay.sum()))

    start, end = (np.datetime64(d, "D") for d in period)
    days = int((end - start).astype(np.int64)) + 1
    discharge = start + rng.integers(0, days, n).astype("timedelta64[D]")
    # An earlier stay leaves early in the period; the readmission follows within 15 days.
    discharge[sources] = start + rng.integers(0, min(6, days), len(sources)).astype("timedelta64[D]")
    admit = discharge - los.astype("timedelta64[D]")
    los[targets] = rng.integers(2, 9, len(targets))
    gap = rng.integers(1, 13, len(targets))
    admit[targets] = discharge[sources] + gap.astype("timedelta64[D]")
    discharge[targets] = np.minimum(admit[targets] + los[targets].astype("timedelta64[D]"), end)
    los[targets] = np.maximum((discharge[targets] - admit[targets]).astype(np.int64), 1)

    duplicate_of = np.full(n, -1, dtype=np.int64)
    dup_rows = np.flatnonzero(is_trait["bad_duplicate"])
    originals = _pick(rng, is_trait["normal"], len(dup_rows))
    trait[dup_rows[len(originals):]] = TRAIT_INDEX["normal"]  # nothing to duplicate in a tiny chunk
    dup_rows = dup_rows[:len(originals)]
    duplicate_of[dup_rows] = originals
    hospital[dup_rows] = hospital[originals]

    insured_worker = rng.random(n) < 0.68
    insured_worker[targets] = insured_worker[sources]
    return CaseChunk(trait=trait, group=group, hospital=hospital, male=male, age=age,
                     patient_seq=patient_seq, admit=admit, discharge=discharge, los=los,
                     discharge_mode=discharge_mode, total_fen=total_fen,
                     insured_worker=insured_worker, duplicate_of=duplicate_of,
                     readmission_of=readmission_of)
