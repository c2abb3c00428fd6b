"""``verify-notice CODE``: which decision a printed notice belongs to, and whether the store still
agrees with the paper.

The checks, each reported on its own line: the code names an issued notice; the notice's
stored content has the SHA-256 its issuing audit event recorded; the decision's signature
event is in the log with the hash the code was cut from, and records the decision's amounts;
the decision row still says what the notice says; the audit chain is intact; and the notice is
still the case's current one — a notice replaced by an amendment's or a re-review's fails,
naming the notice that replaced it and when. First it prints what the paper should say, so a
clerk compares it line by line.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlite_utils import Database

from workstation.domain.messages import Text
from workstation.services.notices import NoticeData, code_of, decision_row, normalise_code
from workstation.store.audit import verify_chain

# The decision's fields a notice prints, as the decisions row names them.
DECISION_FIELDS = ("method", "deductions_fen", "separate_fen", "before_points", "points", "before_payment_fen",
                   "payment_fen", "reasons", "signed_at", "signed_by")


@dataclass
class Check:
    ok: bool
    text: Text


@dataclass
class NoticeVerification:
    code: str
    notice: NoticeData | None = None
    checks: list[Check] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return self.notice is not None and all(c.ok for c in self.checks)

    def report(self) -> Text:
        lines: list[Text] = []
        if self.notice is None:
            lines.append(Text("校验码 {code} 不属于本数据库出具的任何告知书。",
                              "Verification code {code} belongs to no notice issued from this database.").format(
                code=self.code))
        else:
            n = self.notice
            lines.append(Text("校验码 {code}：告知书 {no}，申报 {app}，决定 {decision}，医院 {hospital}，病例 {case}。",
                              "Verification code {code}: notice {no}, application {app}, decision {decision}, "
                              "hospital {hospital}, case {case}.").format(
                code=self.code, no=n.notice_no, app=n.application_id, decision=n.decision_id,
                hospital=n.hospital_code, case=n.case_id))
        for check in self.checks:
            lines.append(Text("  [通过] ", "  [ok] ") + check.text if check.ok else
                         Text("  [不符] ", "  [FAILED] ") + check.text)
        lines += [Text("  ", "  ") + note for note in self.notes]
        if self.notice is not None:
            lines.insert(1, paper_lines(self.notice))
        if self.notice is not None:
            lines.append(Text("结论：数据库与告知书一致。", "Result: the database agrees with the notice.") if self.agrees
                         else Text("结论：数据库与告知书不一致，告知书或数据库可能已被改动。",
                                   "Result: the database does NOT agree with the notice; one of them was changed."))
        return Text("\n", "\n").join(lines)


OUTCOME_NAMES = {"approved": Text("同意", "approved"), "partly": Text("部分同意", "partly approved"),
                 "refused": Text("不予支持", "not supported")}


def paper_lines(n: NoticeData) -> Text:
    """What the paper should say, one line per item."""
    from workstation.domain.money import fen_to_yuan_text

    rows = [
        (Text("文号", "number"), Text(n.notice_no, n.notice_no)),
        (Text("医疗机构", "hospital"), Text(f"{n.hospital_name}（{n.hospital_code}）", f"{n.hospital_name} ({n.hospital_code})")),
        (Text("病例", "case"), Text(f"{n.case_id} {n.patient_name} {n.id_number}".strip(),
                                  f"{n.case_id} {n.patient_name} {n.id_number}".strip())),
        (Text("结论", "outcome"), OUTCOME_NAMES.get(n.outcome, Text(n.method, n.method))),
        (Text("点数", "points"), Text(n.points, n.points)),
        (Text("金额（元）", "amount (yuan)"), Text(fen_to_yuan_text(n.payment_fen, thousands=True),
                                            fen_to_yuan_text(n.payment_fen, thousands=True))),
        (Text("签发人", "signed by"), Text(n.signer_name or n.signed_by, n.signer_name or n.signed_by)),
        (Text("落款日期", "dated"), Text(n.issued_on, n.issued_on)),
    ]
    lines = [Text("  告知书应载明：", "  The paper should say:")]
    lines += [Text("    {k}：{v}", "    {k}: {v}").format(k=k, v=v) for k, v in rows]
    return Text("\n", "\n").join(lines)


def verify_notice(db: Database, code_text: str) -> NoticeVerification:
    code = normalise_code(code_text)
    result = NoticeVerification(code)
    row = next(db.query("SELECT * FROM notices WHERE verification_code = ?", [code]), None)
    if row is None:
        return result
    notice = NoticeData.from_json(row["content"])
    result.notice = notice
    checks = result.checks

    digest = hashlib.sha256(row["content"].encode("utf-8")).hexdigest()
    issued = db.execute("SELECT after FROM audit_log WHERE id = ? AND action = 'notice.issue'",
                        [row["issue_event"]]).fetchone()
    recorded = json.loads(issued[0]) if issued else {}
    checks.append(Check(digest == row["content_sha256"] == recorded.get("content_sha256")
                        and recorded.get("decision_id") == row["decision_id"]
                        and recorded.get("verification_code") == code,
                        Text("告知书内容与出具时审计记录的摘要一致", "the notice's content has the digest recorded when it "
                             "was issued")))

    decision = decision_row(db, row["decision_id"])
    sign = next(db.query("SELECT hash, action, after FROM audit_log WHERE id = ?", [decision["sign_event"]]), None)
    signed = json.loads(sign["after"]) if sign and sign["after"] else {}
    checks.append(Check(sign is not None and sign["action"] == "review.sign" and code_of(sign["hash"]) == code
                        and signed.get("decision_id") == decision["id"]
                        and signed.get("payment_fen") == decision["payment_fen"]
                        and signed.get("points") == decision["points"] and signed.get("method") == decision["method"],
                        Text("签发审计事件存在，其哈希与校验码相符，并记载同样的金额与点数",
                             "the signature event exists, its hash matches the code and it records the same amounts")))

    printed = {"method": notice.method, "deductions_fen": notice.deductions_fen, "separate_fen": notice.separate_fen,
               "before_points": notice.before_points, "points": notice.points,
               "before_payment_fen": notice.before_payment_fen, "payment_fen": notice.payment_fen,
               "reasons": notice.reasons, "signed_at": notice.signed_at, "signed_by": notice.signed_by}
    differing = [name for name in DECISION_FIELDS if decision[name] != printed[name]]
    same_case = decision["application_id"] == notice.application_id
    checks.append(Check(not differing and same_case, Text("决定记录与告知书一致", "the decision row agrees with the notice")
                        if not differing and same_case else
                        Text("决定记录与告知书不一致：{fields}", "the decision row differs from the notice: {fields}")
                        .format(fields=", ".join(differing or ["application_id"]))))

    problems = verify_chain(db)
    checks.append(Check(not problems, Text("审计链完整", "the audit chain is intact") if not problems else
                        Text("审计链已被改动：第一处在事件 {id}", "the audit chain was tampered with: first at event {id}")
                        .format(id=problems[0].event_id)))

    later = db.execute("SELECT d.id, d.signed_at, n.notice_no, n.issued_at FROM decisions d"
                       " LEFT JOIN notices n ON n.decision_id = d.id WHERE d.application_id = ? AND d.id > ?"
                       " AND d.signed_at IS NOT NULL ORDER BY d.id DESC LIMIT 1",
                       [decision["application_id"], decision["id"]]).fetchone()
    if later:
        replaced_by = (Text("告知书 {no}（{day} 出具，决定 {id}）", "notice {no} (issued {day}, decision {id})").format(
            no=later[2], day=later[3][:10], id=later[0]) if later[2] else
            Text("决定 {id}（{day} 签发，告知书尚未出具）", "decision {id} (signed {day}, its notice not yet issued)").format(
                id=later[0], day=later[1][:10]))
        checks.append(Check(False, Text("该告知书已被取代：{by}；它不再是本案的现行告知书",
                                        "this notice was replaced by {by}: it is no longer the case's current "
                                        "notice").format(by=replaced_by)))
    else:
        checks.append(Check(True, Text("该告知书是本案现行的告知书", "this notice is the case's current notice")))
    return result
