"""The period summary report (PDF): bureau-wide and per hospital, tables and charts, drawn from
``services.period_report.PeriodReport``. With no decisions yet it shows the outlier picture alone."""
from __future__ import annotations

import os
from datetime import date
from typing import Any

from reportlab.platypus import KeepTogether, Paragraph, Spacer

from workstation.domain.flags import flag_name
from workstation.domain.messages import Text, language
from workstation.reports import styles as S
from workstation.reports.charts import bar_chart
from workstation.services.period_report import SHOWN_FLAGS, HospitalLine, PeriodReport
from workstation.services.report_settings import ReportSettings

TITLE = Text("DRG 付费及特例单议情况汇总表", "DRG payment and special-case review: period summary")
TOTAL = Text("合计", "Total")


def _ratio(line: HospitalLine) -> str:
    ratio = line.settlement_ratio
    return "—" if ratio is None else S.percent(ratio.numerator, ratio.denominator)


def _name(line: HospitalLine) -> str:
    return f"{line.hospital_code} {line.hospital_name}".strip()


def short_name(line: HospitalLine) -> str:
    """A hospital on a chart's axis: its name without the city prefix, at most 6 characters."""
    name = line.hospital_name or line.hospital_code
    for cut in ("市", "县", "区"):
        if cut in name[:4] and len(name) > 6:
            name = name[name.index(cut) + 1:]
    return name[:6]


SOURCE_NAMES = {"rules.period": Text("规则按期设定", "set for the period in the rules"),
                "rules.default": Text("规则默认值", "the rules' default"),
                "overall_avg_cost/100": Text("按均次费用推算", "derived from the average cost")}


def _months(report: PeriodReport, p, heading, cjk: bool, lang: str) -> list[Any]:
    if len(report.months) <= 1:
        return []
    rows = []
    for m in report.months:
        if not m.has_data:
            rows.append([m.period, Text("无数据", "no data").pick(lang), "", "", "", "", "", ""])
            continue
        line = m.line
        value = "—" if m.point_value is None else f"{m.point_value:.4f}"
        rows.append([m.period, S.count(line.cases), S.count(line.flagged_cases), S.points_text(line.total_points),
                     S.yuan(line.payment_fen), S.yuan(line.actual_cost_fen), _ratio(line),
                     value + (Text("（{s}）", " ({s})").format(s=SOURCE_NAMES[m.point_value_source]).pick(lang)
                              if lang != "en" and m.point_value_source in SOURCE_NAMES else "")])
    return [p(Text("一之二、逐月情况", "1a. Month by month"), heading),
            S.table([S.Column(Text("月份", "Month"), 0.1), S.Column(Text("病例", "Cases"), 0.09, True),
                     S.Column(Text("有标记", "Flagged"), 0.09, True), S.Column(Text("总点数", "Points"), 0.14, True),
                     S.Column(Text("预估支付（元）", "Payment (yuan)"), 0.15, True),
                     S.Column(Text("实际费用（元）", "Actual cost (yuan)"), 0.15, True),
                     S.Column(Text("结算率", "Ratio"), 0.09, True),
                     S.Column(Text("点值（元/点）", "Point value"), 0.19, True)], rows, cjk=cjk, lang=lang)]


def report_story(report: PeriodReport, settings: ReportSettings, *, cjk: bool = True, lang: str | None = None,
                 today: date | None = None) -> list[Any]:
    lang = lang or language()
    s = S.styles(cjk)

    def p(text: Text | str, style=s.body) -> Paragraph:
        return S.para(text.pick(lang) if isinstance(text, Text) else text, style)

    t = report.total
    story: list[Any] = [
        p(settings.wording("bureau_name", lang), s.subtitle), p(TITLE, s.title),
        p(Text("结算期：{label}；制表日期：{day}", "Period: {label}; made on: {day}").format(
            label=report.label, day=S.long_date((today or date.today()).isoformat(), lang)), s.subtitle),
    ]
    if report.empty_months:
        story.append(p(Text("所选期间中 {months} 没有病例数据，以下数字只来自 {have}。",
                            "Of the span asked for, {months} hold no data; the figures below come from {have} only.")
                       .format(months=Text("、", ", ").join(report.empty_months),
                               have=Text("、", ", ").join(report.periods))))
    derived = [period for period, source in report.point_value_sources.items() if source == "overall_avg_cost/100"]
    if derived:
        story.append(p(Text("注：{periods} 的点值未在规则中设定，系按当期病例均次费用÷100 推算，为预估值。",
                            "Note: the point value of {periods} is not set in the rules; it is derived from the "
                            "period's average cost per case ÷ 100 and is provisional.").format(
            periods=Text("、", ", ").join(derived))))
    story += [
        p(Text("一、全局概况", "1. Overview"), s.heading),
        S.key_values([
            (Text("医疗机构", "Hospitals"), S.count(len(report.hospitals))), (Text("病例数", "Cases"), S.count(t.cases)),
            (Text("有标记病例", "Flagged cases"), S.count(t.flagged_cases)),
            (Text("CMI", "CMI"), "—" if t.cmi is None else f"{t.cmi:.4f}"),
            (Text("总点数", "Total points"), S.points_text(t.total_points)),
            (Text("预估支付（元）", "Estimated payment (yuan)"), S.yuan(t.payment_fen)),
            (Text("实际费用（元）", "Actual cost (yuan)"), S.yuan(t.actual_cost_fen)),
            (Text("结算率", "Settlement ratio"), _ratio(t)),
            (Text("特例单议申报", "Applications"), S.count(t.applications)),
            (Text("特例单议名额", "Quota"), S.count(t.quota)),
            (Text("点值（元/点）", "Point value (yuan/point)"), Text("；", "; ").join(
                f"{period} {value:.4f}" for period, value in report.point_values.items()).pick(lang)),
            (Text("已签发决定", "Signed decisions"), S.count(t.decided_cases)),
        ], cjk=cjk, lang=lang),
    ]
    story += _months(report, p, s.heading, cjk, lang)
    if not report.has_decisions:
        story.append(p(Text("本期尚无已签发的特例单议决定，以下仅反映异常病例情况。",
                         "No special-case decision is signed for these periods yet: the report shows the outliers "
                         "alone.")))
    story += [Spacer(1, 3), bar_chart([flag_name(c, lang) for c in SHOWN_FLAGS],
                                      [[t.flag_counts.get(c, 0) for c in SHOWN_FLAGS]], [],
                                      title=Text("异常病例按类型（例）", "Outlier cases by type").pick(lang), cjk=cjk)]
    story += [p(Text("二、各机构异常病例", "2. Outliers per hospital"), s.heading),
              S.table([S.Column(Text("医疗机构", "Hospital"), 0.22), S.Column(Text("病例", "Cases"), 0.08, True),
                       S.Column(Text("有标记", "Flagged"), 0.08, True),
                       *[S.Column(flag_name(c, lang), 0.62 / len(SHOWN_FLAGS), True) for c in SHOWN_FLAGS]],
                      [[_name(h) if h.hospital_code else TOTAL.pick(lang), S.count(h.cases), S.count(h.flagged_cases),
                        *[S.count(h.flag_counts.get(c, 0)) for c in SHOWN_FLAGS]] for h in [*report.hospitals, t]],
                      cjk=cjk, lang=lang, total_rows=1)]
    if t.applications:
        story += _applications(report, p, s.heading, cjk, lang)
    story += _payments(report, p, s.heading, cjk, lang)
    story += [p(Text("五、指标说明", "5. Definitions"), s.heading),
              p(Text("CMI（病例组合指数）＝ 入组病例的相对权重之和 ÷ 入组病例数，未入组病例不计；"
                     "多期合并时按全部病例重新计算，不取各期平均。",
                     "CMI (case mix index) = the sum of the relative weights of grouped cases ÷ the number of grouped "
                     "cases (ungrouped cases left out); over several periods it is computed anew from all cases, not "
                     "averaged.")),
              p(Text("结算率 ＝ 按 DRG 结算病例的预估支付 ÷ 其实际医疗总费用。", "Settlement ratio = the estimated payment "
                     "of the cases settled by DRG ÷ their actual total cost.")),
              p(Text("预估支付 ＝ 点数 × 点值；点值在规则中按期设定，未设定时按均次费用推算并注明。",
                     "Estimated payment = points × point value; the point value is set per period in the rules, "
                     "or derived from the average cost and said so.")),
              Spacer(1, 8),
              KeepTogether([p(Text("制表：＿＿＿＿＿＿＿＿　审核：＿＿＿＿＿＿＿＿　负责人：＿＿＿＿＿＿＿＿",
                                   "Prepared by: ____________  Checked by: ____________  Approved by: ____________")),
                            p(Text("制表单位：{bureau}　制表日期：{day}", "Prepared by: {bureau}; on {day}").format(
                                bureau=settings.wording("bureau_name", lang),
                                day=S.long_date((today or date.today()).isoformat(), lang)))])]
    return story


def _applications(report: PeriodReport, p, heading, cjk: bool, lang: str) -> list[Any]:
    t = report.total
    return [p(Text("三、特例单议申报与名额", "3. Special-case applications and quota"), heading),
            S.table([S.Column(Text("医疗机构", "Hospital"), 0.26), S.Column(Text("名额", "Quota"), 0.09, True),
                     S.Column(Text("申报", "Applied"), 0.09, True), S.Column(Text("受理", "Accepted"), 0.09, True),
                     S.Column(Text("不予受理", "Refused"), 0.1, True), S.Column(Text("核准", "Approved"), 0.09, True),
                     S.Column(Text("维持DRG", "Kept DRG"), 0.1, True), S.Column(Text("名额使用率", "Quota used"), 0.18, True)],
                    [[_name(h) if h.hospital_code else TOTAL.pick(lang), S.count(h.quota), S.count(h.applications),
                      S.count(h.accepted), S.count(h.refused), S.count(h.approved), S.count(h.not_approved),
                      S.percent(h.accepted, h.quota)] for h in [*report.hospitals, t]], cjk=cjk, lang=lang,
                    total_rows=1),
            Spacer(1, 3),
            bar_chart([short_name(h) for h in report.hospitals],
                      [[h.quota for h in report.hospitals], [h.accepted for h in report.hospitals]],
                      [Text("名额", "quota").pick(lang), Text("受理", "accepted").pick(lang)],
                      title=Text("各机构特例单议名额与受理数（件）", "Quota and accepted applications").pick(lang), cjk=cjk)]


def _bar_height(fen: int) -> float:
    # Ten-thousands of yuan as a bar's height: a drawing coordinate, never an amount printed.
    return fen / 1_000_000


def _payments(report: PeriodReport, p, heading, cjk: bool, lang: str) -> list[Any]:
    """Points and payment; before and after the decisions when any is signed."""
    rows = [*report.hospitals, report.total]
    hospitals = [short_name(h) for h in report.hospitals]
    if not report.has_decisions:
        return [p(Text("四、点数与支付", "4. Points and payment"), heading),
                S.table([S.Column(Text("医疗机构", "Hospital"), 0.26), S.Column(Text("CMI", "CMI"), 0.09, True),
                         S.Column(Text("总点数", "Points"), 0.17, True),
                         S.Column(Text("预估支付（元）", "Payment (yuan)"), 0.18, True),
                         S.Column(Text("实际费用（元）", "Actual cost (yuan)"), 0.18, True),
                         S.Column(Text("结算率", "Ratio"), 0.12, True)],
                        [[_name(h) if h.hospital_code else TOTAL.pick(lang), "—" if h.cmi is None else f"{h.cmi:.4f}",
                          S.points_text(h.total_points), S.yuan(h.payment_fen), S.yuan(h.actual_cost_fen), _ratio(h)]
                         for h in rows], cjk=cjk, lang=lang, total_rows=1),
                Spacer(1, 3),
                bar_chart(hospitals, [[_bar_height(h.payment_fen) for h in report.hospitals],
                                      [_bar_height(h.actual_cost_fen) for h in report.hospitals]],
                          [Text("预估支付", "payment").pick(lang), Text("实际费用", "actual cost").pick(lang)],
                          title=Text("各机构预估支付与实际费用（万元）",
                                     "Estimated payment and actual cost per hospital (10,000 yuan)").pick(lang), cjk=cjk)]
    return [p(Text("四、点数与支付（特例单议决定前后）", "4. Points and payment before and after special-case decisions"),
              heading),
            S.table([S.Column(Text("机构编码", "Hospital"), 0.15), S.Column(Text("CMI", "CMI"), 0.07, True),
                     S.Column(Text("总点数", "Points"), 0.14, True), S.Column(Text("决定后点数", "Points after"), 0.14, True),
                     S.Column(Text("预估支付（元）", "Payment (yuan)"), 0.14, True),
                     S.Column(Text("决定后支付（元）", "Payment after (yuan)"), 0.14, True),
                     S.Column(Text("变化（元）", "Change (yuan)"), 0.12, True),
                     S.Column(Text("结算率", "Ratio"), 0.10, True)],
                    [[h.hospital_code or TOTAL.pick(lang), "—" if h.cmi is None else f"{h.cmi:.4f}",
                      S.points_text(h.total_points), S.points_text(h.points_after), S.yuan(h.payment_fen),
                      S.yuan(h.payment_after_fen), S.yuan(h.payment_after_fen - h.payment_fen), _ratio(h)]
                     for h in rows], cjk=cjk, lang=lang, total_rows=1),
            Spacer(1, 3),
            bar_chart(hospitals, [[_bar_height(h.payment_fen) for h in report.hospitals],
                                  [_bar_height(h.payment_after_fen) for h in report.hospitals]],
                      [Text("决定前", "before").pick(lang), Text("决定后", "after").pick(lang)],
                      title=Text("各机构预估支付（万元）", "Estimated payment per hospital (10,000 yuan)").pick(lang),
                      cjk=cjk)]


def write_period_report(report: PeriodReport, settings: ReportSettings, out: str | os.PathLike | Any, *,
                        cjk: bool = True, lang: str | None = None, audit_head: str = "") -> None:
    lang = lang or language()
    title = TITLE.pick(lang)
    period = Text("结算期 {label}", "period {label}").format(label=report.label).pick(lang)
    S.build_pdf(out, report_story(report, settings, cjk=cjk, lang=lang), title=f"{title} {report.label}",
                cjk=cjk, lang=lang, author=settings.wording("bureau_name", lang),
                footer=S.running_header(title, period, audit_head, S.font_name(cjk), lang))
