"""The weight-proposal workbook: every group with at least the minimum cases (proposals marked and
listed again on a sheet of their own), the hospital levels, the effect on each hospital, and how
the figures were made. Formula-safe and formatted as the other workbooks (reports.workbook)."""
from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from workstation.domain.messages import Text, language
from workstation.domain.recalibration import CONFIDENCE_NAMES
from workstation.engine.recalibration import GroupLine, LevelLine, Recalibration
from workstation.reports.workbook import COUNT, POINTS, RATIO, YUAN, Col, sheet_of, yuan

WEIGHT = "0.0000"
PROPOSAL_FILL = PatternFill("solid", fgColor="FFF2CC")


def _d(value: Fraction | None, places: int = 6) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1).scaleb(-places))


GROUP_COLUMNS = [
    Col(Text("DRG编码", "DRG")), Col(Text("DRG名称", "Name")), Col(Text("病例数", "Cases"), COUNT),
    Col(Text("异常病例", "Outliers"), COUNT), Col(Text("异常占比", "Outlier share"), RATIO),
    Col(Text("截尾均次费用(元)", "Trimmed mean (yuan)"), YUAN), Col(Text("截尾中位费用(元)", "Trimmed median (yuan)"), YUAN),
    Col(Text("变异系数", "CV"), "0.000"), Col(Text("现行权重", "Current weight"), WEIGHT),
    Col(Text("测算权重", "Implied weight"), WEIGHT), Col(Text("变化", "Change"), RATIO),
    Col(Text("调整建议", "Proposal")), Col(Text("可信度", "Confidence")),
]
LEVEL_COLUMNS = [
    Col(Text("医院级别", "Level")), Col(Text("医院数", "Hospitals"), COUNT), Col(Text("病例数", "Cases"), COUNT),
    Col(Text("异常病例", "Outliers"), COUNT), Col(Text("现行系数", "Current coefficient"), WEIGHT),
    Col(Text("各院系数一致", "Same for all")), Col(Text("测算系数", "Implied coefficient"), WEIGHT),
    Col(Text("变化", "Change"), RATIO), Col(Text("调整建议", "Proposal")), Col(Text("可信度", "Confidence")),
]
EFFECT_COLUMNS = [
    Col(Text("机构编码", "Hospital code")), Col(Text("机构名称", "Hospital name")), Col(Text("级别", "Level")),
    Col(Text("调整前点数", "Points before"), POINTS), Col(Text("调整后点数", "Points after"), POINTS),
    Col(Text("点数变化", "Points change"), POINTS), Col(Text("调整前支付(元)", "Payment before (yuan)"), YUAN),
    Col(Text("调整后支付(元)", "Payment after (yuan)"), YUAN), Col(Text("支付变化(元)", "Payment change (yuan)"), YUAN),
]
BY_PROPOSAL_COLUMNS = [
    Col(Text("建议", "Proposal")), Col(Text("机构编码", "Hospital code")), Col(Text("机构名称", "Hospital name")),
    Col(Text("点数变化", "Points change"), POINTS), Col(Text("支付变化(元)", "Payment change (yuan)"), YUAN),
]


def _yes(flag: bool, lang: str) -> str:
    return Text("是", "yes").pick(lang) if flag else ""


def _group_row(g: GroupLine, lang: str) -> list:
    mean = None if g.trimmed_mean_fen is None else _d(g.trimmed_mean_fen / 100, 2)
    median = None if g.trimmed_median_fen is None else (g.trimmed_median_fen / 100).quantize(Decimal("0.01"))
    return [g.code, g.name, g.cases, g.outliers, _d(g.outlier_share, 4), mean, median,
            None if g.cv is None else Decimal(f"{g.cv:.3f}"), _d(g.current, 4), g.published, _d(g.change, 4),
            _yes(g.proposal, lang), CONFIDENCE_NAMES[g.confidence].pick(lang) if g.proposal else ""]


def _level_row(lv: LevelLine, lang: str) -> list:
    return [lv.key, lv.hospitals, lv.cases, lv.outliers, _d(lv.current, 4), _yes(lv.uniform, lang), lv.published,
            _d(lv.change, 4), _yes(lv.proposal, lang), CONFIDENCE_NAMES[lv.confidence].pick(lang) if lv.proposal else ""]


def _about(r: Recalibration, lang: str) -> list[list]:
    current, implied, rounded = r.neutrality()
    rows = [
        (Text("结算期", "Periods"), f"{r.periods[0]} – {r.periods[-1]}" if len(r.periods) > 1 else r.periods[0]),
        (Text("调整阈值", "Threshold"), f"{_d(r.threshold, 4)}"),
        (Text("最少病例数", "Minimum cases"), str(r.min_cases)),
        (Text("剔除的异常标记", "Trimmed flags"), ", ".join(r.trim_flags)),
        (Text("入组病例数", "Grouped cases"), str(r.grouped_cases)),
        (Text("全部病例截尾均次费用(元)", "Overall trimmed mean (yuan)"), str(_d(r.overall_trimmed_mean_fen / 100, 2))),
        (Text("预算中性系数", "Budget-neutral factor"), str(_d(r.factor, 8))),
        (Text("Σ 现行权重（全部入组病例）", "Σ current weight (all grouped cases)"), str(_d(current, 4))),
        (Text("Σ 测算权重（精确值）", "Σ implied weight (exact)"), str(_d(implied, 4))),
        (Text("Σ 测算权重（四位小数）", "Σ implied weight (rounded)"), str(_d(rounded, 4))),
        (Text("未给权重的病组（不参与测算）", "Groups without a weight (left out)"), ", ".join(r.without_weight) or "—"),
        (Text("说明", "Method"), Text(
            "测算权重 = 病组截尾均次费用 ÷ 全部病例截尾均次费用 × 预算中性系数；变化超过阈值且病例数不少于最少病例数的列为建议。"
            "可信度按变化超出阈值的幅度与截尾均值标准误（变异系数 ÷ √病例数）之比：≥1.96 高，≥1 中，否则低。"
            "影响测算保持病例的标记和高倍率倍数不变。",
            "Implied weight = the group's trimmed mean ÷ the overall trimmed mean × the budget-neutral factor; a "
            "group beyond the threshold with at least the minimum cases is proposed. Confidence: how many standard "
            "errors of the trimmed mean (CV ÷ √cases) the change lies beyond the threshold: ≥1.96 high, ≥1 medium, "
            "else low. Effects hold each case's flags and high multiple as they are.").pick(lang)),
    ]
    return [[k.pick(lang), v] for k, v in rows]


def write_proposals_workbook(r: Recalibration, out: str | os.PathLike, *, lang: str | None = None) -> None:
    lang = lang or language()
    book = Workbook()
    book.remove(book.active)
    listed = r.listed_groups()
    groups = sheet_of(book, Text("病组权重", "Groups").pick(lang), GROUP_COLUMNS, [_group_row(g, lang) for g in listed], lang)
    for row, g in enumerate(listed, start=2):
        if g.proposal:
            for cell in groups[row]:
                cell.fill = PROPOSAL_FILL
    proposals = [g for g in listed if g.proposal]
    sheet_of(book, Text("调整建议", "Proposals").pick(lang), GROUP_COLUMNS, [_group_row(g, lang) for g in proposals], lang)
    sheet_of(book, Text("医院级别系数", "Levels").pick(lang), LEVEL_COLUMNS, [_level_row(lv, lang) for lv in r.levels], lang)
    sheet_of(book, Text("对各医院的影响", "Effects").pick(lang), EFFECT_COLUMNS, [
        [e.hospital_code, e.hospital_name, e.level, e.points_before, e.points_after, e.points_after - e.points_before,
         yuan(e.payment_before_fen), yuan(e.payment_after_fen), yuan(e.payment_after_fen - e.payment_before_fen)]
        for e in r.effects], lang)
    sheet_of(book, Text("各建议的影响", "Effect by proposal").pick(lang), BY_PROPOSAL_COLUMNS, [
        [key, e.hospital_code, e.hospital_name, points, yuan(payment)]
        for p in r.proposals for e in r.effects for key, (points, payment) in e.by_proposal.items() if key == p.key],
        lang)
    sheet_of(book, Text("测算说明", "About").pick(lang), [Col(Text("项目", "Item")), Col(Text("内容", "Value"))],
           _about(r, lang), lang)
    book.save(os.fspath(out))
