"""The outlier and audit rules for ONE case, scalar and exact: the reference.

The vectorised engine (``workstation.engine.detect``) must agree with these
functions on every case; the tests hold them side by side. Money is integer
fen, multiples are ``Fraction``; a boundary compares integers, never floats.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache

from workstation.domain.flags import Flag
from workstation.domain.rules import Rules
from workstation.paths import resource

CODE_SEPARATORS = re.compile(r"[;；,，|\s]+")


@dataclass(frozen=True)
class Benchmark:
    """What a case is measured against: its group in the period."""

    avg_cost_fen: int | None  # None: no benchmark (ungrouped)
    source: str  # table | computed | none
    n: int  # cases of the group in the period (region-wide)
    weight: Fraction | None
    base_points: Fraction | None
    payable_by_drg: bool = True
    review_group: bool = False  # the group table marks the group for case-by-case review


@dataclass(frozen=True)
class CaseFacts:
    """The fields of a case the rules look at."""

    total_cost_fen: int
    los: int
    discharge_mode: int
    drg_code: str | None = "FM19"
    sex: int = 1
    dx_codes: tuple[str, ...] = ()
    proc_codes: tuple[str, ...] = ()
    fees_fen: tuple[int | None, ...] = ()
    new_tech: bool = False
    hospital_level: int | None = None
    coefficient: Fraction = Fraction(1)
    readmit: bool = False  # from ``readmissions``: this stay is a readmission
    readmit_prior: bool = False  # ... this stay was followed by one


def split_codes(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(c.upper() for c in CODE_SEPARATORS.split(str(text).strip()) if c)


def is_ungrouped_code(code: str | None, rules: Rules, group_codes: frozenset[str] | None) -> bool:
    """Empty, ``0000``, ``…QY``, or (when a group table is loaded) not in it."""
    text = (code or "").strip().upper()
    if text in rules.ungrouped_codes or text == "":
        return True
    if any(text.endswith(suffix) for suffix in rules.ungrouped_suffixes):
        return True
    return bool(rules.ungrouped_not_in_table and group_codes is not None and text not in group_codes)


def high_threshold_fen(avg_cost_fen: int, multiple: Fraction) -> int:
    """The least whole fen that is HIGH: ceil(k × average). cost >= it <=> cost >= k × average."""
    return -((-multiple.numerator * avg_cost_fen) // multiple.denominator)


def low_threshold_fen(avg_cost_fen: int, multiple: Fraction) -> int:
    """The greatest whole fen that is LOW: floor(k × average). cost <= it <=> cost <= k × average."""
    return (multiple.numerator * avg_cost_fen) // multiple.denominator


def is_high(cost_fen: int, avg_cost_fen: int, multiple: Fraction) -> bool:
    return cost_fen * multiple.denominator >= multiple.numerator * avg_cost_fen


def is_low(cost_fen: int, avg_cost_fen: int, multiple: Fraction) -> bool:
    return cost_fen * multiple.denominator <= multiple.numerator * avg_cost_fen


def fee_mismatch(total_cost_fen: int, fees_fen: Iterable[int | None], tolerance_fen: int) -> bool:
    """The fee categories present differ from the total by MORE than the tolerance."""
    present = [f for f in fees_fen if f is not None]
    return bool(present) and abs(sum(present) - total_cost_fen) > tolerance_fen


@dataclass(frozen=True)
class SexCodes:
    """Code prefixes that fit one sex only: (kind, prefix) -> sex."""

    dx_female: tuple[str, ...]
    dx_male: tuple[str, ...]
    proc_female: tuple[str, ...]
    proc_male: tuple[str, ...]

    def forbidden_for(self, sex: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(diagnosis prefixes, procedure prefixes) that conflict with ``sex``."""
        if sex == 1:
            return self.dx_female, self.proc_female
        if sex == 2:
            return self.dx_male, self.proc_male
        return (), ()


@lru_cache(maxsize=1)
def sex_codes() -> SexCodes:
    groups: dict[tuple[str, str], list[str]] = {("dx", "1"): [], ("dx", "2"): [], ("proc", "1"): [], ("proc", "2"): []}
    with open(resource("codes", "sex_specific.csv"), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            groups[(row["kind"].strip(), row["sex"].strip())].append(row["prefix"].strip().upper())
    return SexCodes(tuple(groups[("dx", "2")]), tuple(groups[("dx", "1")]),
                    tuple(groups[("proc", "2")]), tuple(groups[("proc", "1")]))


def sex_conflict(sex: int, dx_codes: Sequence[str], proc_codes: Sequence[str], table: SexCodes) -> bool:
    dx_bad, proc_bad = table.forbidden_for(sex)
    return (any(code.upper().startswith(dx_bad) for code in dx_codes if dx_bad)
            or any(code.upper().startswith(proc_bad) for code in proc_codes if proc_bad))


@dataclass(frozen=True)
class Stay:
    key: object  # anything identifying the case
    patient_id: str
    hospital_code: str
    drg_code: str | None
    admit: date
    discharge: date


def readmissions(stays: Iterable[Stay], window_days: int) -> tuple[set, set]:
    """(readmissions, earlier stays): same patient, hospital and DRG, admitted again
    0..window_days days after the previous discharge. Ungrouped stays are not paired."""
    by_key: dict[tuple, list[Stay]] = {}
    for stay in stays:
        if stay.drg_code:
            by_key.setdefault((stay.patient_id, stay.hospital_code, stay.drg_code), []).append(stay)
    later, prior = set(), set()
    for group in by_key.values():
        group.sort(key=lambda s: (s.admit, s.discharge, s.key))
        for previous, current in zip(group, group[1:]):
            gap = (current.admit - previous.discharge).days
            if 0 <= gap <= window_days:
                later.add(current.key)
                prior.add(previous.key)
    return later, prior


def case_flags(case: CaseFacts, bench: Benchmark, rules: Rules, ungrouped: bool,
               table: SexCodes | None = None) -> tuple[Flag, tuple[Fraction, str] | None]:
    """The flags of one case, and the HIGH multiple used (None when no benchmark applies)."""
    flags = Flag(0)
    multiple = None
    if ungrouped:
        flags |= Flag.UNGROUPED
    elif bench.avg_cost_fen and bench.payable_by_drg:
        multiple = rules.high_multiple_for(bench.base_points, case.hospital_level)
        if multiple is not None and is_high(case.total_cost_fen, bench.avg_cost_fen, multiple[0]):
            flags |= Flag.HIGH
        if is_low(case.total_cost_fen, bench.avg_cost_fen, rules.low_multiple):
            flags |= Flag.LOW
    if not ungrouped and bench.n < rules.small_group_min_cases:
        flags |= Flag.SMALL_GROUP
    if not ungrouped and bench.review_group:
        flags |= Flag.GROUP_REVIEW
    if case.los >= rules.long_stay_days:
        flags |= Flag.LONG_STAY
    if case.discharge_mode in rules.incomplete_modes:
        flags |= Flag.INCOMPLETE
    if case.new_tech:
        flags |= Flag.NEW_TECH
    if case.readmit:
        flags |= Flag.READMIT
    if case.readmit_prior:
        flags |= Flag.READMIT_PRIOR
    if sex_conflict(case.sex, case.dx_codes, case.proc_codes, table or sex_codes()):
        flags |= Flag.SEX_CONFLICT
    if fee_mismatch(case.total_cost_fen, case.fees_fen, rules.fee_mismatch_tolerance_fen):
        flags |= Flag.FEE_MISMATCH
    return flags, multiple
