"""The flag catalogue the review desk shows — code, mask, names — and why a flag fired.

The definitions are the engine's (``workstation.domain.flags``). A flag is explained with the
rules its result was computed with (``case_results.ruleset_id``), so a region's own thresholds
(a 45-day long stay, a 7-day readmission window) are the ones the reviewer reads.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from workstation.domain.flags import FLAGS, FLAGS_BY_CODE, explain
from workstation.domain.messages import Text, UserError


@dataclass(frozen=True)
class FlagInfo:
    code: str
    bit: int  # the stored mask of the flag (1 << its bit index)
    zh: str
    en: str


def flag_catalog() -> list[FlagInfo]:
    """Every flag the engine can set, in display order."""
    return [FlagInfo(f.code, f.mask, f.zh, f.en) for f in FLAGS]


def flag_mask(codes: list[str] | tuple[str, ...]) -> int:
    mask = 0
    for code in codes:
        mask |= FLAGS_BY_CODE[code].mask if code in FLAGS_BY_CODE else 0
    return mask


def flag_name(code: str, lang: str = "zh") -> str:
    flag = FLAGS_BY_CODE.get(code)
    return Text(flag.zh, flag.en).pick(lang) if flag is not None else code


def explain_flag(db: Database, code: str, case: dict, result: dict, lang: str = "zh") -> str:
    """One line saying why a flag fired, from the numbers the engine stored and the rules it used."""
    from workstation.engine.ruleset import rules_of

    try:
        rules = rules_of(db, result.get("ruleset_id"))
    except UserError:  # a stored rules text that no longer reads: the flag's name still says what fired
        return flag_name(code, lang)
    return explain(code, case=case, result=result, lang=lang, rules=rules) or flag_name(code, lang)
