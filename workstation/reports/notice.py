"""The case notice 特例单议审核结果告知书 (A4), drawn from ``services.notices.NoticeData``.

Every label is a ``Text``; a notice prints in the language asked for (Chinese by default). The
footer of every page carries "page x of y" and the verification code, as text and as a QR code
that holds exactly the code (``verify-notice CODE`` reads it back).
"""
from __future__ import annotations

import os
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from workstation.domain.fields import FEE_NAMES
from workstation.domain.flags import flag_name
from workstation.domain.messages import Text, language
from workstation.domain.review.policy import REASON_NAMES
from workstation.domain.review.settlement import METHOD_NAMES, Method
from workstation.reports import styles as S
from workstation.services.notices import NoticeData

TITLE = Text("特例单议审核结果告知书", "Special-case review: notice of the decision")
SEX = {"1": Text("男", "male"), "2": Text("女", "female")}
SOURCES = {"table": Text("分组方案", "group table"), "computed": Text("按本期病例计算", "computed from the period's cases")}
ANSWERS = {"agree": Text("同意", "agreed"), "counter": Text("提出新方案", "counter-proposal"),
           "disagree": Text("不同意", "disagreed")}
OUTCOMES = {"supported": Text("评审通过", "supported"), "opposed": Text("评审未通过", "opposed")}
IN_BRACKETS = Text("（{text}）", " ({text})")
COLON = Text("：{text}", ": {text}")
QR_SIZE = 18 * mm


def method_name(code: str) -> Text:
    try:
        return METHOD_NAMES[Method(code)]
    except ValueError:
        return Text(code, code)


def qr_modules(code: str) -> list[list[bool]]:
    """The QR code's dark modules, row by row (error correction level M)."""
    qr = QrCodeWidget(code, barLevel="M").qr
    qr.version = qr.version or qr.calculate_version()
    # A fixed mask pattern (any of the eight is valid): scoring all eight to pick the "best" took
    # longer than the rest of a notice's page. A short code of hex digits scans with any of them.
    qr.makeImpl(False, 0)
    return [[bool(m) for m in row] for row in qr.modules]


def draw_qr(canvas: Canvas, modules: list[list[bool]], x: float, y: float, size: float = QR_SIZE,
            border: int = 2) -> None:
    """One filled path of the dark modules: far quicker than reportlab's widget, which draws the
    code through a Drawing of a rectangle per run and encodes it again on every page."""
    box = size / (len(modules) + 2 * border)
    path = canvas.beginPath()
    for r, row in enumerate(modules):
        for c, dark in enumerate(row):
            if dark:
                path.rect(x + (c + border) * box, y + size - (r + border + 1) * box, box, box)
    canvas.setFillColor(S.INK)
    canvas.drawPath(path, stroke=0, fill=1)


def _footer(notice: NoticeData, font: str, lang: str | None):
    modules = qr_modules(notice.verification_code)  # once per notice, for every page

    def draw(canvas: Canvas, page: int, pages: int) -> None:
        canvas.setFont(font, S.SMALL_SIZE)
        left = S.MARGIN_LEFT
        canvas.drawString(left, 15 * mm, Text("{no}  校验码 {code}", "{no}  verification code {code}").format(
            no=notice.notice_no, code=notice.verification_code).pick(lang))
        canvas.drawString(left, 11 * mm, Text("核验：python main.py verify-notice {code}",
                                              "verify: python main.py verify-notice {code}").format(
            code=notice.verification_code).pick(lang))
        draw_qr(canvas, modules, S.PAGE[0] - S.MARGIN_RIGHT - QR_SIZE, 4 * mm)
    return draw


def notice_story(n: NoticeData, *, cjk: bool = True, lang: str | None = None) -> list[Any]:
    s = S.styles(cjk)
    lang = lang or language()

    def p(text: Text | str, style=s.body) -> Paragraph:
        return Paragraph(S.escape(text.pick(lang) if isinstance(text, Text) else text), style)

    def pick(text: Text) -> str:
        return text.pick(lang)

    def fee(key: str) -> str:
        return pick(FEE_NAMES[key]) if key in FEE_NAMES else key

    story: list[Any] = [
        p(n.bureau_name, s.subtitle), p(TITLE, s.title), p(n.notice_no, s.subtitle),
        p(Text("{name}（机构编码 {code}）：", "To {name} (hospital {code}):").format(name=n.hospital_name or n.hospital_code,
                                                                          code=n.hospital_code)),
        p(Text("你单位于 {day} 申报的特例单议病例（申报编号 {app}），经受理审核、专家评审和协商，现将审核结果告知如下。",
            "The special case your hospital applied for on {day} (application {app}) has been accepted, reviewed by "
            "an expert panel and negotiated. The decision is as follows.").format(day=n.submitted_on,
                                                                                    app=n.application_id)),
        p(Text("一、病例信息", "1. The case"), s.heading),
        S.key_values([
            (Text("就诊ID", "Case ID"), n.case_id), (Text("人员编号", "Person ID"), n.patient_id),
            (Text("姓名", "Name"), n.patient_name), (Text("证件号码", "ID number"), n.id_number),
            (Text("性别", "Sex"), pick(SEX[n.sex]) if n.sex in SEX else n.sex), (Text("年龄", "Age"), n.age),
            (Text("入院日期", "Admitted"), n.admit_date), (Text("出院日期", "Discharged"), n.discharge_date),
            (Text("住院天数", "Length of stay"), n.los), (Text("出院科别", "Department"), n.dept),
            (Text("主要诊断", "Main diagnosis"), f"{n.main_dx} {n.main_dx_name}".strip()),
            (Text("主要手术操作", "Main procedure"), n.main_proc or "—"),
            (Text("医疗总费用（元）", "Total cost (yuan)"), S.yuan(n.total_cost_fen)), (Text("结算期", "Period"), n.period),
        ], cjk=cjk, lang=lang),
        p(Text("二、分组与标杆", "2. Group and benchmark"), s.heading),
        S.key_values([
            (Text("DRG 分组", "DRG"), f"{n.drg_code} {n.drg_name}".strip() or "—"), (Text("相对权重", "Weight"), n.weight or "—"),
            (Text("基准点数", "Base points"), n.base_points or "—"),
            (Text("均次费用（元）", "Average cost (yuan)"), S.yuan(n.avg_cost_fen) + (
                pick(IN_BRACKETS.format(text=SOURCES[n.benchmark_source])) if n.benchmark_source in SOURCES else "")),
            (Text("费用倍率", "Cost ratio"), n.cost_ratio or "—"),
            (Text("标记", "Flags"), Text("、", ", ").join(flag_name(c, lang) for c in n.flags).pick(lang)
             or "—"),
        ], cjk=cjk, lang=lang),
        p(Text("三、申报情况", "3. The application"), s.heading),
        S.key_values([
            (Text("申报类型", "Reason"), pick(REASON_NAMES[n.reason]) if n.reason in REASON_NAMES else n.reason),
            (Text("申报日期", "Submitted"), n.submitted_on),
            (Text("申请支付方式", "Requested method"), n.requested_method or "—"),
            (Text("申请金额（元）", "Requested amount (yuan)"), S.yuan(n.requested_amount_fen)),
        ], cjk=cjk, lang=lang),
        p(Text("申报理由：{text}", "Statement: {text}").format(text=n.statement)),
    ]
    if n.documents:
        story.append(p(Text("附件：{text}", "Documents: {text}").format(text=n.documents)))
    story += [
        p(Text("四、专家评审", "4. Expert review"), s.heading),
        p(Text("评审专家 {n} 人：同意 {s} 票，不同意 {o} 票，弃权 {a} 票。结论：{outcome}。",
            "A panel of {n} experts: {s} support, {o} oppose, {a} abstain. Outcome: {outcome}.").format(
            n=n.panel_members, s=n.votes_support, o=n.votes_oppose, a=n.votes_abstain,
            outcome=OUTCOMES.get(n.panel_outcome, Text(n.panel_outcome or "—", n.panel_outcome or "—")))),
        p(Text("五、协商情况", "5. Negotiation"), s.heading),
    ]
    if n.rounds:
        story.append(S.table([
            S.Column(Text("轮次", "Round"), 0.08, True), S.Column(Text("医保部门方案", "Bureau's proposal"), 0.22),
            S.Column(Text("扣减（元）", "Deductions (yuan)"), 0.15, True), S.Column(Text("调整点数/金额", "Points / amount"), 0.15, True),
            S.Column(Text("医院答复", "Hospital's answer"), 0.13), S.Column(Text("说明", "Notes"), 0.27)],
            [[r.round, pick(method_name(r.method)) + (pick(COLON.format(text=r.proposal)) if r.proposal else ""), S.yuan(r.deductions_fen),
              r.points or S.yuan(r.amount_fen), pick(ANSWERS[r.answer]) if r.answer in ANSWERS else "—",
              r.answer_text + (f" {S.yuan(r.counter_amount_fen)}" if r.counter_amount_fen is not None else "")]
             for r in n.rounds], cjk=cjk, lang=lang))
    else:
        story.append(p(Text("未经协商。", "No negotiation took place.")))
    decision: list[Any] = [p(Text("六、审核决定", "6. Decision"), s.heading),
                           p(Text("支付方式：{method}", "Payment: {method}").format(method=method_name(n.method)))]
    money_rows = [
        [pick(Text("点数", "Points")), S.points_text(n.before_points), S.points_text(n.points)],
        [pick(Text("预估支付（元）", "Estimated payment (yuan)")), S.yuan(n.before_payment_fen), S.yuan(n.payment_fen)],
    ]
    money_rows += [[pick(Text("扣减：", "Deduction: ")) + fee(key), "", S.yuan(-fen)] for key, fen in n.deductions.items()]
    if n.separate_fen:
        money_rows.append([pick(Text("高值耗材单独支付（元）", "High-value consumables paid apart (yuan)")), "",
                           S.yuan(n.separate_fen)])
    decision.append(S.table([S.Column(Text("项目", "Item"), 0.44), S.Column(Text("原结算", "Before"), 0.28, True),
                             S.Column(Text("本决定", "This decision"), 0.28, True)], money_rows, cjk=cjk, lang=lang))
    decision += [Spacer(1, 2 * mm), p(Text("决定理由：{text}", "Reasons: {text}").format(text=n.reasons))]
    story.append(KeepTogether(decision))
    if n.amends_notice_no:
        story.append(p(Text("本告知书更正 {no} 号告知书所载决定。", "This notice corrects the decision of notice {no}.").format(
            no=n.amends_notice_no)))
    story += [
        p(Text("七、申诉", "7. Appeal"), s.heading),
        p(Text("如对本决定有异议，可自本告知书落款之日起 {days} 日内（即 {deadline} 前，含当日）持书面申诉材料向{body}提出申诉；"
            "逾期未提出的，视为认可本决定。",
            "If your hospital disagrees, it may appeal in writing to {body} within {days} days of the date of this "
            "notice (on or before {deadline}); without an appeal by then the decision is taken as accepted.").format(
            days=n.appeal_days, deadline=n.appeal_deadline, body=n.appeal_body)),
        Spacer(1, 6 * mm),
        KeepTogether([_signature(n, cjk, lang)]),
    ]
    return story


def _signature(n: NoticeData, cjk: bool, lang: str | None) -> Table:
    s = S.styles(cjk)

    def p(text: Text | str) -> Paragraph:
        return Paragraph(S.escape(text.pick(lang) if isinstance(text, Text) else text), s.body)

    left = [p(Text("签发人：{who}", "Signed by: {who}").format(who=n.signed_by)),
            p(Text("签发时间：{at}", "Signed on: {at}").format(at=n.signed_at[:10])),
            p(Text("经办人（签字）：", "Officer (signature):"))]
    right = [p(n.bureau_name), p(Text("（盖章）", "(seal)")), p(n.issued_on)]
    shape = Table([[left, right]], colWidths=[S.FRAME_WIDTH * 0.5, S.FRAME_WIDTH * 0.5], rowHeights=[40 * mm])
    shape.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), s.font),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (1, 0), (1, 0), 0.4, S.RULE),
                               ("LEFTPADDING", (1, 0), (1, 0), 8 * mm)]))
    return shape


def write_notice(notice: NoticeData, out: str | os.PathLike | Any, *, cjk: bool = True, lang: str | None = None) -> None:
    S.build_pdf(out, notice_story(notice, cjk=cjk, lang=lang), title=f"{TITLE.pick(lang)} {notice.notice_no}",
                cjk=cjk, lang=lang, footer=_footer(notice, S.font_name(cjk), lang), footer_inset=QR_SIZE + 4 * mm,
                author=notice.bureau_name)
