"""The audit flags over whole columns: readmissions, sex conflicts, fee mismatches.

Vectorised twins of the scalar rules in ``workstation.domain.outliers``.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from workstation.domain.outliers import SexCodes


def readmission_pairs(stays: pd.DataFrame, window_days: int) -> tuple[np.ndarray, np.ndarray]:
    """(pks of readmissions, pks of the earlier stays), as ``outliers.readmissions`` defines them.

    ``stays`` has columns pk, patient_id, hospital_code, drg (normalised, "" = not
    grouped), admit_date and discharge_date (ISO text). Stays of all periods
    are passed: the earlier stay may lie in another period.
    """
    frame = stays[stays["drg"] != ""]
    if frame.empty:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    frame = frame.assign(
        admit=pd.to_datetime(frame["admit_date"], format="%Y-%m-%d", errors="coerce"),
        discharge=pd.to_datetime(frame["discharge_date"], format="%Y-%m-%d", errors="coerce"),
    ).sort_values(["patient_id", "hospital_code", "drg", "admit", "discharge", "pk"], kind="stable")
    same = ((frame["patient_id"].to_numpy()[1:] == frame["patient_id"].to_numpy()[:-1])
            & (frame["hospital_code"].to_numpy()[1:] == frame["hospital_code"].to_numpy()[:-1])
            & (frame["drg"].to_numpy()[1:] == frame["drg"].to_numpy()[:-1]))
    gap = (frame["admit"].to_numpy()[1:] - frame["discharge"].to_numpy()[:-1]) / np.timedelta64(1, "D")
    hit = same & (gap >= 0) & (gap <= window_days)
    pks = frame["pk"].to_numpy()
    return pks[1:][hit], pks[:-1][hit]


def _prefix_pattern(prefixes: tuple[str, ...]) -> re.Pattern | None:
    if not prefixes:
        return None
    # A code starts the text or follows a separator (the same separators as outliers.split_codes).
    return re.compile(r"(?:^|[;；,，|\s])(?:" + "|".join(re.escape(p) for p in prefixes) + ")", re.IGNORECASE)


def sex_conflicts(sex: pd.Series, dx_text: pd.Series, proc_text: pd.Series, table: SexCodes) -> np.ndarray:
    """True where a diagnosis or procedure fits only the other sex."""
    result = np.zeros(len(sex), dtype=bool)
    sex_values = sex.to_numpy()
    for value in (1, 2):
        rows = np.flatnonzero(sex_values == value)
        if rows.size == 0:
            continue
        dx_bad, proc_bad = table.forbidden_for(value)
        hit = np.zeros(rows.size, dtype=bool)
        for texts, prefixes in ((dx_text, dx_bad), (proc_text, proc_bad)):
            pattern = _prefix_pattern(prefixes)
            if pattern is not None:
                subset = texts.iloc[rows]
                hit |= subset.str.contains(pattern, na=False).to_numpy(dtype=bool)
        result[rows] = hit
    return result


def fee_mismatches(total_cost_fen: np.ndarray, fee_sum_fen: pd.Series, tolerance_fen: int) -> np.ndarray:
    """True where fee categories are present and their sum differs from the total by MORE than the tolerance."""
    fees = fee_sum_fen.to_numpy(dtype="float64", na_value=np.nan)
    present = ~np.isnan(fees)
    # Sums of fen are whole numbers far below 2**53, so float64 holds them exactly here.
    diff = np.abs(np.where(present, fees, 0) - total_cost_fen)
    return present & (diff > tolerance_fen)
