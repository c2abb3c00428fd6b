"""The flag catalogue the review desk shows — code, mask, names — and why a flag fired.

The definitions are the engine's (``workstation.domain.flags``). A flag is explained with the
rules its result was computed with (``case_results.ruleset_id``), so a region's own thresholds
(a 45-day long stay, a 7-day readmission window) are the ones the reviewer reads.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from workstation.domain.flags import FLAGS, FLAGS_BY_CODE, explain, mask_of
from workstation.domain.messages import Text, UserError
from workstation.domain.rules import Rules


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
    """The mask of ``codes``; a code the engine does not know (an old saved filter) adds nothing."""
    return mask_of([code for code in codes if code in FLAGS_BY_CODE])


def flag_name(code: str, lang: str = "zh") -> str:
    flag = FLAGS_BY_CODE.get(code)
    return Text(flag.zh, flag.en).pick(lang) if flag is not None else code


def result_rules(db: Database, result: dict) -> Rules | None:
    """The rules a result was computed with; None when its stored text no longer reads."""
    from workstation.engine.ruleset import rules_of

    try:
        return rules_of(db, result.get("ruleset_id"))
    except UserError:
        return None


def explain_flag(code: str, case: dict, result: dict, rules: Rules | None, lang: str = "zh") -> str:
    """One line saying why a flag fired, from the numbers the engine stored and ``rules``
    (``result_rules``); without rules the flag's name still says what fired."""
    if rules is None:
        return flag_name(code, lang)
    return explain(code, case=case, result=result, lang=lang, rules=rules) or flag_name(code, lang)
