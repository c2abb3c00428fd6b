"""The case notice 特例单议审核结果告知书 (A4), drawn from ``services.notices.NoticeData``.

Every label is a ``Text``; a notice prints wholly in the language asked for (Chinese by default),
the regional wordings from the settings stored with it. What a bureau's legal office looks for
is there: the number (机关代字〔年〕序号), an explicit conclusion, the approved points and amount
with the point value used, the policy basis, the contact, the appeal and the 行政复议 / 行政诉讼
rights, 抄送, the signer's name and Chinese dates; an amendment or a re-review names the notice it
replaces. The footer of every page carries "page x of y", the verification code and where to
verify it (from the settings, never a command), and a QR code holding exactly the code, with a
4-module quiet zone, more than 10 mm from every edge. A preview (no number) carries 样稿 / DRAFT.
"""
from __future__ import annotations

import os
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from workstation.domain.fields import FEE_NAMES
from workstation.domain.flags import flag_name
from workstation.domain.messages import Text, language
from workstation.domain.review.policy import REASON_NAMES
from workstation.domain.review.settlement import METHOD_NAMES, Method, parse_method
from workstation.reports import styles as S
from workstation.services.notices import NoticeData

TITLE = Text("特例单议审核结果告知书", "Special-case review: notice of the decision")
SEX = {"1": Text("男", "male"), "2": Text("女", "female")}
SOURCES = {"table": Text("分组方案", "group table"), "computed": Text("按本期病例计算", "computed from the period's cases")}
ANSWERS = {"agree": Text("同意", "agreed"), "counter": Text("提出新方案", "counter-proposal"),
           "disagree": Text("不同意", "disagreed")}
OUTCOMES = {"supported": Text("评审通过", "supported"), "opposed": Text("评审未通过", "opposed")}
CONCLUSIONS = {"approved": Text("同意", "approved"), "partly": Text("部分同意", "partly approved"),
               "refused": Text("不予支持", "not supported")}
COLON = Text("：{text}", ": {text}")
QR_SIZE = 20 * mm
QR_BORDER = 4  # modules of quiet zone (ISO/IEC 18004 asks for 4)
QR_BOTTOM = 11 * mm  # the code's box (quiet zone included) starts above this: >= 10 mm from the edge
NOTICE_BOTTOM_MARGIN = QR_BOTTOM + QR_SIZE + 2 * mm
DRAFT_MARK = Text("样稿", "DRAFT")


def method_name(code: str) -> Text:
    try:
        return METHOD_NAMES[Method(code)]
    except ValueError:
        return Text(code, code)


def requested_method_name(text: str) -> Text:
    """The method the hospital asked for, in its own words (按项目付费) read as one of ours."""
    if not text:
        return Text("—", "—")
    try:
        return METHOD_NAMES[parse_method(text)]
    except Exception:  # noqa: BLE001 - an unknown wording prints as written
        return Text(text, text)


def qr_modules(code: str) -> list[list[bool]]:
    """The QR code's dark modules, row by row (error correction level M)."""
    qr = QrCodeWidget(code, barLevel="M").qr
    qr.version = qr.version or qr.calculate_version()
    # A fixed mask pattern (any of the eight is valid): scoring all eight to pick the "best" took
    # longer than the rest of a notice's page. A short code of hex digits scans with any of them.
    qr.makeImpl(False, 0)
    return [[bool(m) for m in row] for row in qr.modules]


def draw_qr(canvas: Canvas, modules: list[list[bool]], x: float, y: float, size: float = QR_SIZE,
            border: int = QR_BORDER) -> None:
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


def setting(n: NoticeData, key: str, lang: str | None) -> str:
    if lang == "en" and n.settings_en.get(key):
        return n.settings_en[key]
    if key == "bureau_name":
        return n.settings.get(key) or n.bureau_name
    if key == "appeal_body":
        return n.settings.get(key) or n.appeal_body
    return n.settings.get(key, "")


def _footer(notice: NoticeData, font: str, lang: str | None):
    modules = qr_modules(notice.verification_code)  # once per notice, for every page
    where = setting(notice, "verify_at", lang)

    def draw(canvas: Canvas, page: int, pages: int) -> None:
        if notice.draft:
            canvas.saveState()
            canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.16))
            canvas.setFont(font, 110 if lang != "en" else 90)
            canvas.translate(S.PAGE[0] / 2, S.PAGE[1] / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, -30, DRAFT_MARK.pick(lang))
            canvas.restoreState()
        canvas.setFont(font, S.SMALL_SIZE)
        canvas.setFillColor(S.INK)
        left = S.MARGIN_LEFT
        number = notice.notice_no or Text("样稿，未编号", "draft, not numbered").pick(lang)
        canvas.drawString(left, 19 * mm, Text("{no}  校验码 {code}", "{no}  verification code {code}").format(
            no=number, code=notice.verification_code).pick(lang))
        hint = (Text("核验：向{where}提供校验码，或扫描右侧二维码", "To verify: give the code to {where}, or scan the QR code")
                .format(where=where) if where else
                Text("核验：向发文机关提供校验码，或扫描右侧二维码", "To verify: give the code to the issuing bureau, or scan the QR code"))
        canvas.drawString(left, 15 * mm, hint.pick(lang)[:110])
        draw_qr(canvas, modules, S.PAGE[0] - S.MARGIN_RIGHT - QR_SIZE, QR_BOTTOM)
    return draw


def _intro(n: NoticeData) -> Text:
    steps = [Text("受理审核", "accepted and examined")]
    if n.panel_members:
        steps.append(Text("专家评审", "reviewed by an expert panel"))
    if n.negotiated:
        steps.append(Text("协商", "negotiated with your hospital"))
    done = (Text("、", ", ").join(steps[:-1]) + Text("和", " and ") + steps[-1]) if len(steps) > 1 else steps[0]
    zh, en = done.zh, done.en
    return Text(f"你单位于 {{day}} 申报的特例单议病例（申报编号 {{app}}），经{zh}，现将审核结果告知如下。",
                f"The special case your hospital applied for on {{day}} (application {{app}}) was {en}. "
                "The decision is as follows.")


def _change_text(n: NoticeData, lang: str | None) -> str:
    parts = []
    for what, before, after in n.changes:
        if what == "method":
            parts.append(Text("支付方式由“{a}”改为“{b}”", "payment method from “{a}” to “{b}”").format(
                a=method_name(before), b=method_name(after)).pick(lang))
        elif what == "points":
            parts.append(Text("核定点数由 {a} 改为 {b}", "points from {a} to {b}").format(
                a=S.points_text(before), b=S.points_text(after)).pick(lang))
        elif what == "payment_fen":
            parts.append(Text("支付金额由 {a} 元改为 {b} 元", "payment from {a} to {b} yuan").format(
                a=S.yuan(int(before)), b=S.yuan(int(after))).pick(lang))
    return Text("；", "; ").join(parts).pick(lang) or Text("决定理由", "the reasons").pick(lang)


def _replacement(n: NoticeData, lang: str | None) -> Text | None:
    earlier = (Text("{no}号告知书（{day}）", "notice {no} of {day}").format(no=n.replaces_notice_no,
                                                                   day=S.long_date(n.replaces_notice_date, lang))
               if n.replaces_notice_no else Text("{day}告知的决定", "the decision notified on {day}").format(
                   day=S.long_date(n.replaces_notice_date, lang)))
    if n.replaces == "amendment":
        return Text("本告知书更正{earlier}，原告知书所载决定自本告知书出具之日起不再执行。变更内容：{changes}。",
                    "This notice corrects {earlier}, whose decision no longer applies from the date of this notice. "
                    "What changed: {changes}.").format(earlier=earlier, changes=_change_text(n, lang))
    if n.replaces == "appeal":
        further = (Text("依现行规则，对本复核决定仍可按第七部分申诉。", "Under the current rules this decision may again be "
                        "appealed as set out in section 7.") if n.further_appeal_open else
                   Text("依现行规则，本复核决定为最终决定，不再受理申诉。", "Under the current rules this decision is final: "
                        "no further appeal is taken."))
        return Text("你单位于 {received} 对{earlier}提出申诉。经重新组织专家评审，作出本复核决定，原告知书所载决定不再执行。"
                    "变更内容：{changes}。{further}",
                    "On {received} your hospital appealed against {earlier}. After a new expert review this decision "
                    "replaces it. What changed: {changes}. {further}").format(
            received=S.long_date(n.appeal_received, lang), earlier=earlier, changes=_change_text(n, lang),
            further=further)
    return None


def _conclusion(n: NoticeData, lang: str | None) -> Text:
    estimated = n.point_value_source != "rules.period"  # a point value not yet final for the period
    pay = Text("预估支付", "an estimated payment of") if estimated else Text("核定支付", "a payment of")
    value_note = (Text("（点值按本期病例均次费用推算，为预估值）", " (a point value derived from the period's average cost, "
                       "provisional)") if n.point_value_source == "overall_avg_cost/100" else
                  Text("（预估点值）", " (provisional point value)") if estimated else Text("", ""))
    inside = (Text("，其中高值耗材按实支付 {fen} 元", ", of which {fen} yuan for high-value consumables paid at cost")
              .format(fen=S.yuan(n.separate_fen)) if n.separate_fen else Text("", ""))
    if n.outcome == "refused":
        return Text("审核结论：不予支持。维持原 DRG 结算：{points} 点，按点值 {value} 元/点{note}，{pay} {amount} 元。",
                    "Conclusion: not supported. The DRG settlement stands: {points} points at {value} yuan per "
                    "point{note}, {pay} {amount} yuan.").format(
            points=S.points_text(n.points), value=n.point_value or "—", note=value_note, pay=pay,
            amount=S.yuan(n.payment_fen))
    return Text("审核结论：{conclusion}。核定 {points} 点，按点值 {value} 元/点{note}，{pay} {amount} 元{inside}。",
                "Conclusion: {conclusion}. {points} points at {value} yuan per point{note}: {pay} {amount} yuan"
                "{inside}.").format(
        conclusion=CONCLUSIONS.get(n.outcome, CONCLUSIONS["approved"]), points=S.points_text(n.points),
        value=n.point_value or "—", note=value_note, pay=pay, amount=S.yuan(n.payment_fen), inside=inside)


def notice_story(n: NoticeData, *, cjk: bool = True, lang: str | None = None) -> list[Any]:
    s = S.styles(cjk)
    lang = lang or language()

    def p(text: Text | str, style=s.body) -> Paragraph:
        return S.para(text.pick(lang) if isinstance(text, Text) else text, style)

    def h(text: Text) -> Paragraph:
        heading = p(text, s.heading)
        heading.keepWithNext = True  # never alone at the foot of a page
        return heading

    def pick(text: Text) -> str:
        return text.pick(lang)

    def fee(key: str) -> str:
        return pick(FEE_NAMES[key]) if key in FEE_NAMES else key

    estimated = n.point_value_source != "rules.period"
    story: list[Any] = [
        p(setting(n, "bureau_name", lang), s.subtitle), p(TITLE, s.title),
        p(n.notice_no or Text("（样稿，未编号）", "(draft, not numbered)"), s.subtitle),
        p(Text("{name}（机构编码 {code}）：", "To {name} (hospital {code}):").format(name=n.hospital_name or n.hospital_code,
                                                                          code=n.hospital_code)),
        p(_intro(n).format(day=S.long_date(n.submitted_on, lang), app=n.application_id)),
    ]
    replacement = _replacement(n, lang)
    if replacement is not None:
        story.append(p(replacement))
    story += [
        p(_conclusion(n, lang)),
        h(Text("一、病例信息", "1. The case")),
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
        h(Text("二、分组与标杆", "2. Group and benchmark")),
        S.key_values([
            (Text("DRG 分组", "DRG"), (f"{n.drg_code} {n.drg_name}".strip() if lang != "en" else n.drg_code) or "—"),
            (Text("相对权重", "Weight"), n.weight or "—"),
            (Text("基准点数", "Base points"), n.base_points or "—"),
            (Text("均次费用（元）", "Average cost (yuan)"), S.yuan(n.avg_cost_fen) + (
                pick(Text("（{text}）", " ({text})").format(text=SOURCES[n.benchmark_source]))
                if n.benchmark_source in SOURCES else "")),
            (Text("费用倍率", "Cost ratio"), n.cost_ratio or "—"),
            (Text("标记", "Flags"), Text("、", "; ").join(flag_name(c, lang) for c in n.flags).pick(lang) or "—"),
        ], cjk=cjk, lang=lang),
        h(Text("三、申报情况", "3. The application")),
        S.key_values([
            (Text("申报类型", "Reason"), pick(REASON_NAMES[n.reason]) if n.reason in REASON_NAMES else n.reason),
            (Text("申报日期", "Submitted"), S.long_date(n.submitted_on, lang)),
            (Text("申请支付方式", "Requested method"), pick(requested_method_name(n.requested_method))),
            (Text("申请金额（元）", "Requested amount (yuan)"), S.yuan(n.requested_amount_fen)),
        ], cjk=cjk, lang=lang),
        p(Text("申报理由：{text}", "The hospital's statement: {text}").format(text=n.statement or "—")),
    ]
    if n.documents:
        story.append(p(Text("附件：{text}", "Documents: {text}").format(text=n.documents)))
    story.append(h(Text("四、专家评审", "4. Expert review")))
    if n.panel_members:
        story.append(p(Text("评审专家 {n} 人：同意 {s} 票，不同意 {o} 票，弃权 {a} 票。结论：{outcome}。",
                            "A panel of {n} experts: {s} support, {o} oppose, {a} abstain. Outcome: {outcome}.").format(
            n=n.panel_members, s=n.votes_support, o=n.votes_oppose, a=n.votes_abstain,
            outcome=OUTCOMES.get(n.panel_outcome, Text(n.panel_outcome or "—", n.panel_outcome or "—")))))
    else:
        story.append(p(Text("未经专家评审。", "No expert review took place.")))
    story.append(h(Text("五、协商情况", "5. Negotiation")))
    if n.rounds:
        story.append(S.table([
            S.Column(Text("轮次", "Round"), 0.08, True), S.Column(Text("医保部门方案", "Bureau's proposal"), 0.24),
            S.Column(Text("扣减（元）", "Deducted (yuan)"), 0.14, True),
            S.Column(Text("调整点数/金额", "Points or amount"), 0.15, True),
            S.Column(Text("医院答复", "Hospital's answer"), 0.13), S.Column(Text("说明", "Notes"), 0.26)],
            [[r.round, pick(method_name(r.method)) + (pick(COLON.format(text=r.proposal)) if r.proposal else ""),
              S.yuan(r.deductions_fen), r.points or S.yuan(r.amount_fen),
              pick(ANSWERS[r.answer]) if r.answer in ANSWERS else "—",
              " ".join(x for x in (r.answer_text, S.yuan(r.counter_amount_fen) if r.counter_amount_fen is not None
                                   else "") if x) or "—"]
             for r in n.rounds], cjk=cjk, lang=lang))
    else:
        story.append(p(Text("未经协商。", "No negotiation took place.")))
    pay_label = Text("预估支付（元）", "Estimated payment (yuan)") if estimated else Text("核定支付（元）", "Payment (yuan)")
    money_rows: list[list[object]] = [
        [pick(Text("点数", "Points")), S.points_text(n.before_points), S.points_text(n.points)],
        [pick(Text("点值（元/点）", "Point value (yuan per point)")), n.point_value or "—", n.point_value or "—"],
        [pick(pay_label), S.yuan(n.before_payment_fen), S.yuan(n.payment_fen)],
    ]
    if n.separate_fen:
        money_rows.append([pick(Text("　其中：高值耗材按实支付（元）", "  of which high-value consumables at cost (yuan)")), "",
                           S.yuan(n.separate_fen)])
    money_rows += [[pick(Text("已扣减：", "Deducted: ")) + fee(key), "", S.yuan(fen)] for key, fen in n.deductions.items()]
    decision: list[Any] = [h(Text("六、审核决定", "6. Decision")),
                           p(Text("审核结论：{c}；支付方式：{method}", "Conclusion: {c}; payment: {method}").format(
                               c=CONCLUSIONS.get(n.outcome, CONCLUSIONS["approved"]), method=method_name(n.method))),
                           S.table([S.Column(Text("项目", "Item"), 0.44), S.Column(Text("原结算", "Before"), 0.28, True),
                                    S.Column(Text("本决定", "This decision"), 0.28, True)], money_rows, cjk=cjk,
                                   lang=lang),
                           Spacer(1, 2 * mm)]
    story.append(KeepTogether(decision))
    story.append(p(Text("决定理由：{text}", "Reasons: {text}").format(text=n.reasons)))
    basis = setting(n, "basis", lang)
    if basis:
        story.append(p(Text("依据：{text}", "Basis: {text}").format(text=basis)))
    body, channel = setting(n, "appeal_body", lang), setting(n, "appeal_channel", lang)
    review_body, court = setting(n, "review_body", lang), setting(n, "court", lang)
    rights = (Text("对本决定不服的，也可以自收到本告知书之日起六十日内依法向{review}申请行政复议，"
                   "或者自收到之日起六个月内依法向{court}提起行政诉讼。",
                   "Your hospital may also apply for administrative reconsideration to {review} within sixty days of "
                   "receiving this notice, or bring an administrative action before {court} within six months.")
              .format(review=review_body or Text("有管辖权的行政复议机关", "the competent reconsideration body"),
                      court=court or Text("有管辖权的人民法院", "the competent people's court")))
    story += [
        h(Text("七、申诉与救济", "7. Appeal and remedies")),
        p(Text("如对本决定有异议，可自本告知书落款之日起 {days} 日内（即 {deadline} 前，含当日）持书面申诉材料向{body}提出申诉{channel}；"
               "逾期未提出的，视为认可本决定。",
               "If your hospital disagrees, it may appeal in writing to {body} within {days} days of the date of this "
               "notice (on or before {deadline}){channel}; without an appeal by then the decision is taken as "
               "accepted.").format(days=n.appeal_days, deadline=S.long_date(n.appeal_deadline, lang), body=body,
                                   channel=Text("（{c}）", " ({c})").format(c=channel) if channel else Text("", ""))),
        p(rights),
    ]
    contact, phone = setting(n, "contact", lang), setting(n, "phone", lang)
    if contact or phone:
        story.append(p(Text("联系人：{who}　联系电话：{phone}", "Contact: {who}, telephone {phone}").format(
            who=contact or "—", phone=phone or "—")))
    story += [Spacer(1, 4 * mm), KeepTogether([_signature(n, cjk, lang)])]
    copy_to = setting(n, "copy_to", lang)
    if copy_to:
        story.append(p(Text("抄送：{text}", "Copy to: {text}").format(text=copy_to), s.small))
    return story


def _signature(n: NoticeData, cjk: bool, lang: str | None) -> Table:
    s = S.styles(cjk)

    def p(text: Text | str) -> Paragraph:
        return S.para(text.pick(lang) if isinstance(text, Text) else text, s.body)

    left = [p(Text("签发人：{who}", "Signed by: {who}").format(who=n.signer_name or n.signed_by)),
            p(Text("签发日期：{at}", "Signed on: {at}").format(at=S.long_date(n.signed_at[:10], lang))),
            p(Text("经办人（签字）：", "Officer (signature):"))]
    right = [p(setting(n, "bureau_name", lang)), p(Text("（盖章）", "(seal)")), p(S.long_date(n.issued_on, lang))]
    shape = Table([[left, right]], colWidths=[S.FRAME_WIDTH * 0.5, S.FRAME_WIDTH * 0.5], rowHeights=[36 * mm])
    shape.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), s.font),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (1, 0), (1, 0), 0.4, S.RULE),
                               ("LEFTPADDING", (1, 0), (1, 0), 8 * mm)]))
    return shape


def write_notice(notice: NoticeData, out: str | os.PathLike | Any, *, cjk: bool = True, lang: str | None = None) -> None:
    title = f"{TITLE.pick(lang)} {notice.notice_no or DRAFT_MARK.pick(lang)}"
    S.build_pdf(out, notice_story(notice, cjk=cjk, lang=lang), title=title,
                cjk=cjk, lang=lang, footer=_footer(notice, S.font_name(cjk), lang), footer_inset=QR_SIZE + 4 * mm,
                author=setting(notice, "bureau_name", lang), bottom_margin=NOTICE_BOTTOM_MARGIN)
