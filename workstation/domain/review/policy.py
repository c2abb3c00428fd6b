"""The review workflow's rules, read from the ``[review]`` section of the rules file.

Every number is a default an administrator may change per region (domain.md):
the eligible reasons, the panel's size and majority, the review cycle and its
settlement deadline (working days, with the region's holiday calendar), the
appeal period, and whether high-value consumables are settled apart.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from workstation.domain.messages import Text, UserError
from workstation.domain.rules import Rules
from workstation.domain.rules import bad_value as _bad
from workstation.domain.rules import required_decimal as _decimal
from workstation.domain.rules import text_list as _str_list
from workstation.domain.rules import value_at as _get
from workstation.domain.rules import whole_number as _int

REASON_NAMES = {
    "LONG_STAY": Text("住院时间长", "long stay"),
    "HIGH_COST": Text("医疗费用高", "high cost"),
    "NEW_TECH": Text("使用新药耗新技术", "new drug, device or technique"),
    "CRITICAL": Text("复杂危重症", "complex critical illness"),
    "MDT": Text("多学科联合诊疗", "multidisciplinary treatment"),
}
# Other spellings hospitals write: formats.md §4 names NEW_TECH 新药耗新技术 (without 使用).
REASON_ALIASES = {"新药耗新技术": "NEW_TECH"}
CYCLES = ("month", "quarter")


@dataclass(frozen=True)
class ReviewPolicy:
    eligible_reasons: tuple[str, ...]
    panel_size: int
    majority_share: Fraction  # a side carries with MORE than this share of the panel
    cycle: str  # month | quarter
    settlement_working_days: int
    holidays: frozenset[date]
    extra_working_days: frozenset[date]  # weekend days worked in exchange for a holiday (调休)
    appeal_days: int  # calendar days after the notice
    high_value_apart: bool  # high-value consumables paid at cost, outside the points
    cap: Fraction  # applications per hospital and period, a share of its DRG-paid discharges


# Bounds a rules file cannot leave: a panel of at least three (合议), a majority of at least half,
# an appeal period a notice can honestly state.
MIN_PANEL_SIZE, MAX_PANEL_SIZE = 3, 15
MIN_MAJORITY_SHARE = Fraction(1, 2)
MAX_APPEAL_DAYS = 180


def _dates(doc: dict, key: str) -> frozenset[date]:
    values = _str_list(doc, key)
    try:
        return frozenset(date.fromisoformat(v.strip()) for v in values)
    except ValueError:
        raise _bad(key, values, "日期应写作 2025-10-01", "write dates as 2025-10-01") from None


def review_policy(rules: Rules) -> ReviewPolicy:
    doc = rules.raw
    reasons = tuple(r.strip().upper() for r in _str_list(doc, "review.eligible_reasons"))
    unknown = [r for r in reasons if r not in REASON_NAMES]
    if unknown or not reasons:
        raise _bad("review.eligible_reasons", reasons, "应为 " + "、".join(REASON_NAMES) + " 中的若干项",
                   "use some of " + ", ".join(REASON_NAMES))
    share, _ = _decimal(doc, "review.majority_share", positive=True)
    if not MIN_MAJORITY_SHARE <= share < 1:
        # Below one half two opposite sides could both "carry"; a rules file is no way to lower the bar.
        raise _bad("review.majority_share", _get(doc, "review.majority_share"), "应不小于 0.5 且小于 1",
                   "must be at least 0.5 and below 1")
    panel_size = _int(doc, "review.panel_size", MIN_PANEL_SIZE)
    if panel_size > MAX_PANEL_SIZE:
        raise _bad("review.panel_size", panel_size, f"应为 {MIN_PANEL_SIZE} 至 {MAX_PANEL_SIZE}",
                   f"must be {MIN_PANEL_SIZE} to {MAX_PANEL_SIZE}")
    appeal_days = _int(doc, "review.appeal_days", 1)
    if appeal_days > MAX_APPEAL_DAYS:
        raise _bad("review.appeal_days", appeal_days, f"应为 1 至 {MAX_APPEAL_DAYS} 天",
                   f"must be 1 to {MAX_APPEAL_DAYS} days")
    cycle = _get(doc, "review.cycle")
    if cycle not in CYCLES:
        raise _bad("review.cycle", cycle, "应为 month 或 quarter", "must be month or quarter")
    apart = _get(doc, "review.high_value_apart")
    if not isinstance(apart, bool):
        raise _bad("review.high_value_apart", apart, "应为 true 或 false", "must be true or false")
    return ReviewPolicy(
        eligible_reasons=reasons, panel_size=panel_size, majority_share=share,
        cycle=cycle, settlement_working_days=_int(doc, "review.settlement_working_days", 1),
        holidays=_dates(doc, "review.holidays"), extra_working_days=_dates(doc, "review.extra_working_days"),
        appeal_days=appeal_days, high_value_apart=apart, cap=rules.special_case_cap)


def parse_reason(text: str, policy: ReviewPolicy) -> str:
    """A reason code from its code or Chinese name; refuses one the rules do not make eligible."""
    value = str(text or "").strip()
    code = next((c for c, name in REASON_NAMES.items() if value.upper() == c or value == name.zh),
                REASON_ALIASES.get(value))
    if code is None or code not in policy.eligible_reasons:
        allowed_zh = Text("、", ", ").join(f"{c} {REASON_NAMES[c].zh}" for c in policy.eligible_reasons).zh
        allowed_en = ", ".join(policy.eligible_reasons)
        raise UserError(f"申报类型 {value!r} 不在可申报范围内，应为：{allowed_zh}。",
                        f"Reason {value!r} is not eligible; use one of: {allowed_en}.")
    return code
