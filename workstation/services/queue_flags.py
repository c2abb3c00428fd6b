"""The flag catalogue the review desk shows: code, bit, names, and why a flag fired.

The outlier engine owns the definitions (``workstation.domain.flags``); this
adapter reads them from there when that module is present and otherwise uses
the codes of the domain spec in the spec's order, so the queue works before
the engine lands and follows the engine's bits once it does.
"""
from __future__ import annotations

from dataclasses import dataclass

from workstation.domain.messages import Text
from workstation.domain.money import fen_to_yuan_text


@dataclass(frozen=True)
class FlagInfo:
    code: str
    bit: int
    zh: str
    en: str


_SPEC_FLAGS = (
    ("HIGH", "高倍率病例", "High-cost outlier"),
    ("LOW", "低倍率病例", "Low-cost outlier"),
    ("LONG_STAY", "超长住院", "Long stay"),
    ("INCOMPLETE", "住院过程不完整", "Incomplete stay"),
    ("UNGROUPED", "未入组/歧义组", "Not grouped"),
    ("SMALL_GROUP", "病例数过少", "Small group"),
    ("NEW_TECH", "新药耗新技术", "New drug/device/technique"),
    ("READMIT", "15日内再入院", "Readmitted within 15 days"),
    ("SEX_CONFLICT", "性别冲突", "Sex conflict"),
    ("FEE_MISMATCH", "费用明细不符", "Fee categories do not add up"),
)


def _from_engine() -> list[FlagInfo] | None:
    try:
        from workstation.domain import flags as engine_flags
    except ImportError:
        return None
    found = getattr(engine_flags, "FLAGS", None) or getattr(engine_flags, "ALL_FLAGS", None)
    if not found:
        return None
    infos = []
    for item in found:
        code = getattr(item, "code", None)
        mask = getattr(item, "mask", None)
        if mask is None and getattr(item, "bit", None) is not None:
            mask = 1 << int(item.bit)
        if code is None or mask is None:
            return None
        infos.append(FlagInfo(code, int(mask), getattr(item, "zh", None) or code,
                              getattr(item, "en", None) or code))
    return infos


def flag_catalog() -> list[FlagInfo]:
    """Every flag the engine can set, in display order."""
    return _from_engine() or [FlagInfo(code, 1 << i, zh, en) for i, (code, zh, en) in enumerate(_SPEC_FLAGS)]


def flag_mask(codes: list[str] | tuple[str, ...]) -> int:
    by_code = {f.code: f.bit for f in flag_catalog()}
    mask = 0
    for code in codes:
        mask |= by_code.get(code, 0)
    return mask


def flag_name(code: str, lang: str = "zh") -> str:
    for info in flag_catalog():
        if info.code == code:
            return Text(info.zh, info.en).pick(lang)
    return code


def explain_flag(code: str, case: dict, result: dict, lang: str = "zh") -> str:
    """One line saying why a flag fired, from the numbers the engine stored."""
    try:
        from workstation.domain import flags as engine_flags
        explain = getattr(engine_flags, "explain", None)
        if explain is not None:
            text = explain(code, case=case, result=result, lang=lang)
            if text:
                return str(text)
    except Exception:  # noqa: BLE001 - a broken rules file must not hide the case; explain from stored numbers
        pass
    return _explain_locally(code, case, result, lang)


def _yuan(fen) -> str:
    return fen_to_yuan_text(fen, thousands=True) if fen is not None else "—"


def _explain_locally(code: str, case: dict, result: dict, lang: str) -> str:
    cost = _yuan(result.get("total_cost_fen", case.get("total_cost_fen")))
    if code == "HIGH":
        k = result.get("high_multiple") or "?"
        return Text(f"总费用 {cost} ≥ {k} 倍病组均次费用 = {_yuan(result.get('high_threshold_fen'))}",
                    f"Cost {cost} ≥ {k} × group average = {_yuan(result.get('high_threshold_fen'))}").pick(lang)
    if code == "LOW":
        return Text(f"总费用 {cost} ≤ 低倍率界值 {_yuan(result.get('low_threshold_fen'))}",
                    f"Cost {cost} ≤ low threshold {_yuan(result.get('low_threshold_fen'))}").pick(lang)
    if code == "LONG_STAY":
        los = result.get("los", case.get("los"))
        return Text(f"住院 {los} 天 ≥ 60 天", f"Stay of {los} days ≥ 60 days").pick(lang)
    if code == "INCOMPLETE":
        mode = case.get("discharge_mode")
        return Text(f"离院方式为 {mode}（转院、非医嘱离院或死亡）",
                    f"Discharge mode {mode} (transfer, left against advice or died)").pick(lang)
    if code == "UNGROUPED":
        drg = case.get("drg_code") or "—"
        return Text(f"DRG编码“{drg}”为空、歧义组或不在分组方案中",
                    f"DRG code '{drg}' is empty, ambiguous or not in the group table").pick(lang)
    if code == "SMALL_GROUP":
        n = result.get("benchmark_n")
        return Text(f"本期该病组仅 {n} 例（少于 5 例）", f"The group has only {n} cases in the period (< 5)").pick(lang)
    if code == "NEW_TECH":
        return Text("病例标记使用新药耗新技术", "The case is marked as using a new drug, device or technique").pick(lang)
    if code == "READMIT":
        return Text("15 日内同一医院同一病组再次入院",
                    "Readmitted to the same hospital in the same DRG within 15 days").pick(lang)
    if code == "SEX_CONFLICT":
        return Text("性别限定的诊断或手术与患者性别不符",
                    "A sex-specific diagnosis or procedure does not match the patient's sex").pick(lang)
    if code == "FEE_MISMATCH":
        return Text("14 项费用合计与总费用相差超过 1 元",
                    "The 14 fee categories differ from the total cost by more than 1 yuan").pick(lang)
    return flag_name(code, lang)
