"""The minutes of one expert panel session (评审会会议纪要), printed when the session closes.

Blinded as the room was: hospitals by the session's letters, no case ids, names or dates of the
patient; per item the times, the tally, who left the room and why; a signature line for each
expert present.
"""
from __future__ import annotations

import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from workstation.domain.messages import Text, language
from workstation.reports import styles as S
from workstation.services.panel.minutes import SessionMinutes

TITLE = Text("特例单议专家评审会会议纪要", "Special-case review: minutes of the panel session")


def session_minutes_story(m: SessionMinutes, *, lang: str | None = None) -> list[Any]:
    lang = lang or language()
    s = S.styles(True)

    def p(text: Text | str, style=s.body) -> Paragraph:
        return Paragraph(S.escape(text.pick(lang) if isinstance(text, Text) else text), style)

    decided = sum(i.outcome.en in ("supported", "opposed") for i in m.items)
    story: list[Any] = [
        p(m.bureau, s.subtitle) if m.bureau else Spacer(1, 1),
        p(TITLE, s.title),
        p(Text("第 {n} 次评审会{title}　日期：{day}　地点：{place}　开始：{start}　结束：{end}",
               "Session {n}{title} · date: {day} · place: {place} · opened: {start} · closed: {end}").format(
            n=m.session_id, title=Text("（{t}）", " ({t})").format(t=m.title) if m.title else "",
            day=m.held_on, place=m.place or "—", start=m.started or "—", end=m.closed or "—"), s.subtitle),
        p(Text("本次评审会议程 {n} 项，形成结论 {d} 项，暂缓 {r} 项。病例按盲审方式提交评审：医疗机构以本次会议的字母代称，"
               "不列患者姓名、证件号码、就诊号和日期；与申报医院有关联或声明利益冲突的专家在该议题回避（离场）。",
               "The agenda had {n} items: {d} concluded, {r} deferred. Cases were presented blinded: hospitals by "
               "this session's letters, without patient names, ID numbers, case numbers or dates; experts affiliated "
               "with the applying hospital or declaring a conflict left the room for that item.").format(
            n=len(m.items), d=decided, r=len(m.items) - decided)),
        p(Text("一、出席与缺席", "1. Attendance"), s.heading),
        S.table([S.Column(Text("出席专家", "Present"), 0.4), S.Column(Text("专业", "Specialty"), 0.6)],
                [[name, specialty] for name, specialty in m.present], lang=lang),
    ]
    if m.absent:
        story += [Spacer(1, 2 * mm),
                  S.table([S.Column(Text("缺席专家", "Absent"), 0.4), S.Column(Text("原因", "Reason"), 0.6)],
                          [[name, reason or "—"] for name, reason in m.absent], lang=lang)]
    story += [
        p(Text("二、议题与表决", "2. Items and votes"), s.heading),
        S.table([S.Column(Text("序号", "No."), 0.06, True), S.Column(Text("医院", "Hosp."), 0.07),
                 S.Column(Text("病组", "DRG"), 0.25), S.Column(Text("申报类型", "Reason"), 0.13),
                 S.Column(Text("时间", "Time"), 0.12), S.Column(Text("同意", "For"), 0.07, True),
                 S.Column(Text("不同意", "Against"), 0.08, True), S.Column(Text("弃权", "Abst."), 0.07, True),
                 S.Column(Text("结论", "Outcome"), 0.15)],
                [[i.position, i.letter, i.drg, i.reason.pick(lang),
                  f"{i.started}–{i.ended}" if i.started else "—", i.support, i.oppose, i.abstain, i.outcome.pick(lang)]
                 for i in m.items], lang=lang),
        Spacer(1, 3 * mm),
        p(Text("三、回避与说明", "3. Recusals and notes"), s.heading),
    ]
    notes = []
    for i in m.items:
        parts = [Text("{name}回避（{why}）", "{name} recused ({why})").format(name=name, why=why.pick(lang)).pick(lang)
                 for name, why in i.recusals]
        if i.on_behalf:
            parts.append(Text("{n} 票由会议秘书代为录入", "{n} votes entered by the secretary for the experts")
                         .format(n=i.on_behalf).pick(lang))
        if i.note:
            parts.append(i.note)
        if parts:
            notes.append([i.position, i.letter, Text("；", "; ").join(parts).pick(lang)])
    if notes:
        story.append(S.table([S.Column(Text("序号", "No."), 0.08, True), S.Column(Text("医院", "Hosp."), 0.08),
                              S.Column(Text("说明", "Note"), 0.84)], notes, lang=lang))
    else:
        story.append(p(Text("无。", "None.")))
    story += [
        Spacer(1, 3 * mm),
        p(Text("表决规则：同意票超过在座表决专家的 {share} 为通过，不同意票超过该比例为不通过；回避专家不参加表决。",
               "A side carries with more than {share} of the sitting experts' votes; recused experts do not vote.")
          .format(share=m.majority_share)),
    ]
    rows = [[name, "", ""] for name, _ in m.present]
    story.append(KeepTogether([
        p(Text("四、出席专家签字", "4. Signatures of the experts present"), s.heading),
        S.table([S.Column(Text("专家", "Expert"), 0.25), S.Column(Text("签字", "Signature"), 0.45),
                 S.Column(Text("日期", "Date"), 0.30)], rows, lang=lang, row_height=10 * mm),
        Spacer(1, 6 * mm),
        p(Text("会议秘书：＿＿＿＿＿＿＿＿　主持人：＿＿＿＿＿＿＿＿　日期：{day}",
               "Secretary: ____________  Chair: ____________  Date: {day}").format(day=m.held_on))]))
    return story


def minutes_pdf(m: SessionMinutes, *, lang: str | None = None) -> bytes:
    """The minutes as PDF bytes (the caller hashes and writes them)."""
    buffer = io.BytesIO()
    S.build_pdf(buffer, session_minutes_story(m, lang=lang), title=f"{TITLE.pick(lang)} {m.held_on}",
                lang=lang, author=m.bureau)
    return buffer.getvalue()
