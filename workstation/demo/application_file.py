"""The demo's special-case application file (特例单议申报表, formats.md §4).

Written beside the demo batch, naming cases of its first chunk that a hospital
would apply for (high cost, long stay, new technique, a death after a critical
illness), plus the bad rows real files carry — an unknown case, another
hospital's case, an ineligible reason, no statement, an unreadable amount and the
same application twice — so ``applications import`` shows its quarantine.
Drawn with its own generator: the batch's bytes do not change with it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from workstation.demo import review_texts as texts
from workstation.demo.cases import TRAIT_INDEX, CaseChunk
from workstation.demo.catalog import demo_groups, demo_hospitals
from workstation.demo.review_texts import (
    APPLICATION_HEADERS,
    DOCUMENTS,
    INELIGIBLE_REASON,
    METHOD_BY_ITEM,
    UNREADABLE_AMOUNT,
)
from workstation.domain.money import fen_to_yuan_text
from workstation.domain.review.policy import REASON_NAMES

GOOD_ROWS = 8
CRITICAL_COST_FEN = 2_000_000  # a death after care costing 20,000 yuan or more: a complex critical illness
_TRAIT_REASON = {"high_cost": "HIGH_COST", "long_stay": "LONG_STAY", "new_tech": "NEW_TECH"}


@dataclass(frozen=True)
class ApplicationFile:
    path: Path
    good: tuple[tuple[str, str], ...]  # (hospital_code, case_id) of the rows the import accepts
    bad_rows: int  # rows the import quarantines
    cases: frozenset[str]  # every case id the file names (the pre-filled workflow leaves them alone)


def _candidates(chunk: CaseChunk) -> list[tuple[int, str]]:
    """(row, reason) of cases a hospital would apply for, one reason each."""
    found = [(int(row), reason) for trait, reason in _TRAIT_REASON.items()
             for row in np.flatnonzero(chunk.trait == TRAIT_INDEX[trait])]
    died = (chunk.trait == TRAIT_INDEX["normal"]) & (chunk.discharge_mode == 5) & \
        (chunk.total_fen >= CRITICAL_COST_FEN)
    found += [(int(row), "CRITICAL") for row in np.flatnonzero(died)]
    return sorted(found)


def write_application_file(target: Path, codec: str, chunk: CaseChunk, case_prefix: str,
                           seed: int) -> ApplicationFile:
    rng = np.random.default_rng([int(seed), 412])  # its own stream: the batch stays as it was
    hospitals, groups = demo_hospitals(), demo_groups()
    candidates = _candidates(chunk)
    order = rng.permutation(len(candidates)) if candidates else np.array([], dtype=np.int64)
    chosen: list[tuple[int, str]] = []
    extras: list[tuple[int, str]] = []
    seen_hospitals: set[int] = set()
    for index in order:  # spread over hospitals: one application each while there are others
        row, reason = candidates[int(index)]
        hospital = int(chunk.hospital[row])
        if len(chosen) < GOOD_ROWS and hospital not in seen_hospitals:
            chosen.append((row, reason))
            seen_hospitals.add(hospital)
        else:
            extras.append((row, reason))

    def case_id(row: int) -> str:
        return f"{case_prefix}{row:08d}"

    def line(row: int, reason: str, *, statement: str | None = None, amount: str | None = None,
             hospital: str | None = None, case: str | None = None) -> list[str]:
        group = int(chunk.group[row])
        said = texts.statement(reason, row, drg_code=str(groups.codes[group]), drg_name=str(groups.names[group]),
                               cost_fen=int(chunk.total_fen[row]), los=int(chunk.los[row]))
        return [hospital or hospitals[int(chunk.hospital[row])].code, case or case_id(row),
                REASON_NAMES[reason].zh, said if statement is None else statement,
                METHOD_BY_ITEM, fen_to_yuan_text(int(chunk.total_fen[row])) if amount is None else amount,
                DOCUMENTS, ""]  # no 申报日期: the day of the import

    rows = [line(row, reason) for row, reason in chosen]
    bad: list[list[str]] = []
    if chosen:
        first_row, first_reason = chosen[0]
        spare = (extras + chosen)[:3]
        while len(spare) < 3:
            spare.append(chosen[0])
        own = int(chunk.hospital[first_row])
        other = hospitals[(own + 1) % len(hospitals)].code
        bad = [
            line(first_row, first_reason, case=f"{case_prefix}99999999"),  # no such case
            line(first_row, first_reason, hospital=other),  # another hospital's case
            line(spare[0][0], spare[0][1]),  # an ineligible reason (set below)
            line(spare[1][0], spare[1][1], statement=""),  # no statement
            line(spare[2][0], spare[2][1], amount=UNREADABLE_AMOUNT),
            line(first_row, first_reason),  # the same application twice
        ]
        bad[2][2] = INELIGIBLE_REASON
    # Bad rows among the good ones, as they come in a real file.
    for offset, spoiled in enumerate(bad):
        rows.insert(min(len(rows), 1 + 2 * offset), spoiled)
    with target.open("w", encoding=codec, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(APPLICATION_HEADERS)
        writer.writerows(rows)
    good = tuple((hospitals[int(chunk.hospital[r])].code, case_id(r)) for r, _ in chosen)
    return ApplicationFile(target, good, len(bad), frozenset(r[1] for r in rows))
