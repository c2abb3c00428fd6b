"""The period summary report (PDF): bureau-wide and per hospital, tables and charts, drawn from
``services.period_report.PeriodReport``. With no decisions yet it shows the outlier picture alone."""
from __future__ import annotations

import os
from datetime import date
from typing import Any

from reportlab.platypus import Paragraph, Spacer

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


def report_story(report: PeriodReport, settings: ReportSettings, *, cjk: bool = True, lang: str | None = None,
                 today: date | None = None) -> list[Any]:
    lang = lang or language()
    s = S.styles(cjk)

    def p(text: Text | str, style=s.body) -> Paragraph:
        return Paragraph(S.escape(text.pick(lang) if isinstance(text, Text) else text), style)

    t = report.total
    story: list[Any] = [
        p(settings.bureau_name, s.subtitle), p(TITLE, s.title),
        p(Text("结算期：{label}；制表日期：{day}", "Period: {label}; made on: {day}").format(
            label=report.label, day=(today or date.today()).isoformat()), s.subtitle),
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
            bar_chart([h.hospital_code for h in report.hospitals],
                      [[h.quota for h in report.hospitals], [h.accepted for h in report.hospitals]],
                      [Text("名额", "quota").pick(lang), Text("受理", "accepted").pick(lang)],
                      title=Text("各机构特例单议名额与受理数（件）", "Quota and accepted applications").pick(lang), cjk=cjk)]


def _bar_height(fen: int) -> float:
    # Ten-thousands of yuan as a bar's height: a drawing coordinate, never an amount printed.
    return fen / 1_000_000


def _payments(report: PeriodReport, p, heading, cjk: bool, lang: str) -> list[Any]:
    """Points and payment; before and after the decisions when any is signed."""
    rows = [*report.hospitals, report.total]
    hospitals = [h.hospital_code for h in report.hospitals]
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
                        cjk: bool = True, lang: str | None = None) -> None:
    S.build_pdf(out, report_story(report, settings, cjk=cjk, lang=lang), title=f"{TITLE.pick(lang)} {report.label}",
                cjk=cjk, lang=lang, author=settings.bureau_name)
