"""The half-yearly publication of the hospitals' opinions and the bureau's answers (意见收集反馈),
as a PDF in the reports' house style and as a formula-safe workbook, from the same rows."""
from __future__ import annotations

import os
from collections import Counter
from datetime import date
from typing import Any

from openpyxl import Workbook
from reportlab.platypus import Paragraph

from workstation.domain.messages import Text, language
from workstation.reports import styles as S
from workstation.reports.workbook import Col, sheet_of
from workstation.services.opinions import TOPICS
from workstation.services.report_settings import ReportSettings

TITLE = Text("医疗机构意见收集及反馈情况", "Hospitals' opinions and the bureau's answers")


def _status(row: dict, lang: str) -> str:
    if row["answer"]:
        late = Text("（逾期答复）", " (answered late)") if row["overdue"] else Text("", "")
        return (Text("已答复", "answered") + late).pick(lang)
    return (Text("待答复（逾期）", "pending (overdue)") if row["overdue"] else Text("待答复", "pending")).pick(lang)


def opinions_story(half: str, rows: list[dict], settings: ReportSettings, *, cjk: bool = True,
                   lang: str | None = None) -> list[Any]:
    lang = lang or language()
    s = S.styles(cjk)

    def p(text: Text | str, style=s.body) -> Paragraph:
        return Paragraph(S.escape(text.pick(lang) if isinstance(text, Text) else text), style)

    answered = sum(bool(r["answer"]) for r in rows)
    late = sum(bool(r["overdue"]) for r in rows)
    topics = Counter(r["topic"] for r in rows)
    story: list[Any] = [
        p(settings.bureau_name, s.subtitle), p(TITLE, s.title),
        p(Text("{half}　公开日期：{day}", "{half} · published {day}").format(half=half, day=date.today().isoformat()),
          s.subtitle),
        p(Text("本期共收到医疗机构意见 {n} 条，已答复 {a} 条，逾期（超过答复期限）{o} 条。按类别：{t}。",
               "This half-year {n} opinions were received from hospitals; {a} answered, {o} beyond the answer "
               "deadline. By topic: {t}.").format(
            n=len(rows), a=answered, o=late,
            t=Text("、", ", ").join(f"{TOPICS[k].pick(lang)} {v}" for k, v in sorted(topics.items())) or "—")),
        p(Text("一、意见及答复", "1. Opinions and answers"), s.heading),
        S.table([S.Column(Text("编号", "No."), 0.05, True), S.Column(Text("收到日期", "Received"), 0.11),
                 S.Column(Text("机构编码", "Hospital"), 0.16), S.Column(Text("类别", "Topic"), 0.08),
                 S.Column(Text("意见", "Opinion"), 0.24), S.Column(Text("答复", "Answer"), 0.24),
                 S.Column(Text("状态", "Status"), 0.12)],
                [[r["id"], r["received_on"], r["hospital_code"], TOPICS[r["topic"]].pick(lang), r["text"],
                  (r["answer"] or "—") + (Text("（{d}）", " ({d})").format(d=r["answered_on"]).pick(lang)
                                          if r["answered_on"] else ""), _status(r, lang)]
                 for r in rows], cjk=cjk, lang=lang),
    ]
    linked = [r for r in rows if r["links"]]
    if linked:
        story.append(p(Text("二、涉及的调整建议", "2. Proposals concerned"), s.heading))
        story.append(S.table([S.Column(Text("编号", "No."), 0.1, True), S.Column(Text("建议", "Proposals"), 0.9)],
                             [[r["id"], Text("、", ", ").join(r["links"]).pick(lang)] for r in linked], cjk=cjk, lang=lang))
    story.append(p(Text("意见原文中的身份证号、电话号码已作遮盖处理。", "ID and phone numbers in the texts are masked."),
                   s.small))
    return story


def write_opinions_pdf(half: str, rows: list[dict], settings: ReportSettings, out: str | os.PathLike | Any, *,
                       cjk: bool = True, lang: str | None = None) -> None:
    S.build_pdf(out, opinions_story(half, rows, settings, cjk=cjk, lang=lang), title=f"{TITLE.pick(lang)} {half}",
                cjk=cjk, lang=lang, author=settings.bureau_name)


COLUMNS = [Col(Text("编号", "No.")), Col(Text("收到日期", "Received")), Col(Text("机构编码", "Hospital")),
           Col(Text("类别", "Topic")), Col(Text("意见", "Opinion")), Col(Text("涉及建议", "Proposals")),
           Col(Text("承办人", "Assigned to")), Col(Text("答复", "Answer")), Col(Text("答复人", "Answered by")),
           Col(Text("答复日期", "Answered on")), Col(Text("答复期限", "Due")), Col(Text("状态", "Status"))]


def write_opinions_workbook(half: str, rows: list[dict], out: str | os.PathLike, *, lang: str | None = None) -> None:
    lang = lang or language()
    book = Workbook()
    book.remove(book.active)
    sheet_of(book, half[:31], COLUMNS, [
        [str(r["id"]), r["received_on"], r["hospital_code"], TOPICS[r["topic"]].pick(lang), r["text"],
         Text("、", ", ").join(r["links"]).pick(lang), r["assigned_to"] or "", r["answer"] or "", r["answered_by"] or "",
         r["answered_on"] or "", r["due_on"], _status(r, lang)] for r in rows], lang)
    book.save(os.fspath(out))
