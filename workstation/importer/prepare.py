"""Turning one raw chunk into the values to store and the rows to quarantine.

Pure (no database access), so it can be tested and timed on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workstation.importer.rows import (
    Layout,
    as_python,
    check_chunk,
    extra_json,
    length_of_stay,
    quarantine_record,
    raw_rows,
    reason_text,
    stored_array,
    stored_values,
)
from workstation.importer.sources import Chunk, InvalidRow
from workstation.importer.values import blank_mask


@dataclass
class PreparedChunk:
    table: pa.Table | None  # raw text of the chunk's non-blank rows (for quarantine messages)
    source_rows: np.ndarray  # of those rows
    rows_read: int
    problems: list[dict]  # quarantine records
    good: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))  # into table
    # key -> values of the good rows: arrays (rows.stored_array) until ``materialise``
    columns: dict[str, list | tuple] = field(default_factory=dict)
    los: list[int] | np.ndarray = field(default_factory=list)
    extra: list[str | None] = field(default_factory=list)
    latest_good_discharge: int = 0  # date ordinals
    latest_any_discharge: int = 0
    bytes_done: int = 0
    # Written into a staging file by the worker (importer.staging): (file, first id, rows, period).
    staged: tuple[int, int, int, str] | None = None

    def materialise(self) -> None:
        """The values as Python objects, ready to bind. Done by the process that inserts:
        a worker hands over arrays, far cheaper to pass between processes than objects."""
        self.columns = {key: value if isinstance(value, list) else as_python(value)
                        for key, value in self.columns.items()}
        if isinstance(self.los, np.ndarray):
            self.los = self.los.tolist()


def prepare_chunk(chunk: Chunk, layout: Layout, case_keys: list[str],
                  seen: dict[str, int] | None = None) -> PreparedChunk:
    """``seen`` (each (hospital_code, case_id) key of the earlier chunks -> its first row):
    when given, cases met earlier in the file are quarantined here and ``seen`` grows;
    the caller then needs the raw ``table`` no more, and it is dropped."""
    table, rows = chunk.table, chunk.source_rows
    problems = [_bad_row(r, len(layout.headers)) for r in chunk.invalid]
    if table.num_rows:
        blank = _blank_rows(table)
        if blank.any():  # empty lines are not rows of the batch
            keep = np.flatnonzero(~blank)
            table, rows = table.take(pa.array(keep, pa.int64())), rows[keep]
    prepared = PreparedChunk(table, rows, table.num_rows + len(chunk.invalid), problems,
                             bytes_done=chunk.bytes_done)
    if not table.num_rows:
        return prepared
    checked = check_chunk(table, rows, layout)
    problems += checked.problems
    good = checked.good
    discharge = checked.parsed["discharge_date"]
    prepared.latest_any_discharge = int(discharge.max()) if len(discharge) else 0
    if seen is not None and len(good):
        good, duplicates = _first_in_file(checked, good, rows, layout, table, seen)
        problems += duplicates
    prepared.good = good
    if len(good):
        prepared.latest_good_discharge = int(discharge[good].max())
        prepared.columns = {key: stored_array(checked, good, key) for key in case_keys}
        prepared.los = length_of_stay(checked, good)
        prepared.extra = extra_json(table, good, layout)
    if seen is not None:
        prepared.table = None  # its rows' messages are written; no need to carry the raw text on
    return prepared


def _case_keys(checked, good: np.ndarray) -> pa.Array:
    """One text key per good row standing for its (hospital_code, case_id), joined in Arrow (C):
    the hospital code's length, ':', the code, ':', the case id - no two pairs share a key."""
    hospital = stored_array(checked, good, "hospital_code")[1]
    case_id = stored_array(checked, good, "case_id")[1]
    return pc.binary_join_element_wise(pc.cast(pc.utf8_length(hospital), pa.string()), hospital, case_id, ":")


def _first_in_file(checked, good: np.ndarray, rows: np.ndarray, layout: Layout, table: pa.Table,
                   seen: dict[str, int]) -> tuple[np.ndarray, list[dict]]:
    """The good rows whose case was not met earlier in the file, and a record for each other one.

    The keys of a chunk are dictionary-encoded in the order they first appear (Arrow, C), so a
    row repeats one of its chunk unless it is its code's first row; only the distinct keys are
    looked up among the earlier chunks' (``seen``, a plain dict: a numpy hash table of fingerprints
    measured no faster on a million keys, 0.6-1.1 s either way)."""
    encoded = pc.dictionary_encode(_case_keys(checked, good))
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    distinct = encoded.dictionary.to_pylist()
    _codes, first = np.unique(codes, return_index=True)  # codes 0..k-1: first appearances, in order
    good_rows = rows[good]
    first_rows = good_rows[first]
    # Per code, the row its key was first met on: an earlier chunk's, or (a new key, added now)
    # its first row in this one. Rows are never met twice, so a key is new where they are equal.
    met_at = np.fromiter(map(seen.setdefault, distinct, first_rows.tolist()), dtype=np.int64, count=len(distinct))
    repeated = np.ones(len(codes), dtype=bool)
    repeated[first[met_at == first_rows]] = False
    if not repeated.any():
        return good, []  # the common case: every case is new
    repeats = np.flatnonzero(repeated)
    picked = good[repeats]
    hospital = stored_values(checked, picked, "hospital_code")
    case_id = stored_values(checked, picked, "case_id")
    header = layout.by_key["case_id"].header
    records = []
    for n, (i, raw) in enumerate(zip(repeats.tolist(), raw_rows(table, picked, layout.headers))):
        row = int(good_rows[i])
        zh, en = reason_text("DUPLICATE_IN_FILE", row, header, f"{hospital[n]}/{case_id[n]}", int(met_at[codes[i]]))
        records.append(quarantine_record(row, "DUPLICATE_IN_FILE", "case_id", zh, en, raw))
    return good[~repeated], records


def _bad_row(invalid: InvalidRow, width: int) -> dict:
    zh, en = reason_text("BAD_ROW", invalid.source_row, None, str(invalid.fields), width)
    return quarantine_record(invalid.source_row, "BAD_ROW", None, zh, en, {"row": invalid.text})


def _blank_rows(table: pa.Table) -> np.ndarray:
    blank = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:
        blank &= blank_mask(column.combine_chunks())
        if not blank.any():
            break
    return blank
