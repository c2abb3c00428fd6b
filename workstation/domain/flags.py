"""Outlier and audit flags: a bit set stored in ``case_results.flags``.

Each flag has a stable bit index (the stored data depends on it: append new
flags, never renumber), a code, Chinese and English names, and ``explain``
builds the one line the case-detail screen shows to say why it fired, from the
numbers the engine stored with the result.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntFlag
from typing import Any

from workstation.domain.messages import Text
from workstation.domain.money import fen_to_yuan_text


class Flag(IntFlag):
    HIGH = 1 << 0
    LOW = 1 << 1
    LONG_STAY = 1 << 2
    INCOMPLETE = 1 << 3
    UNGROUPED = 1 << 4
    SMALL_GROUP = 1 << 5
    NEW_TECH = 1 << 6
    READMIT = 1 << 7
    SEX_CONFLICT = 1 << 8
    FEE_MISMATCH = 1 << 9
    # The earlier stay of a readmission: its points are scaled by the rules'
    # readmission factor (Zhejiang halves them); flagged so the cut is explained.
    READMIT_PRIOR = 1 << 10
    # The group table marks the case's group for review (单议病组, or another attribute the
    # rules list in group_table.review_attributes): every case of it goes to the queue.
    GROUP_REVIEW = 1 << 11


@dataclass(frozen=True)
class FlagDef:
    code: str
    bit: int  # bit index; the stored mask is 1 << bit
    zh: str
    en: str

    @property
    def mask(self) -> int:
        return 1 << self.bit


FLAGS: tuple[FlagDef, ...] = (
    FlagDef("HIGH", 0, "高倍率病例", "High-cost outlier"),
    FlagDef("LOW", 1, "低倍率病例", "Low-cost outlier"),
    FlagDef("LONG_STAY", 2, "超长住院", "Long stay"),
    FlagDef("INCOMPLETE", 3, "住院过程不完整", "Incomplete stay"),
    FlagDef("UNGROUPED", 4, "未入组/歧义组", "Not grouped"),
    FlagDef("SMALL_GROUP", 5, "病例数过少", "Small group"),
    FlagDef("NEW_TECH", 6, "新药耗新技术", "New drug/device/technique"),
    FlagDef("READMIT", 7, "15日内再入院", "Readmitted within the window"),
    FlagDef("SEX_CONFLICT", 8, "性别冲突", "Sex conflict"),
    FlagDef("FEE_MISMATCH", 9, "费用明细不符", "Fee categories do not add up"),
    FlagDef("READMIT_PRIOR", 10, "再入院前次住院", "Stay followed by a readmission"),
    FlagDef("GROUP_REVIEW", 11, "单议病组病例", "Group reviewed case by case"),
)
FLAGS_BY_CODE: dict[str, FlagDef] = {f.code: f for f in FLAGS}

# The flags counted as outlier categories in the hospital summary, in display order.
OUTLIER_CODES: tuple[str, ...] = tuple(f.code for f in FLAGS)


def codes_of(mask: int) -> list[str]:
    """The flag codes set in ``mask``, in catalogue order."""
    return [f.code for f in FLAGS if mask & f.mask]


def codes_text(mask: int) -> str:
    return ";".join(codes_of(mask))


def mask_of(codes: list[str] | tuple[str, ...]) -> int:
    mask = 0
    for code in codes:
        mask |= FLAGS_BY_CODE[code].mask
    return mask


def flag_name(code: str, lang: str = "zh") -> str:
    found = FLAGS_BY_CODE.get(code)
    if found is None:
        return code
    return Text(found.zh, found.en).pick(lang)


def _yuan(fen: Any) -> str:
    return "—" if fen is None else fen_to_yuan_text(int(fen), thousands=True)


def explain(code: str, *, case: dict, result: dict, lang: str = "zh", rules: Any = None) -> str:
    """Why ``code`` fired on this case, e.g.
    ``费用 38,500.00 元 ≥ 3.0 × 均次费用 12,000.00 元 = 36,000.00 元``.

    ``case`` is the ``cases`` row, ``result`` the ``case_results`` row;
    ``rules`` (a ``Rules``) supplies the parameters not stored per case and
    defaults to the bundled rules.
    """
    if rules is None:
        from workstation.domain.rules import default_rules

        rules = default_rules()
    cost = _yuan(result.get("total_cost_fen", case.get("total_cost_fen")))
    avg = _yuan(result.get("avg_cost_fen"))
    if code == "HIGH":
        k = result.get("high_multiple") or "?"
        limit = _yuan(result.get("high_threshold_fen"))
        return Text(f"费用 {cost} 元 ≥ {k} × 均次费用 {avg} 元 = {limit} 元",
                    f"Cost {cost} yuan ≥ {k} × group average {avg} yuan = {limit} yuan").pick(lang)
    if code == "LOW":
        k = rules.low_multiple_text
        limit = _yuan(result.get("low_threshold_fen"))
        return Text(f"费用 {cost} 元 ≤ {k} × 均次费用 {avg} 元 = {limit} 元",
                    f"Cost {cost} yuan ≤ {k} × group average {avg} yuan = {limit} yuan").pick(lang)
    if code == "LONG_STAY":
        los = result.get("los", case.get("los"))
        days = rules.long_stay_days
        return Text(f"住院 {los} 天 ≥ {days} 天", f"Stay of {los} days ≥ {days} days").pick(lang)
    if code == "INCOMPLETE":
        mode = case.get("discharge_mode")
        modes = "/".join(str(m) for m in sorted(rules.incomplete_modes))
        return Text(f"离院方式 {mode} 属于 {modes}（转院、非医嘱离院、死亡）",
                    f"Discharge mode {mode} is one of {modes} (transfer, left against advice, died)").pick(lang)
    if code == "UNGROUPED":
        drg = case.get("drg_code", result.get("drg_code")) or "—"
        return Text(f"DRG编码“{drg}”为空、歧义组（…QY/0000）或不在现行分组方案中，按项目折算点数",
                    f"DRG code '{drg}' is empty, ambiguous (…QY/0000) or not in the current group table; "
                    "paid by item").pick(lang)
    if code == "SMALL_GROUP":
        n = result.get("benchmark_n")
        k = rules.small_group_min_cases
        return Text(f"本期该病组仅 {n} 例（少于 {k} 例）", f"The group has {n} cases in the period (< {k})").pick(lang)
    if code == "NEW_TECH":
        return Text("病例标记使用新药耗新技术", "The case is marked as using a new drug, device or technique").pick(lang)
    if code == "READMIT":
        days = rules.readmit_window_days
        return Text(f"前次出院后 {days} 日内同一医院同一病组再次入院",
                    f"Readmitted to the same hospital in the same DRG within {days} days of the previous discharge"
                    ).pick(lang)
    if code == "READMIT_PRIOR":
        factor = rules.readmit_points_factor_text
        return Text(f"出院后 {rules.readmit_window_days} 日内再次入院，本次点数 × {factor}",
                    f"Followed by a readmission within {rules.readmit_window_days} days; points × {factor}").pick(lang)
    if code == "SEX_CONFLICT":
        return Text("性别限定的诊断或手术与患者性别不符",
                    "A sex-specific diagnosis or procedure does not match the patient's sex").pick(lang)
    if code == "FEE_MISMATCH":
        tol = _yuan(rules.fee_mismatch_tolerance_fen)
        return Text(f"各项费用合计与医疗总费用 {cost} 元相差超过 {tol} 元",
                    f"The fee categories differ from the total cost {cost} yuan by more than {tol} yuan").pick(lang)
    if code == "GROUP_REVIEW":
        drg = case.get("drg_code", result.get("drg_code")) or "—"
        return Text(f"病组 {drg} 在分组表中标为单议病组（或规则所列的其他属性），每例均进入特例单议审核",
                    f"Group {drg} is marked for case-by-case review in the group table (单议病组, or another "
                    "attribute the rules list); every case goes to special-case review").pick(lang)
    return flag_name(code, lang)
