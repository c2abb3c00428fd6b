"""The audit flags that look beyond one field: readmissions and sex conflicts.

Vectorised twins of the scalar rules in ``workstation.domain.outliers``.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workstation.domain.outliers import SexCodes

if TYPE_CHECKING:  # pandas is imported where used: the read helper process starts faster without it
    import pandas as pd


def readmission_pairs(stays: pd.DataFrame, window_days: int) -> tuple[np.ndarray, np.ndarray]:
    """(pks of readmissions, pks of the earlier stays), as ``outliers.readmissions`` defines them.

    ``stays`` has columns pk, patient_id, hospital_code, drg (normalised, "" = not
    grouped), admit_day and discharge_day (whole day numbers). Stays of all
    periods are passed: the earlier stay may lie in another period.
    """
    import pandas as pd

    frame = stays[stays["drg"] != ""]
    if frame.empty:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    # Integer codes sort far faster than strings; the order within a key is what matters.
    patient = pd.factorize(frame["patient_id"])[0]
    hospital = pd.factorize(frame["hospital_code"])[0]
    drg = pd.factorize(frame["drg"])[0]
    admit = frame["admit_day"].to_numpy(dtype=np.int64)
    discharge = frame["discharge_day"].to_numpy(dtype=np.int64)
    pks = frame["pk"].to_numpy(dtype=np.int64)
    order = np.lexsort((pks, discharge, admit, drg, hospital, patient))
    patient, hospital, drg, admit, discharge, pks = (a[order] for a in (patient, hospital, drg, admit, discharge, pks))
    same = (patient[1:] == patient[:-1]) & (hospital[1:] == hospital[:-1]) & (drg[1:] == drg[:-1])
    gap = admit[1:] - discharge[:-1]
    hit = same & (gap >= 0) & (gap <= window_days)
    return pks[1:][hit], pks[:-1][hit]


_SEPARATORS = "[;；,，|\\s]"  # the separators of outliers.split_codes
PART_SEPARATOR = "\x01"  # between the diagnoses and the procedures of a case (see read_cases)


def _prefix_pattern(prefixes: tuple[str, ...], procedures: bool) -> str | None:
    """A code of the part that starts with one of ``prefixes``: at the start of the part or after
    a separator, never reaching across into the other part."""
    if not prefixes:
        return None
    start = PART_SEPARATOR if procedures else "^"
    return (f"{start}(?:[^{PART_SEPARATOR}]*{_SEPARATORS})?(?:"
            + "|".join(re.escape(p) for p in prefixes) + ")")


def sex_conflicts(sex: np.ndarray, codes_text, table: SexCodes) -> np.ndarray:
    """True where a diagnosis or procedure fits only the other sex. ``codes_text`` per case:
    the diagnoses, PART_SEPARATOR, the procedures."""
    result = np.zeros(len(sex), dtype=bool)
    sex_values = np.asarray(sex)
    # pyarrow's RE2 runs in C++: about ten times faster than pandas' per-row regex.
    if isinstance(codes_text, (pa.Array, pa.ChunkedArray)):  # as read (store.arrow_read): no Python strings
        texts = codes_text.fill_null("")
    else:
        texts = pa.array(np.asarray(codes_text, dtype=object), type=pa.string(), from_pandas=True).fill_null("")
    for value in (1, 2):
        rows = np.flatnonzero(sex_values == value)
        if rows.size == 0:
            continue
        subset = texts.take(pa.array(rows))
        hit = np.zeros(rows.size, dtype=bool)
        for prefixes, procedures in zip(table.forbidden_for(value), (False, True)):
            pattern = _prefix_pattern(prefixes, procedures)
            if pattern is not None:
                found = pc.match_substring_regex(subset, pattern, ignore_case=True)
                hit |= found.to_numpy(zero_copy_only=False).astype(bool)
        result[rows] = hit
    return result
