"""Which column of a published group table serves what (formats.md §2).

Published tables name their columns in many ways: ``分组编码`` or a bare ``DRG`` for the code,
one payment standard or one per hospital level (``三级医院支付标准``, ``支付标准（三级）``) and
insurance type (``（职工）`` / ``（居民）``), per-level coefficients (``二级医院系数``), group
attributes (``基础病组``, ``不稳定病组``, ``中医优势病组``, ``单议病组``). This module places each
column; a column it cannot place (e.g. ``支付标准（青医/市立/齐鲁）``, per hospital group) is
reported and left out, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from workstation.domain.messages import Text
from workstation.reference.tabular import normalise_header

GROUP_HEADERS: dict[str, tuple[str, ...]] = {
    "drg_code": ("DRG编码", "病组编码", "DRG组编码", "DRG代码", "分组编码", "分组代码", "病组代码", "DRG",
                 "DRG组", "code"),
    "drg_name": ("DRG名称", "病组名称", "DRG组名称", "分组名称", "name"),
    "weight": ("权重", "RW", "相对权重", "初始权重", "基准权重", "病组权重"),
    "base_points": ("基准点数", "点数"),
    "avg_cost": ("均次费用", "次均费用", "支付标准", "平均费用"),
    "avg_los": ("平均住院日", "平均住院天数"),
    "remark": ("备注", "说明"),
}
# A point-value table's score (标准分值): its meaning must be chosen (``score_as``).
SCORE_HEADERS = ("标准分值", "分值", "基准分值", "病组分值")
SCORE_MEANINGS = ("base-points", "weight")
# Headers that name an average cost / payment standard among other words.
COST_WORDS = ("支付标准", "均次费用", "次均费用", "平均费用")
LEVEL_WORDS = {"一级": 1, "二级": 2, "三级": 3}
INSURANCE_WORDS = {"职工": "employee", "居民": "resident"}
# Words a standard's header may carry that do not change what it is.
_NEUTRAL = ("医疗机构", "医院", "定点", "DRG", "drg", "病组", "基准", "标准", "元", "例", "及以下", "以上",
            "年度", "年")
# Attribute columns: header -> (attribute, what 是 means).
ATTRIBUTE_HEADERS: dict[str, tuple[str, str]] = {
    "基础病组": ("base_group", "yes"), "是否基础病组": ("base_group", "yes"),
    "中医优势病组": ("tcm_advantage", "yes"), "是否中医优势病组": ("tcm_advantage", "yes"),
    "单议病组": ("single_review", "yes"), "是否单议病组": ("single_review", "yes"),
    "特例单议病组": ("single_review", "yes"),
    "稳定组": ("stability", "stable"), "稳定病组": ("stability", "stable"), "是否稳定病组": ("stability", "stable"),
    "不稳定组": ("stability", "unstable"), "不稳定病组": ("stability", "unstable"),
    "是否不稳定病组": ("stability", "unstable"),
}
# Columns whose text names the kind of group (基础病组 / 不稳定病组 / …).
KIND_HEADERS = ("病组类型", "病组类别", "分组类型", "类型", "类别", "稳定性", "病组稳定性", "病组性质")


@dataclass
class ColumnPlan:
    """Column indexes by role, and what was left out and why."""

    keys: dict[str, int]  # drg_code, drg_name, weight, base_points, avg_los, remark
    default_cost: int | None = None  # the group's own payment standard
    level_costs: list[tuple[int, int | None, str | None]] = field(default_factory=list)  # (col, level, insurance)
    level_coefficients: list[tuple[int, int]] = field(default_factory=list)  # (col, level)
    attributes: list[tuple[int, str, str]] = field(default_factory=list)  # (col, attribute, meaning of 是)
    kind_columns: list[int] = field(default_factory=list)
    score: int | None = None  # 标准分值, when its meaning was chosen
    left_out: list[tuple[str, Text]] = field(default_factory=list)  # (header, why)
    placed: list[tuple[str, Text]] = field(default_factory=list)  # (header, what it serves)

    def used(self) -> set[int]:
        return (set(self.keys.values()) | {i for i, _, _ in self.level_costs} | {i for i, _ in self.level_coefficients}
                | {i for i, _, _ in self.attributes} | set(self.kind_columns)
                | ({self.default_cost} if self.default_cost is not None else set())
                | ({self.score} if self.score is not None else set()))


def level_text(level: int | None, insurance: str | None) -> Text:
    """Who a standard serves, e.g. 二级医院·职工 / level 2 hospitals, employees."""
    parts = []
    if level is not None:
        parts.append(Text(f"{'一二三'[level - 1]}级医院", f"level {level} hospitals"))
    if insurance is not None:
        parts.append(Text("职工医保", "employees") if insurance == "employee" else Text("居民医保", "residents"))
    return Text("·", ", ").join(parts) if parts else Text("各级医院", "every level")


def _words(header: str) -> tuple[int | None, str | None, str]:
    """(level, insurance, what is left of the header once the known words are taken out)."""
    text = normalise_header(header)
    levels = [lv for word, lv in LEVEL_WORDS.items() if word in text]
    insurances = [ins for word, ins in INSURANCE_WORDS.items() if word in text]
    rest = text
    for word in (*COST_WORDS, *LEVEL_WORDS, *INSURANCE_WORDS, "系数", *_NEUTRAL):
        rest = rest.replace(normalise_header(word), "")
    rest = re.sub(r"[()\[\]/、,，:：\-_·\d]", "", rest)
    if len(levels) > 1 or len(insurances) > 1:
        rest = rest or "…"  # several levels in one header: which one it is cannot be told
    return (levels[0] if len(levels) == 1 else None, insurances[0] if len(insurances) == 1 else None, rest)


def _is_cost(header: str) -> bool:
    text = normalise_header(header)
    return any(normalise_header(word) in text for word in COST_WORDS)


def plan_columns(headers: list[str], keys: dict[str, int], cost_column: str | None) -> ColumnPlan:
    """Place every column; ``cost_column`` (--cost-column) names the one standard to use for all levels."""
    plan = ColumnPlan({k: v for k, v in keys.items() if k != "avg_cost"})
    taken = set(plan.keys.values())
    attribute_names = {normalise_header(h): v for h, v in ATTRIBUTE_HEADERS.items()}
    kind_names = {normalise_header(h) for h in KIND_HEADERS}
    score_names = {normalise_header(h) for h in SCORE_HEADERS}
    plain: list[int] = []
    for i, header in enumerate(headers):
        if i in taken:
            continue
        name = normalise_header(header)
        if name in attribute_names:
            attribute, meaning = attribute_names[name]
            plan.attributes.append((i, attribute, meaning))
        elif name in kind_names:
            plan.kind_columns.append(i)
        elif name in score_names:
            plan.score = i
        elif i == keys.get("avg_cost"):  # a cost header exactly as the formats name it
            plain.append(i)
        elif _is_cost(header):
            level, insurance, rest = _words(header)
            if rest:
                plan.left_out.append((header, Text(
                    "无法确定此列适用于哪一级医院或哪类参保人（如按医院集团分列），未采用；如需采用，请用 --cost-column 指定",
                    "which hospital level or insurance type it serves cannot be told (e.g. one column per "
                    "hospital group), so it is left out; name it with --cost-column to use it")))
            elif level is None and insurance is None:
                plain.append(i)
            else:
                plan.level_costs.append((i, level, insurance))
        elif "系数" in header:
            level, insurance, rest = _words(header)
            if level is not None and insurance is None and not rest.replace("等级", "").replace("调整", ""):
                plan.level_coefficients.append((i, level))
            else:
                plan.left_out.append((header, Text(
                    "系数列未注明适用的医院级别，未采用（医院的差异系数在医疗机构表中给出）",
                    "a coefficient column that names no hospital level is left out (a hospital's coefficient "
                    "comes from the hospital table)")))
    if plain:
        plan.default_cost = plain[0]
        for extra in plain[1:]:
            plan.left_out.append((headers[extra], Text(
                f"已采用“{headers[plain[0]]}”作支付标准，此列未采用；如需此列，请用 --cost-column 指定",
                f"\"{headers[plain[0]]}\" is the payment standard, so this column is left out; choose it with "
                "--cost-column")))
    if cost_column is not None:
        _apply_cost_column(plan, headers, cost_column)
    for i, level, insurance in plan.level_costs:
        plan.placed.append((headers[i], Text("支付标准：", "payment standard: ") + level_text(level, insurance)))
    for i, level in plan.level_coefficients:
        plan.placed.append((headers[i], Text("系数：", "coefficient: ") + level_text(level, None)))
    _default_from_levels(plan, headers)
    return plan


def _apply_cost_column(plan: ColumnPlan, headers: list[str], requested: str) -> None:
    """--cost-column: that one column is the standard at every level; the other standards are left out."""
    from workstation.domain.messages import UserError

    wanted = normalise_header(requested)
    costs = [i for i, h in enumerate(headers) if _is_cost(h)]
    exact = [i for i, h in enumerate(headers) if normalise_header(h) == wanted]
    chosen = exact or [i for i in costs if wanted in normalise_header(headers[i])]
    listed = Text("、", ", ").join(headers[i] for i in costs) or Text("（无）", "(none)")
    if len(chosen) != 1:
        raise UserError(
            f"分组权重表中{'没有' if not chosen else '有多个'}与“{requested}”对应的费用列。"
            f"可选的列：{listed.zh}。请用 --cost-column 写出其中一列的完整表头。",
            f"The group table has {'no' if not chosen else 'more than one'} cost column matching \"{requested}\". "
            f"Columns to choose from: {listed.en}. Give one of them in full with --cost-column.")
    plan.left_out = [(h, why) for h, why in plan.left_out if h != headers[chosen[0]]]
    for i in costs:
        if i != chosen[0] and (i == plan.default_cost or any(i == c for c, _, _ in plan.level_costs)):
            plan.left_out.append((headers[i], Text("已用 --cost-column 指定另一列，此列未采用",
                                                   "--cost-column chose another column, so this one is left out")))
    plan.default_cost, plan.level_costs = chosen[0], []


def _default_from_levels(plan: ColumnPlan, headers: list[str]) -> None:
    """Without a plain standard, the group's own (for a hospital whose level the table does not
    serve, or is unknown) is the 三级 column, else the first placed one: reported."""
    if plan.default_cost is not None or not plan.level_costs:
        return
    top = [c for c in plan.level_costs if c[1] == 3 and c[2] is None] or [c for c in plan.level_costs if c[1] == 3]
    plan.default_cost = (top or plan.level_costs)[0][0]
    plan.placed.append((headers[plan.default_cost], Text(
        "也用于表中未列出的级别或级别不明的医院", "also used for a hospital whose level the table does not list, "
        "or whose level is unknown")))
