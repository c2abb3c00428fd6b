"""The minutes of a 协商谈判 (PDF) in the reports' house style, from ``services.negotiations.Negotiation``."""
from __future__ import annotations

import os
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from workstation.domain.messages import Text, language
from workstation.domain.recalibration import CONFIDENCE_NAMES
from workstation.reports import styles as S
from workstation.services.negotiations import OUTCOMES, POSITIONS, SIDES, Negotiation
from workstation.services.report_settings import ReportSettings

TITLE = Text("DRG 病组权重及系数调整协商会议纪要", "Minutes of the negotiation on DRG weights and coefficients")


def _position(said: tuple[str, str | None, str | None] | None, lang: str) -> str:
    if said is None:
        return "—"
    word, value, _ = said
    text = POSITIONS[word].pick(lang) if word in POSITIONS else word
    return f"{text} {S.points_text(value)}" if value else text


def negotiation_story(n: Negotiation, settings: ReportSettings, *, cjk: bool = True,
                      lang: str | None = None) -> list[Any]:
    lang = lang or language()
    s = S.styles(cjk)

    def p(text: Text | str, style=s.body) -> Paragraph:
        return Paragraph(S.escape(text.pick(lang) if isinstance(text, Text) else text), style)

    hospitals = [x for x in n.participants if x.side == "hospital"]
    codes = [x.hospital_code or "" for x in hospitals]
    span = n.span_from if n.span_from == n.span_to else f"{n.span_from} – {n.span_to}"
    agreed = sum(i.outcome == "agreed" for i in n.items)
    story: list[Any] = [
        p(settings.bureau_name, s.subtitle), p(TITLE, s.title),
        p(Text("{title}　会议日期：{day}　第 {id} 号", "{title} · held on {day} · no. {id}").format(
            title=n.title, day=n.held_on, id=n.id), s.subtitle),
        p(Text("依据 {span} 结算数据测算的病组权重和医院级别系数调整建议（阈值 {t}，最少病例数 {m}），医保部门与医疗机构代表、"
               "专家进行了协商。共讨论建议 {k} 项，达成一致 {a} 项。",
               "On the proposals computed from the settlement data of {span} (threshold {t}, at least {m} cases), "
               "the bureau negotiated with the hospitals' representatives and experts: {k} proposals discussed, "
               "{a} agreed.").format(span=span, t=n.threshold, m=n.min_cases, k=len(n.items), a=agreed)),
        p(Text("一、参加人员", "1. Participants"), s.heading),
        S.table([S.Column(Text("身份", "Side"), 0.18), S.Column(Text("姓名", "Name"), 0.22),
                 S.Column(Text("机构编码", "Hospital"), 0.25), S.Column(Text("职务", "Post"), 0.35)],
                [[SIDES[x.side].pick(lang) if x.side in SIDES else x.side, x.name, x.hospital_code or "", x.title or ""]
                 for x in n.participants], cjk=cjk, lang=lang),
        p(Text("二、讨论的调整建议及各方意见", "2. Proposals discussed and positions"), s.heading),
    ]
    share = 0.38 / max(len(codes), 1)
    columns = [S.Column(Text("建议", "Proposal"), 0.1), S.Column(Text("病例", "Cases"), 0.07, True),
               S.Column(Text("现行", "Current"), 0.09, True), S.Column(Text("测算", "Proposed"), 0.09, True),
               S.Column(Text("可信度", "Confidence"), 0.08), *[S.Column(c, share) for c in codes],
               S.Column(Text("一致意见", "Agreed"), 0.19)]
    rows = [[i.code, S.count(i.cases), S.points_text(i.current), S.points_text(i.proposed),
             CONFIDENCE_NAMES[i.confidence].pick(lang) if i.confidence in CONFIDENCE_NAMES else i.confidence,
             *[_position(i.positions.get(c), lang) for c in codes],
             (f"{OUTCOMES[i.outcome].pick(lang)} {S.points_text(i.agreed) if i.agreed else ''}".strip() if i.outcome in OUTCOMES
              else Text("未定", "open").pick(lang))] for i in n.items]
    story.append(S.table(columns, rows, cjk=cjk, lang=lang))
    names = [i for i in n.items if i.name]
    if names:
        story.append(Spacer(1, 2 * mm))
        story.append(p(Text("病组名称：", "Group names: ") + Text("；", "; ").join(f"{i.code} {i.name}" for i in names),
                         s.small))
    notes = [i for i in n.items if i.note] + []
    story.append(p(Text("三、协商结果", "3. Outcome"), s.heading))
    for i in n.items:
        outcome = OUTCOMES[i.outcome].pick(lang) if i.outcome in OUTCOMES else Text("未定", "open").pick(lang)
        line = Text("{code}：{outcome}", "{code}: {outcome}").format(code=i.code, outcome=outcome)
        if i.outcome == "agreed":
            line = line + Text("，权重（系数）由 {a} 调整为 {b}", ", from {a} to {b}").format(
                a=S.points_text(i.current), b=S.points_text(i.agreed))
        if i in notes:
            line = line + Text("（{note}）", " ({note})").format(note=i.note)
        story.append(p(line))
    story.append(p(Text("达成一致的调整经系统管理员生成新版病组表后执行，并按新版重新计算结果；已作出特例单议决定的病例不因此改变。",
                        "Agreed changes take effect once an administrator adopts them as a new group table version and "
                        "results are recomputed; cases with a special-case decision keep their decisions.")))
    story.append(p(Text("四、签字", "4. Signatures"), s.heading))
    story.append(KeepTogether([
        S.table([S.Column(Text("参加人", "Participant"), 0.3), S.Column(Text("签字", "Signature"), 0.45),
                 S.Column(Text("日期", "Date"), 0.25)], [[x.name, "", ""] for x in n.participants], cjk=cjk, lang=lang,
                row_height=10 * mm),
        Spacer(1, 6 * mm),
        p(Text("记录人：{who}　　审核人：＿＿＿＿＿＿＿＿", "Recorded by: {who}    Checked by: ____________").format(
            who=n.created_by))]))
    return story


def write_negotiation_minutes(n: Negotiation, settings: ReportSettings, out: str | os.PathLike | Any, *,
                              cjk: bool = True, lang: str | None = None) -> None:
    S.build_pdf(out, negotiation_story(n, settings, cjk=cjk, lang=lang), title=f"{TITLE.pick(lang)} {n.id}", cjk=cjk,
                lang=lang, author=settings.bureau_name)
