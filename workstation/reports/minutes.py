"""The review minutes 专家评审会议纪要 (PDF) of a review cycle, from ``services.minutes.Minutes``.

Hospitals appear as the session's letters; the key to them is a separate annex page for the
file (it can be detached before the minutes go round). One line per review round (an appeal's
re-review is its own). Headings keep with what follows; every page after the first repeats the
title and cycle; every page carries the audit chain's head.
"""
from __future__ import annotations

import os
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from workstation.domain.messages import Text, language
from workstation.domain.review.policy import REASON_NAMES
from workstation.reports import styles as S
from workstation.services.minutes import Minutes
from workstation.services.report_settings import ReportSettings

TITLE = Text("特例单议专家评审会议纪要", "Special-case review: minutes of the expert panel")
OUTCOMES = {"supported": Text("通过", "supported"), "opposed": Text("不通过", "opposed")}
NO_CONCLUSION = Text("未形成结论", "no conclusion")


def minutes_story(m: Minutes, settings: ReportSettings, *, cjk: bool = True, lang: str | None = None) -> list[Any]:
    lang = lang or language()
    s = S.styles(cjk)

    def p(text: Text | str, style=s.body) -> Paragraph:
        return S.para(text.pick(lang) if isinstance(text, Text) else text, style)

    def h(text: Text) -> Paragraph:
        heading = p(text, s.heading)
        heading.keepWithNext = True
        return heading

    supported = sum(c.outcome == "supported" for c in m.cases)
    opposed = sum(c.outcome == "opposed" for c in m.cases)
    open_ = len(m.cases) - supported - opposed
    applications = len({c.application_id for c in m.cases})
    days = m.first_day if m.first_day == m.last_day else f"{m.first_day} – {m.last_day}"
    story: list[Any] = [
        p(settings.wording("bureau_name", lang), s.subtitle), p(TITLE, s.title),
        p(Text("评审周期：{cycle}；评审日期：{days}", "Review cycle: {cycle}; dates: {days}").format(
            cycle=m.cycle, days=days or "—"), s.subtitle),
        p(Text("本周期共评审特例单议申报 {apps} 件、{n} 轮次（申诉复核为单独一轮），其中通过 {s} 轮、不通过 {o} 轮、"
               "未形成结论 {p} 轮。病例按盲审方式提交评审，医疗机构以本纪要的字母代号表示（对照表见附页，仅供存档），"
               "病例以就诊ID表示；专家按规定回避本人所在医疗机构的病例。",
               "This cycle the panel reviewed {apps} special-case applications in {n} rounds (a re-review after an "
               "appeal is a round of its own): {s} supported, {o} opposed, {p} without a conclusion. Cases were "
               "reviewed blinded: hospitals appear as this document's letters (the key is on the annex page, for the "
               "file), cases by case id; experts were recused from cases of their own hospitals.").format(
            apps=applications, n=len(m.cases), s=supported, o=opposed, p=open_)),
        h(Text("一、参加评审的专家", "1. Experts")),
        S.table([S.Column(Text("编号", "No."), 0.08, True), S.Column(Text("姓名", "Name"), 0.2),
                 S.Column(Text("专业", "Specialty"), 0.24), S.Column(Text("参评轮次", "Rounds sat"), 0.16, True),
                 S.Column(Text("抽中后回避", "Recused after the draw"), 0.16, True),
                 S.Column(Text("抽取时回避", "Excluded at the draw"), 0.16, True)],
                [[e.expert_id, e.name, e.specialty, S.count(e.cases), S.count(e.recused), S.count(e.excluded)]
                 for e in m.experts], cjk=cjk, lang=lang),
        h(Text("二、评审病例及表决结果", "2. Cases and votes")),
        S.table([S.Column(Text("申报", "Appl."), 0.06, True), S.Column(Text("机构", "Hosp."), 0.06),
                 S.Column(Text("就诊ID", "Case ID"), 0.21), S.Column(Text("DRG", "DRG"), 0.07),
                 S.Column(Text("申报类型", "Reason"), 0.13), S.Column(Text("轮次", "Round"), 0.1, True),
                 S.Column(Text("同意", "For"), 0.06, True), S.Column(Text("反对", "Against"), 0.07, True),
                 S.Column(Text("弃权", "Abst."), 0.06, True), S.Column(Text("结论", "Outcome"), 0.11),
                 S.Column(Text("日期", "Date"), 0.07)],
                [[c.application_id, c.hospital_letter, c.case_id, c.drg_code,
                  REASON_NAMES[c.reason].pick(lang) if c.reason in REASON_NAMES else c.reason,
                  c.review_round if c.review_round == 1 else Text("{n}（复核）", "{n} (appeal)").format(
                      n=c.review_round).pick(lang),
                  c.support, c.oppose, c.abstain,
                  OUTCOMES[c.outcome].pick(lang) if c.outcome in OUTCOMES else NO_CONCLUSION.pick(lang),
                  c.concluded_on[5:] if c.concluded_on else "—"] for c in m.cases], cjk=cjk, lang=lang),
        Spacer(1, 4 * mm),
        p(Text("表决规则：同意票超过参评专家半数为通过，不同意票超过半数为不通过；回避专家不参加表决。表中票数为各轮实际记录的票数。",
               "A side carries with more than half of the sitting experts' votes; recused experts do not vote. The "
               "table shows each round's votes as recorded.")),
    ]
    signature_rows = [[e.name, "", ""] for e in m.experts if e.cases]  # those who sat on a panel sign
    story.append(KeepTogether([
        p(Text("三、签字", "3. Signatures"), s.heading),
        S.table([S.Column(Text("专家", "Expert"), 0.25), S.Column(Text("签字", "Signature"), 0.45),
                 S.Column(Text("日期", "Date"), 0.30)], signature_rows, cjk=cjk, lang=lang, row_height=10 * mm),
        Spacer(1, 6 * mm),
        p(Text("记录人：＿＿＿＿＿＿＿＿　审核人：＿＿＿＿＿＿＿＿　日期：{day}",
               "Recorded by: ____________  Checked by: ____________  Date: {day}").format(
            day=S.long_date(date.today().isoformat(), lang)))]))
    story += [PageBreak(),
              p(Text("附页：医疗机构代号对照表（仅供存档，不随纪要分发）",
                     "Annex: key to the hospital letters (for the file only; not circulated with the minutes)"),
                s.heading),
              S.table([S.Column(Text("代号", "Letter"), 0.15), S.Column(Text("机构编码", "Hospital code"), 0.25),
                        S.Column(Text("机构名称", "Hospital name"), 0.60)],
                       [[letter, code, m.hospital_names.get(code, "")] for code, letter in m.letters.items()],
                       cjk=cjk, lang=lang)]
    return story


def write_minutes(m: Minutes, settings: ReportSettings, out: str | os.PathLike | Any, *, cjk: bool = True,
                  lang: str | None = None, audit_head: str = "") -> None:
    lang = lang or language()
    title = TITLE.pick(lang)
    cycle = Text("评审周期 {cycle}", "review cycle {cycle}").format(cycle=m.cycle).pick(lang)
    S.build_pdf(out, minutes_story(m, settings, cjk=cjk, lang=lang), title=f"{title} {m.cycle}", cjk=cjk,
                lang=lang, author=settings.wording("bureau_name", lang),
                footer=S.running_header(title, cycle, audit_head, S.font_name(cjk), lang))
