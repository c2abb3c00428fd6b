"""Turning a drawn chunk of cases into the text rows of a settlement export.

Codes, names and departments follow the case's group (its MDC decides the
diagnosis chapter, its kind whether there is an operation); then the planted
bad rows are spoiled the way real exports go wrong.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from workstation.demo import spelling
from workstation.demo.cases import TRAIT_INDEX, CaseChunk
from workstation.demo.catalog import COMMON_OTHER_DX, DEPARTMENTS, LEVEL_TEXT, demo_groups, demo_hospitals, mdc_codes
from workstation.demo.csvtext import as_text_array
from workstation.demo.fees import fund_part, high_value_part, plant_mismatch, split_fees
from workstation.demo.people import birth_dates, fake_id_numbers, fake_names
from workstation.domain.fields import CASE_FIELDS, FEE_KEYS

COLUMNS = [f.key for f in CASE_FIELDS]
HEADERS = [f.zh for f in CASE_FIELDS]


def _codes_by_mdc(rng: np.random.Generator, mdc: np.ndarray, kind: str, wanted: np.ndarray):
    """A code and its name for each wanted row, drawn from the row's MDC list."""
    codes = np.full(len(mdc), "", dtype=object)
    names = np.full(len(mdc), "", dtype=object)
    table = mdc_codes()
    for letter in np.unique(mdc[wanted]):
        listed = table.get((str(letter), kind))
        if listed is None:
            continue
        rows = np.flatnonzero(wanted & (mdc == letter))
        pick = rng.integers(0, len(listed.codes), len(rows))
        codes[rows] = listed.codes[pick]
        names[rows] = listed.names[pick]
    return codes, names


def _age_on(birth_ymd: np.ndarray, day: np.ndarray) -> np.ndarray:
    ymd = pd.Series(np.datetime_as_string(day, unit="D")).str.replace("-", "").astype(np.int64).to_numpy()
    return (ymd - birth_ymd) // 10000


def chunk_columns(rng: np.random.Generator, chunk: CaseChunk, first_row: int, case_prefix: str,
                  patient_prefix: str) -> list[pa.Array]:
    """The text columns of one chunk, in CASE_FIELDS order."""
    groups, hospitals = demo_groups(), demo_hospitals()
    n = len(chunk.trait)
    trait = chunk.trait
    is_trait = {name: trait == index for name, index in TRAIT_INDEX.items()}
    targets = np.flatnonzero(chunk.readmission_of >= 0)
    sources = chunk.readmission_of[targets]
    mdc, kind = groups.mdc[chunk.group], groups.kind[chunk.group]
    surgical = kind != "medical"

    birth = birth_dates(rng, chunk.age, chunk.admit)
    birth[targets] = birth[sources]
    age = chunk.age.copy()
    age[targets] = _age_on(birth[targets], chunk.admit[targets])
    names = fake_names(rng, n)
    names[targets] = names[sources].to_numpy()
    ids = fake_id_numbers(rng, chunk.male, birth)
    ids[targets] = ids[sources].to_numpy()

    col: dict[str, pd.Series | np.ndarray] = {}
    case_numbers = first_row + np.arange(n, dtype=np.int64)
    dup = np.flatnonzero(chunk.duplicate_of >= 0)
    case_numbers[dup] = case_numbers[chunk.duplicate_of[dup]]
    col["case_id"] = case_prefix + pd.Series(case_numbers).astype(str).str.zfill(8)
    col["hospital_code"] = np.array([h.code for h in hospitals])[chunk.hospital]
    col["hospital_name"] = np.array([h.name for h in hospitals])[chunk.hospital]
    col["hospital_level"] = np.array([LEVEL_TEXT[h.level] for h in hospitals])[chunk.hospital]
    col["patient_id"] = patient_prefix + pd.Series(chunk.patient_seq).astype(str).str.zfill(12)
    col["patient_name"] = names
    col["id_number"] = ids
    spelled_sex = rng.random(n) < 0.08  # some exports write 男/女 instead of 1/2
    col["sex"] = np.where(chunk.male, np.where(spelled_sex, "男", "1"), np.where(spelled_sex, "女", "2"))
    col["age"] = spelling.int_text(age)
    col["insurance_type"] = np.where(chunk.insured_worker, "310", "390")

    date_style = rng.choice(3, n, p=spelling.DATE_STYLE_SHARES)
    col["admit_date"] = spelling.date_text(chunk.admit, date_style)
    col["discharge_date"] = spelling.date_text(chunk.discharge, date_style)
    los_text = spelling.int_text(chunk.los)
    los_text[(rng.random(n) < 0.02) & is_trait["normal"]] = ""  # left for the importer to compute
    col["los"] = los_text
    col["discharge_mode"] = spelling.int_text(chunk.discharge_mode)
    letters = pd.Series(mdc)
    col["dept"] = np.where(surgical, letters.map({k: v[1] for k, v in DEPARTMENTS.items()}),
                           letters.map({k: v[0] for k, v in DEPARTMENTS.items()}))

    col["main_dx"], col["main_dx_name"] = _codes_by_mdc(rng, mdc, "dx", np.ones(n, dtype=bool))
    adult = (age >= 15) & ~np.isin(mdc, ("O", "P"))
    extra_count = np.where(adult, rng.integers(0, 4, n), 0)
    other = pd.Series([""] * n, dtype=object)
    # Three distinct codes per row: a start and a stride shorter than half the list.
    start = rng.integers(0, len(COMMON_OTHER_DX), n)
    stride = rng.integers(1, (len(COMMON_OTHER_DX) - 1) // 2 + 1, n)
    for k in range(3):
        code = COMMON_OTHER_DX[(start + k * stride) % len(COMMON_OTHER_DX)]
        more = extra_count > k
        separator = "" if k == 0 else ";"
        other[more] = (other[more] + separator + code[more]).to_numpy()
    col["other_dx"] = other
    chemo = (mdc == "R") & ~surgical & (rng.random(n) < 0.3)
    main_proc, _ = _codes_by_mdc(rng, mdc, "proc", surgical | chemo)
    second, _ = _codes_by_mdc(rng, mdc, "proc", surgical & (rng.random(n) < 0.2))
    col["main_proc"], col["other_proc"] = main_proc, second

    drg_code = groups.codes[chunk.group].astype(object)
    drg_name = groups.names[chunk.group].astype(object)
    ungrouped = np.flatnonzero(is_trait["ungrouped"])
    variant = rng.integers(0, 3, len(ungrouped))
    drg_code[ungrouped] = np.where(variant == 0, "", np.where(variant == 1, "0000",
                                   mdc[ungrouped].astype(object) + "QY"))
    drg_name[ungrouped] = np.where(variant == 2, "歧义组", "")
    col["drg_code"], col["drg_name"] = drg_code, drg_name

    fees = split_fees(rng, chunk.total_fen, surgical)
    high_value = high_value_part(rng, fees, surgical)
    fund = fund_part(rng, chunk.total_fen, chunk.insured_worker)
    plant_mismatch(rng, fees, np.flatnonzero(is_trait["fee_mismatch"]))
    money_style = rng.choice(3, n, p=spelling.MONEY_STYLE_SHARES)
    col["total_cost"] = spelling.money_text(chunk.total_fen, money_style)
    for index, key in enumerate(FEE_KEYS):
        col[key] = spelling.money_text(fees[:, index], money_style)
    col["fee_high_value"] = spelling.money_text(high_value, money_style)
    col["fund_paid"] = spelling.money_text(fund, money_style)
    col["new_tech"] = np.where(is_trait["new_tech"], "1", "0")
    settle = chunk.discharge + rng.integers(0, 6, n).astype("timedelta64[D]")
    col["settle_date"] = spelling.date_text(settle, date_style)

    for key in _SPOILED:
        col[key] = np.array(col[key], dtype=object)
    _spoil_bad_rows(rng, col, is_trait)
    return [as_text_array(col[key]) for key in COLUMNS]


_MISSING_COLUMNS = ("patient_id", "main_dx", "sex", "discharge_mode", "admit_date", "total_cost")
_SPOILED = ("patient_id", "main_dx", "sex", "discharge_mode", "admit_date", "discharge_date", "total_cost")
_BAD_DATES = np.array(["2024-02-30", "2024-13-05", "三月五日", "2024.3.x", "0000-00-00", "待补录"])
_BAD_AMOUNTS = np.array(["12.34.5", "约5000元", "1234.567", "N/A", "五千元", "#VALUE!"])


def _spoil_bad_rows(rng: np.random.Generator, col: dict, is_trait: dict) -> None:
    """Break the planted bad rows the way formats.md lists (one fault per row)."""
    rows = np.flatnonzero(is_trait["bad_missing"])
    which = rng.integers(0, len(_MISSING_COLUMNS), len(rows))
    for index, key in enumerate(_MISSING_COLUMNS):
        col[key][rows[which == index]] = ""
    rows = np.flatnonzero(is_trait["bad_date"])
    column = np.where(rng.random(len(rows)) < 0.5, "admit_date", "discharge_date")
    for key in ("admit_date", "discharge_date"):
        chosen = rows[column == key]
        col[key][chosen] = _BAD_DATES[rng.integers(0, len(_BAD_DATES), len(chosen))]
    rows = np.flatnonzero(is_trait["bad_amount"])
    col["total_cost"][rows] = _BAD_AMOUNTS[rng.integers(0, len(_BAD_AMOUNTS), len(rows))]
    rows = np.flatnonzero(is_trait["bad_order"])
    admit = col["admit_date"][rows].copy()
    col["admit_date"][rows] = col["discharge_date"][rows]
    col["discharge_date"][rows] = admit
    rows = np.flatnonzero(is_trait["bad_negative"])
    col["total_cost"][rows] = ["-" + str(text).lstrip("¥") for text in col["total_cost"][rows]]
