"""Case notices (特例单议审核结果告知书): their content, number and verification code.

A notice is issued for a signed decision the first time it is printed (CLI ``notice``/``notices``
or the GUI's preview): that is when a number is taken from the series (〔2025〕特议第0001号) and
the notice's content is frozen. Numbering at the first printing rather than at ``notify`` keeps
the order of work a bureau has (print, seal, send, then record the notice as sent) and the
number on the paper is the one the database holds. The number, the series' counter and the
audit event that records them are written in one transaction, so a number is never taken
without its notice (no gaps to explain) and never given twice (``notice_series`` only goes up).

The content is plain data built from the services (never from widgets), personal data masked;
it is stored as JSON and reprints are drawn from it. Its SHA-256 is in the issuing audit event.
The verification code is the first 64 bits of the hash of the decision's signature event.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlite_utils import Database

from workstation.domain.masking import mask_id
from workstation.domain.messages import UserError
from workstation.domain.review.calendar import appeal_deadline
from workstation.services.context import Actor
from workstation.services.queue.detail import load_case_detail
from workstation.services.report_settings import report_settings
from workstation.services.review import ENTITY, application, policy_of
from workstation.services.review.decisions import rounds
from workstation.store import audit

CODE_LENGTH = 16  # hex digits of the signature event's hash


@dataclass
class NoticeRound:
    round: int
    method: str  # by_item | adjust_points | keep_drg
    deductions_fen: int
    points: str | None
    amount_fen: int | None
    proposal: str
    answer: str | None  # agree | counter | disagree | None
    answer_text: str
    counter_amount_fen: int | None


@dataclass
class NoticeData:
    notice_no: str
    verification_code: str
    bureau_name: str
    appeal_body: str
    issued_on: str  # the notice's date
    appeal_days: int
    appeal_deadline: str
    application_id: int
    decision_id: int
    hospital_code: str
    hospital_name: str
    # the case, personal data masked
    case_id: str
    patient_id: str
    patient_name: str
    id_number: str
    sex: str
    age: int | None
    admit_date: str
    discharge_date: str
    los: int | None
    dept: str
    main_dx: str
    main_dx_name: str
    main_proc: str
    total_cost_fen: int
    period: str
    drg_code: str
    drg_name: str
    avg_cost_fen: int | None
    benchmark_source: str
    weight: str
    base_points: str
    cost_ratio: str
    flags: list[str]
    # the application
    reason: str
    statement: str
    submitted_on: str
    requested_method: str
    requested_amount_fen: int | None
    documents: str
    # the panel: counts only, never names
    panel_members: int
    votes_support: int
    votes_oppose: int
    votes_abstain: int
    panel_outcome: str
    rounds: list[NoticeRound] = field(default_factory=list)
    # the decision
    method: str = ""
    deductions: dict[str, int] = field(default_factory=dict)
    deductions_fen: int = 0
    separate_fen: int = 0
    before_points: str = ""
    points: str = ""
    before_payment_fen: int = 0
    payment_fen: int = 0
    reasons: str = ""
    signed_at: str = ""
    signed_by: str = ""
    amends_notice_no: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> NoticeData:
        values = json.loads(text)
        values["rounds"] = [NoticeRound(**r) for r in values.get("rounds", [])]
        return cls(**values)


def code_of(event_hash: str) -> str:
    """``3f2a9c1b77d0e4a5…`` -> ``3F2A-9C1B-77D0-E4A5``."""
    digits = event_hash[:CODE_LENGTH].upper()
    return "-".join(digits[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str:
    digits = "".join(ch for ch in str(text).upper() if ch in "0123456789ABCDEF")
    if len(digits) != CODE_LENGTH:
        raise UserError(f"校验码 {text!r} 应为 {CODE_LENGTH} 位十六进制字符（如 3F2A-9C1B-77D0-E4A5）。",
                        f"Verification code {text!r} must be {CODE_LENGTH} hex digits (e.g. 3F2A-9C1B-77D0-E4A5).")
    return code_of(digits.lower())


def notice_number(series: str, year: int, number: int) -> str:
    return f"〔{year}〕{series}第{number:04d}号"


def decision_row(db: Database, decision_id: int) -> dict:
    row = next(db.query("SELECT * FROM decisions WHERE id = ?", [decision_id]), None)
    if row is None:
        raise UserError(f"没有编号为 {decision_id} 的决定。", f"There is no decision {decision_id}.")
    return row


def _panel(db: Database, application_id: int, before_event: int) -> dict:
    """The conclusion of the panel the decision rests on: the last one before its signature."""
    row = db.execute("SELECT after FROM audit_log WHERE entity = ? AND entity_id = ? AND action = 'review.conclude'"
                     " AND id < ? ORDER BY id DESC LIMIT 1", [ENTITY, str(application_id), before_event]).fetchone()
    return json.loads(row[0]) if row else {}


def _event_hash(db: Database, event_id: int | None) -> str:
    row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [event_id]).fetchone() if event_id else None
    if row is None:
        raise UserError("该决定没有签发记录：只有已签发的决定才能出具告知书。",
                        "The decision has no signature event: only a signed decision gets a notice.")
    return str(row[0])


def build_notice(db: Database, decision: dict, *, notice_no: str, issued_on: date) -> NoticeData:
    """The notice of a signed decision, as the services see it now (masked, plain data)."""
    if not decision.get("signed_at"):
        raise UserError(f"决定 {decision['id']} 尚未签发，不能出具告知书。",
                        f"Decision {decision['id']} is not signed yet: no notice can be issued.")
    app = application(db, decision["application_id"])
    detail = load_case_detail(db, app["case_pk"])
    if detail is None:
        raise UserError(f"病例 {app['case_pk']} 不存在。", f"Case {app['case_pk']} does not exist.")
    case, result = detail.case, detail.result
    settings = report_settings(db)
    policy = policy_of(db)
    panel = _panel(db, app["id"], decision["sign_event"] or 2**62)
    amended = decision_row(db, decision["amends"]) if decision.get("amends") else None
    amended_no = ""
    if amended is not None:
        found = db.execute("SELECT notice_no FROM notices WHERE decision_id = ?", [amended["id"]]).fetchone()
        amended_no = found[0] if found else ""
    notified = decision.get("notified_at")
    day = date.fromisoformat(notified[:10]) if notified else issued_on

    def text(value: object) -> str:
        return "" if value is None else str(value)

    return NoticeData(
        notice_no=notice_no, verification_code=code_of(_event_hash(db, decision["sign_event"])),
        bureau_name=settings.bureau_name, appeal_body=settings.appeal_body, issued_on=day.isoformat(),
        appeal_days=policy.appeal_days, appeal_deadline=appeal_deadline(day, policy).isoformat(),
        application_id=app["id"], decision_id=decision["id"], hospital_code=app["hospital_code"],
        hospital_name=detail.hospital_name, case_id=case["case_id"], patient_id=mask_id(case.get("patient_id")),
        patient_name=text(case.get("patient_name")), id_number=text(case.get("id_number")), sex=text(case.get("sex")),
        age=case.get("age"), admit_date=text(case.get("admit_date")), discharge_date=text(case.get("discharge_date")),
        los=case.get("los"), dept=text(case.get("dept")), main_dx=text(case.get("main_dx")),
        main_dx_name=next((d.name for d in detail.diagnoses if d.code == case.get("main_dx")), ""),
        main_proc=text(case.get("main_proc")), total_cost_fen=int(case["total_cost_fen"]), period=app["period"],
        drg_code=text(result.get("drg_code") or case.get("drg_code")), drg_name=detail.drg_name,
        avg_cost_fen=result.get("avg_cost_fen"), benchmark_source=text(result.get("benchmark_source")),
        weight=text(result.get("weight")), base_points=text(result.get("base_points")),
        cost_ratio="" if result.get("cost_ratio") is None else f"{float(result['cost_ratio']):.2f}",
        flags=[f.code for f in detail.flags],
        reason=app["reason"], statement=app["statement"], submitted_on=app["submitted_on"],
        requested_method=text(app.get("requested_method")), requested_amount_fen=app.get("requested_amount_fen"),
        documents=text(app.get("documents")),
        panel_members=int(panel.get("members", 0)), votes_support=int(panel.get("support", 0)),
        votes_oppose=int(panel.get("oppose", 0)), votes_abstain=int(panel.get("abstain", 0)),
        panel_outcome=text(panel.get("outcome")),
        rounds=[NoticeRound(r["round"], r["method"], sum(json.loads(r["deductions"] or "{}").values()), r["points"],
                            r["amount_fen"], r["proposal_text"] or "", r["answer"], r["answer_text"] or "",
                            r["counter_amount_fen"]) for r in rounds(db, app["id"])],
        method=decision["method"], deductions=json.loads(decision["deductions"] or "{}"),
        deductions_fen=decision["deductions_fen"], separate_fen=decision["separate_fen"],
        before_points=decision["before_points"], points=decision["points"],
        before_payment_fen=decision["before_payment_fen"], payment_fen=decision["payment_fen"],
        reasons=decision["reasons"], signed_at=decision["signed_at"], signed_by=decision["signed_by"] or "",
        amends_notice_no=amended_no)


def _stored(db: Database, decision_id: int) -> NoticeData | None:
    row = db.execute("SELECT content FROM notices WHERE decision_id = ?", [decision_id]).fetchone()
    return NoticeData.from_json(row[0]) if row else None


def issue_notice(db: Database, actor: Actor, decision_id: int, *, today: date | None = None) -> NoticeData:
    """The decision's notice: the one issued before, or a new one with the next number."""
    stored = _stored(db, decision_id)
    if stored is not None:
        return stored
    day = today or date.today()
    with db.atomic():
        stored = _stored(db, decision_id)  # another workstation may have issued it meanwhile
        if stored is not None:
            return stored
        decision = decision_row(db, decision_id)
        series = report_settings(db).notice_series
        row = db.execute("SELECT last_number FROM notice_series WHERE series = ? AND year = ?",
                         [series, day.year]).fetchone()
        number = (row[0] if row else 0) + 1
        notice = build_notice(db, decision, notice_no=notice_number(series, day.year, number), issued_on=day)
        content = notice.to_json()
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        db.execute("INSERT INTO notice_series (series, year, last_number) VALUES (?, ?, ?)"
                   " ON CONFLICT (series, year) DO UPDATE SET last_number = excluded.last_number",
                   [series, day.year, number])
        event = audit.record(db, actor=actor.name, action="notice.issue", entity=ENTITY,
                             entity_id=decision["application_id"],
                             after={"decision_id": decision_id, "notice_no": notice.notice_no,
                                    "verification_code": notice.verification_code, "content_sha256": digest})
        db.execute("INSERT INTO notices (decision_id, series, year, number, notice_no, verification_code, content,"
                   " content_sha256, issued_at, issued_by, issue_event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [decision_id, series, day.year, number, notice.notice_no, notice.verification_code, content,
                    digest, audit.now_iso(), actor.name, event])
        return notice


def latest_signed_decision(db: Database, application_id: int) -> int:
    application(db, application_id)  # says so when there is no such application
    row = db.execute("SELECT MAX(id) FROM decisions WHERE application_id = ? AND signed_at IS NOT NULL",
                     [application_id]).fetchone()
    if row[0] is None:
        raise UserError(f"申报 {application_id} 还没有已签发的决定，不能出具告知书。",
                        f"Application {application_id} has no signed decision yet: no notice can be issued.")
    return int(row[0])


def signed_decisions(db: Database, period: str) -> list[int]:
    """Every signed decision of the period's applications (an amended one too: it was sent), in
    the order they were signed: the order their notices are numbered in."""
    return [r[0] for r in db.execute(
        "SELECT d.id FROM decisions d JOIN applications a ON a.id = d.application_id"
        " WHERE a.period = ? AND d.signed_at IS NOT NULL ORDER BY d.sign_event, d.id", [period])]
