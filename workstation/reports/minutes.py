"""The review minutes 专家评审会议纪要 (PDF) of a review cycle, from ``services.minutes.Minutes``."""
from __future__ import annotations

import os
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from workstation.domain.messages import Text, language
from workstation.domain.review.policy import REASON_NAMES
from workstation.reports import styles as S
from workstation.services.minutes import Minutes
from workstation.services.report_settings import ReportSettings

TITLE = Text("特例单议专家评审会议纪要", "Special-case review: minutes of the expert panel")
OUTCOMES = {"supported": Text("通过", "supported"), "opposed": Text("不通过", "opposed")}


def minutes_story(m: Minutes, settings: ReportSettings, *, cjk: bool = True, lang: str | None = None) -> list[Any]:
    lang = lang or language()
    s = S.styles(cjk)

    def p(text: Text | str, style=s.body) -> Paragraph:
        return Paragraph(S.escape(text.pick(lang) if isinstance(text, Text) else text), style)

    supported = sum(c.outcome == "supported" for c in m.cases)
    opposed = sum(c.outcome == "opposed" for c in m.cases)
    days = m.first_day if m.first_day == m.last_day else f"{m.first_day} – {m.last_day}"
    story: list[Any] = [
        p(settings.bureau_name, s.subtitle), p(TITLE, s.title),
        p(Text("评审周期：{cycle}；评审日期：{days}", "Review cycle: {cycle}; dates: {days}").format(
            cycle=m.cycle, days=days or "—"), s.subtitle),
        p(Text("本周期共评审特例单议病例 {n} 件，其中通过 {s} 件、不通过 {o} 件、未形成结论 {p} 件。病例按盲审方式提交评审，"
            "仅列医疗机构编码和就诊ID；专家按规定回避本人所在医疗机构的病例。",
            "This cycle the panel reviewed {n} special cases: {s} supported, {o} opposed, {p} without a conclusion. "
            "Cases were reviewed blinded, named by hospital code and case id only; experts were recused from cases "
            "of their own hospitals.").format(n=len(m.cases), s=supported, o=opposed,
                                               p=len(m.cases) - supported - opposed)),
        p(Text("一、参加评审的专家", "1. Experts"), s.heading),
        S.table([S.Column(Text("编号", "No."), 0.08, True), S.Column(Text("姓名", "Name"), 0.2),
                 S.Column(Text("专业", "Specialty"), 0.24), S.Column(Text("参评病例", "Cases reviewed"), 0.16, True),
                 S.Column(Text("抽中后回避", "Recused after the draw"), 0.16, True),
                 S.Column(Text("抽取时回避", "Excluded at the draw"), 0.16, True)],
                [[e.expert_id, e.name, e.specialty, S.count(e.cases), S.count(e.recused), S.count(e.excluded)]
                 for e in m.experts], cjk=cjk, lang=lang),
        p(Text("二、评审病例及表决结果", "2. Cases and votes"), s.heading),
        S.table([S.Column(Text("申报编号", "Appl."), 0.08, True), S.Column(Text("机构编码", "Hospital"), 0.1),
                 S.Column(Text("就诊ID", "Case ID"), 0.13), S.Column(Text("DRG", "DRG"), 0.08),
                 S.Column(Text("申报类型", "Reason"), 0.14), S.Column(Text("同意", "For"), 0.08, True),
                 S.Column(Text("不同意", "Against"), 0.08, True), S.Column(Text("弃权", "Abstain"), 0.08, True),
                 S.Column(Text("结论", "Outcome"), 0.11), S.Column(Text("结论日期", "Concluded"), 0.12)],
                [[c.application_id, c.hospital_code, c.case_id, c.drg_code,
                  REASON_NAMES[c.reason].pick(lang) if c.reason in REASON_NAMES else c.reason,
                  c.support, c.oppose, c.abstain,
                  OUTCOMES[c.outcome].pick(lang) if c.outcome in OUTCOMES else Text("未形成结论", "open").pick(lang),
                  c.concluded_on or "—"] for c in m.cases], cjk=cjk, lang=lang),
        Spacer(1, 4 * mm),
        p(Text("表决规则：同意票超过参评专家半数为通过，不同意票超过半数为不通过；回避专家不参加表决。",
            "A side carries with more than half of the sitting experts' votes; recused experts do not vote.")),
        p(Text("三、签字", "3. Signatures"), s.heading),
    ]
    signature_rows = [[e.name, "", ""] for e in m.experts if e.cases]  # those who sat on a panel sign
    story.append(KeepTogether([S.table([S.Column(Text("专家", "Expert"), 0.25), S.Column(Text("签字", "Signature"), 0.45),
                                        S.Column(Text("日期", "Date"), 0.30)], signature_rows, cjk=cjk, lang=lang,
                                                row_height=10 * mm),
                               Spacer(1, 6 * mm),
                               p(Text("记录人：＿＿＿＿＿＿＿＿　审核人：＿＿＿＿＿＿＿＿　日期：{day}",
                                   "Recorded by: ____________  Checked by: ____________  Date: {day}").format(
                                   day=date.today().isoformat()))]))
    return story


def write_minutes(m: Minutes, settings: ReportSettings, out: str | os.PathLike | Any, *, cjk: bool = True,
                  lang: str | None = None) -> None:
    S.build_pdf(out, minutes_story(m, settings, cjk=cjk, lang=lang), title=f"{TITLE.pick(lang)} {m.cycle}", cjk=cjk,
                lang=lang, author=settings.bureau_name)
