"""What each rules parameter means, in Chinese and in English, and its value as a reader sees it.

One table for every key the engine reads (``resources/rules/default.toml``), so the
reference page and the CLI explain the rules in the language of the interface without
parsing the comments of a TOML file (a loaded rule set is stored without comments).
The Chinese is written for a medical-insurance reviewer: domain terms, no English
words except codes such as HIGH. Sources are those of domain.md.
"""
from __future__ import annotations

from workstation.domain.messages import Text, language

PERIOD_PREFIX = "point_value.periods."

RULE_DESCRIPTIONS: dict[str, Text] = {
    "ruleset.name": Text(
        "规则名称：记入审计日志和每条计算结果，据此可查明结果按哪套规则算出。",
        "Name of the rule set; recorded in the audit log and with every result, so each result "
        "shows which rules produced it."),
    "high.basis": Text(
        "高倍率病例倍数 k 的确定方式：按病组基准点数分档，或按医院级别（三级、二级、一级）。"
        "来源：浙江/杭州 2020（按基准点数）；国家技术规范（按医院级别）。",
        "How the high-cost multiple k is chosen: by tiers of the group's base points, or by the "
        "hospital's level. Source: Zhejiang/Hangzhou 2020 (base points); national specification "
        "(hospital level)."),
    "high.tiers": Text(
        "高倍率病例（HIGH）：病例总费用 ≥ k × 该病组均次费用。k 按病组基准点数分档，基准点数越高 k 越小；"
        "各档上限含本数。来源：浙江/杭州 2020。",
        "High-cost outlier (HIGH): total cost at least k × the group's average cost. k depends on the "
        "group's base points: the higher the base points, the lower k; each tier's bound is inclusive. "
        "Source: Zhejiang/Hangzhou 2020."),
    "high.extra_points_factor": Text(
        "高倍率病例追加点数的系数：点数 = 基准点数 × 差异系数 + 本系数 × (费用 ÷ 均次费用 − k) × 基准点数。"
        "1.0 为常用算法；部分地区只按一定比例补偿超出部分。",
        "Share of the excess paid for a high-cost case: points = base points × hospital coefficient + "
        "factor × (cost ÷ average cost − k) × base points. 1.0 is the common form; some regions pay "
        "only part of the excess."),
    "high.by_level.level_3": Text(
        "按医院级别判定时，三级医院的高倍率倍数 k。来源：国家技术规范（三级 3 倍）。",
        "High-cost multiple k for tertiary (level 3) hospitals, when k is chosen by hospital level. "
        "Source: national specification (3×)."),
    "high.by_level.level_2": Text(
        "按医院级别判定时，二级医院的高倍率倍数 k。来源：国家技术规范（二级 2 倍）。",
        "High-cost multiple k for secondary (level 2) hospitals, when k is chosen by hospital level. "
        "Source: national specification (2×)."),
    "high.by_level.level_1": Text(
        "按医院级别判定时，一级医院的高倍率倍数 k。规范未作规定，取与二级相同。",
        "High-cost multiple k for primary (level 1) hospitals, when k is chosen by hospital level. "
        "The specification does not name it; it follows level 2."),
    "high.by_level.unknown": Text(
        "按医院级别判定时，级别不明（医院表和批次均未注明）的医院的高倍率倍数 k；取最严的三级倍数，"
        "避免凭推测多付。",
        "High-cost multiple k for a hospital whose level is unknown (neither the hospital table nor the "
        "batch gives it); the strictest, tertiary multiple, so nothing is paid extra on a guess."),
    "low.multiple": Text(
        "低倍率病例（LOW）：病例总费用 ≤ 本倍数 × 该病组均次费用，含本数。"
        "来源：国家技术规范（“一般规定为30%”），部分地区为 0.4。",
        "Low-cost outlier (LOW): total cost at most this multiple × the group's average cost "
        "(inclusive). Source: national specification (\"usually 30%\"); some regions use 0.4."),
    "long_stay.days": Text(
        "超长住院病例：住院天数 ≥ 本天数，含本数。来源：多地规定（如庆阳 2025、阜新 2025）。",
        "Long-stay case: a stay of at least this many days (inclusive). Source: several regions "
        "(e.g. Qingyang 2025, Fuxin 2025)."),
    "incomplete.discharge_modes": Text(
        "住院过程不完整病例（INCOMPLETE）：离院方式为所列代码之一（2 医嘱转院、4 非医嘱离院、5 死亡）。"
        "来源：浙江 2019。",
        "Incomplete stay (INCOMPLETE): the discharge mode is one of these codes (2 transferred on medical "
        "advice, 4 left against medical advice, 5 death). Source: Zhejiang 2019."),
    "ungrouped.codes": Text(
        "未入组/歧义组病例（UNGROUPED）：病组代码为所列代码之一（空代码即未入组）。"
        "此类病例按项目付费（按项目折算点数）。来源：分组器惯例。",
        "Ungrouped or ambiguous case (UNGROUPED): the DRG code is one of these (an empty code means not "
        "grouped). Such cases are paid by item (points from their cost). Source: grouper conventions."),
    "ungrouped.suffixes": Text(
        "病组代码以所列后缀结尾（如 QY）的为歧义组，按未入组病例处理。",
        "A DRG code ending with one of these suffixes (such as QY) is an ambiguous group and is treated "
        "as ungrouped."),
    "ungrouped.not_in_group_table": Text(
        "为“是”时，已载入病组表后，病组代码不在现行病组表中的病例也按未入组病例处理。",
        "When yes, and a group table is loaded, a case whose DRG code is not in the current group table "
        "is also treated as ungrouped."),
    "small_group.min_cases": Text(
        "病例数过少（SMALL_GROUP）：本结算期全地区某病组病例数少于本数时，该病组病例予以标记。"
        "来源：浙江 2019。",
        "Small group (SMALL_GROUP): a group with fewer cases than this in the period, region-wide; its "
        "cases are flagged. Source: Zhejiang 2019."),
    "special_case.cap": Text(
        "特例单议申报上限：每家医院每期申报例数 ≤ 本比例 × 该院本期按病组付费的出院病例数，向下取整；"
        "超出部分须由科室负责人注明理由后特批。来源：国家医保局 2024（5%），部分城市为 5‰。",
        "Special-case review quota: a hospital's applications in a period are at most this share × its "
        "DRG discharges in the period, rounded down; above it a supervisor must override with a reason. "
        "Source: NHSA 2024 (5%); some cities use 5‰."),
    "readmission.window_days": Text(
        "再入院（READMIT）：同一患者在同一医院、同一病组，于上次出院后本天数内（含本数）再次入院。"
        "来源：浙江。",
        "Readmission (READMIT): the same patient admitted again to the same hospital in the same DRG "
        "within this many days of the previous discharge (inclusive). Source: Zhejiang."),
    "readmission.points_factor": Text(
        "再入院时前一次住院点数的系数：1.0 为只标记、不扣减；0.5 即浙江规定“前一次住院点数减半”。",
        "Factor on the earlier stay's points when a case is readmitted: 1.0 only flags it; 0.5 is the "
        "Zhejiang rule (the earlier stay's points are halved)."),
    "fee_mismatch.tolerance": Text(
        "费用不符（FEE_MISMATCH）：各费用分类之和与总费用相差超过本金额（元）时标记；恰好相差本金额不标记。",
        "Fee mismatch (FEE_MISMATCH): flagged when the fee categories differ from the total cost by more "
        "than this many yuan (exactly this much is not flagged)."),
    "overall_avg_cost.value": Text(
        "全部病例次均费用（元）：用于按项目折算点数〔点数 = (费用 − 扣减) ÷ 全部病例次均费用 × 100〕"
        "和计算权重。未设置时取本期全部导入病例总费用的平均值，四舍五入到分。来源：浙江 2019 / 金华点数法。",
        "Average cost of all cases (yuan), used for the points of cases paid by item (points = (cost − "
        "deductions) ÷ this average × 100) and for computed weights. Not set: the mean total cost of all "
        "imported cases of the period, rounded half-up to the fen. Source: Zhejiang 2019 / Jinhua points."),
    "point_value.default": Text(
        "点值（元/点），用于估算支付金额（点数 × 点值）。未设置时取全部病例次均费用 ÷ 100，"
        "即 100 点的病例按次均费用支付；汇总中注明点值来源。",
        "Point value (yuan per point) used to estimate payment (points × point value). Not set: the "
        "average cost of all cases ÷ 100, so a 100-point case is paid that average; the summary shows "
        "which source was used."),
    "point_value.periods": Text(
        "按结算期设定的点值（元/点），如 2024-03 = 85.50；未设定的结算期用默认点值。",
        "Point values (yuan per point) for single settlement periods, e.g. 2024-03 = 85.50; other "
        "periods use the default point value."),
    "precedence.order": Text(
        "多个类别同时适用时以哪个为支付依据，排在前面的优先；都不适用的按正常病例支付。"
        "默认顺序使死亡的高倍率病例仍保留追加点数。来源：浙江 2019 / 金华。",
        "Which payment basis wins when several categories apply: the first listed; a case with none is "
        "paid as normal. The default order lets a high-cost case that died keep its extra points. "
        "Source: Zhejiang 2019 / Jinhua."),
    "points.decimals": Text(
        "点数保留的小数位数（四舍五入）；支付估算 = 保留后的点数 × 点值，按分四舍五入。",
        "Decimal places points are rounded to (half-up); the estimated payment is the rounded points × "
        "the point value, rounded half-up to the fen."),
    "group_table.review_attributes": Text(
        "分组表中带有所列属性的病组，其病例均标记为“单议病组病例”，进入审核队列。"
        "可列的属性：单议病组、不稳定病组（常以 ※ 标注）、中医优势病组、基础病组（代码见默认规则文件）。"
        "默认只列单议病组。",
        "Cases of a group that carries one of these attributes in the group table get the GROUP_REVIEW "
        "flag, which puts them in the review queue: single_review (a group reviewed case by case), "
        "unstable (an unstable group, often marked with an asterisk), tcm_advantage (a group where "
        "Chinese medicine has the advantage), base_group (a base group). Default: single-review groups only."),
    "group_table.base_group_same_payment": Text(
        "为“是”时，基础病组在各级医院同病同价：不按医院级别取支付标准，差异系数按 1 计。",
        "When yes, a base group is paid the same at every level: no per-level payment standard applies "
        "and the coefficient is 1."),
    "group_table.max_rejected_share": Text(
        "载入分组表或医疗机构表时，拒收行占比超过本比例则不替换现行表（须明确确认后才按部分载入）。"
        "默认 0.02 即 2%。",
        "When loading a group or hospital table refuses more than this share of its rows, the current "
        "table is not replaced (unless the partial load is explicitly accepted). Default 0.02 = 2%."),
    "review.eligible_reasons": Text(
        "可申请特例单议的申报类型：LONG_STAY 住院时间长、HIGH_COST 医疗费用高、NEW_TECH 使用新药耗新技术、"
        "CRITICAL 复杂危重症、MDT 多学科联合诊疗。来源：国家医保局 2024 年通知。",
        "Reasons a hospital may apply for special-case review: LONG_STAY, HIGH_COST, NEW_TECH, CRITICAL, "
        "MDT. Source: NHSA notice, 2024."),
    "review.panel_size": Text(
        "每件申报随机抽取的评审专家人数（3 至 15 人），与申报医院有关联或声明回避的专家不参加抽取。",
        "Experts drawn at random for each application (3 to 15); experts affiliated with the applying "
        "hospital or declaring a conflict of interest are left out."),
    "review.majority_share": Text(
        "评审结论所需的票数比例：同意（或不同意）票须多于评审组人数的该比例，且全部专家表决后才形成结论；"
        "0.5 即过半数（合议制）；不能小于 0.5。",
        "Share of the panel a side must exceed to carry, once every expert has voted; 0.5 = more than "
        "half (majority of the panel); never below 0.5."),
    "review.cycle": Text(
        "评审周期：按月或按季度。申报按申报日期归入周期。",
        "Review cycle: month or quarter. An application belongs to the cycle of its submission date."),
    "review.settlement_working_days": Text(
        "周期结束后须在多少个工作日内完成结算（国家医保局：30 个工作日）；逾期的申报在列表中突出显示。",
        "Working days after a cycle closes within which its cases must be settled (NHSA: 30); overdue "
        "applications stand out in the list."),
    "review.holidays": Text(
        "法定节假日（不计入工作日），按国务院办公厅每年的放假通知维护。",
        "Public holidays (not working days), from the State Council's yearly notice."),
    "review.extra_working_days": Text(
        "调休上班的周末（计入工作日），按国务院办公厅每年的放假通知维护。",
        "Weekend days worked in exchange for a holiday (working days), from the State Council's yearly "
        "notice."),
    "review.appeal_days": Text(
        "医院收到告知书后可提出申诉的天数（自然日，至多 180 天），写入告知书。",
        "Calendar days after a notice within which the hospital may appeal (at most 180); printed on the "
        "notice."),
    "review.high_value_apart": Text(
        "按项目付费的特例病例中，高值耗材是否单独按实际费用结算、不折算点数（安阳：高值耗材单独核算）。",
        "Whether high-value consumables of a case paid by item are paid at cost beside its points instead "
        "of being converted into points (Anyang)."),
    "recalibration.threshold": Text(
        "权重动态调整：某病组（或某级医院）按数据测算的权重（系数）与现行值相差超过此比例时列为调整建议。"
        "默认 0.10 即 10%。来源：金华、安阳每年按本地数据调整病组点数。",
        "Weight recalibration: a group (or hospital level) whose weight (coefficient) implied by the data "
        "differs from today's by more than this share is proposed for change. Default 0.10 = 10%. Source: "
        "Jinhua and Anyang adjust their group points every year from their own data."),
    "recalibration.min_cases": Text(
        "列为调整建议所需的最少病例数（测算期间内该病组全部入组病例，含异常病例）。病例过少的病组只列出、不建议调整。",
        "The fewest cases (all the group's grouped cases in the span, outliers included) a group needs to be "
        "proposed; groups with fewer are listed, never proposed."),
    "recalibration.trim_flags": Text(
        "测算均次费用时剔除的异常标记：带任一标记的病例不计入病组和全部病例的平均费用（截尾均值）。",
        "The outlier flags whose cases are left out of the group means and the overall mean (the trimmed "
        "means) when implied weights are computed."),
    "recalibration.decimals": Text(
        "建议权重和系数保留的小数位数（四舍五入），与病组权重表一致。",
        "Decimals of a proposed weight or coefficient (rounded half-up), as the group tables print them."),
    "opinions.answer_days": Text(
        "意见收集反馈：医院意见须在收到后多少个自然日内答复，超过即标为逾期。",
        "Opinion register: calendar days after receipt within which a hospital's opinion is answered; "
        "after that it is marked overdue."),

    "panel.minutes_per_item": Text(
        "专家评审会上每个议题的计时（分钟），投影画面按此倒计时。",
        "Minutes the panel session's projector gives each agenda item (its countdown)."),
}

_PERIOD_VALUE = Text("该结算期的点值（元/点），优先于默认点值。",
                     "Point value (yuan per point) for this settlement period; it takes precedence over "
                     "the default.")


AUTHORITY_PREFIX = "authority."


def _authority(key: str) -> Text | None:
    """An [authority] key: who may take the action, its default and its ceiling (domain.authority)."""
    from workstation.domain.accounts import ROLE_NAMES
    from workstation.domain.authority import GRANTS, Action

    try:
        grant = GRANTS[Action(key[len(AUTHORITY_PREFIX):])]
    except ValueError:
        return None
    order = [r for r in ROLE_NAMES if r in grant.ceiling]
    ceiling = Text("、", ", ").join(ROLE_NAMES[r] for r in order)
    return Text("可以“{name}”的角色；规则文件只能在上限内调整（上限：{ceiling}）。",
                "The roles that may {name}; a rules file may change them only within the ceiling "
                "(at most: {ceiling}).").format(name=grant.name, ceiling=ceiling)


def describe(key: str) -> Text | None:
    """The explanation of a dotted rules key (``low.multiple``); None for a key the engine does not read."""
    if key.startswith(PERIOD_PREFIX):
        return _PERIOD_VALUE
    if key.startswith(AUTHORITY_PREFIX):
        return _authority(key)
    return RULE_DESCRIPTIONS.get(key)


def description_text(key: str, lang: str | None = None) -> str:
    """The explanation in ``lang`` (default: the current language), or "" when there is none."""
    text = describe(key)
    if text is None:
        return ""
    return text.en if (lang or language()) == "en" else text.zh
