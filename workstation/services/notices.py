"""Case notices (特例单议审核结果告知书): their content, number and verification code.

A preview (``preview_notice``) takes nothing: no number, a 样稿 / DRAFT watermark. Issuing
(``issue_notice``) is its own action (authority ``notice.issue``): refused until an administrator
has set the notice settings, refused when the decision no longer says what its signature event
recorded, and only for the case's current decision (one current notice per case: an amended or
re-reviewed decision's notice names the one it replaces). The number (机关代字〔年〕序号, from the
settings' format) is taken and committed together with its audit event only after the PDF was
written: the writer is called inside the transaction. A reprint (``reprint_notice``) checks the
stored content's hash and is its own audit event (``notice.reprint``). Numbering at the first printing rather than at ``notify`` keeps
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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from fractions import Fraction

from sqlite_utils import Database

from workstation.domain.authority import Action, Facts
from workstation.domain.masking import mask_free_text, mask_id, mask_name
from workstation.domain.messages import UserError
from workstation.domain.review.calendar import appeal_deadline
from workstation.domain.review.workflow import Status, Step, legal_steps
from workstation.engine.summary import period_point_values
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.services.queue.detail import load_case_detail
from workstation.services.report_settings import ENGLISH_KEYS, format_number, report_settings
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
    # added with issue 24 (older stored notices lack them: the defaults)
    draft: bool = False  # a preview: no number, drawn with a 样稿 / DRAFT watermark
    outcome: str = ""  # approved | partly | refused: the conclusion sentence
    signer_name: str = ""  # the signer's display name (users.display_name)
    point_value: str = ""  # yuan per point used for the amount
    point_value_source: str = ""  # rules.period | rules.default | overall_avg_cost/100
    negotiated: bool = False
    settings: dict[str, str] = field(default_factory=dict)  # the regional wordings as issued
    settings_en: dict[str, str] = field(default_factory=dict)
    replaces: str = ""  # "" | amendment | appeal: what this notice follows
    replaces_notice_no: str = ""
    replaces_notice_date: str = ""
    replaces_decision_id: int | None = None
    changes: list[list[str]] = field(default_factory=list)  # [what, before, after] (what: method|points|payment_fen)
    appeal_received: str = ""
    appeal_grounds: str = ""
    further_appeal_open: bool = False


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


SETTING_FIELDS = ("bureau_name", "appeal_body", "appeal_channel", "review_body", "court", "basis", "contact", "phone",
                  "copy_to", "verify_at")
Writer = Callable[["NoticeData"], None]


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


def _signer_name(db: Database, username: str) -> str:
    row = db.execute("SELECT display_name FROM users WHERE username = ?", [username]).fetchone()
    return str(row[0]) if row and row[0] else username


def outcome_of(method: str, payment_fen: int, deductions_fen: int, requested_amount_fen: int | None) -> str:
    """同意 / 部分同意 / 不予支持: kept DRG payment refuses; less than asked (or with deductions) is partial."""
    if method == "keep_drg":
        return "refused"
    if requested_amount_fen is not None and payment_fen < requested_amount_fen:
        return "partly"
    return "partly" if deductions_fen else "approved"


def previous_signed(db: Database, decision: dict) -> dict | None:
    """The application's signed decision before this one (the one this one replaces), if any."""
    return next(db.query("SELECT * FROM decisions WHERE application_id = ? AND signed_at IS NOT NULL AND id < ?"
                         " ORDER BY id DESC LIMIT 1", [decision["application_id"], decision["id"]]), None)


def replacing(db: Database, decision: dict) -> dict | None:
    """The later signed decision that replaced this one (an amendment or a re-review), if any."""
    return next(db.query("SELECT * FROM decisions WHERE application_id = ? AND signed_at IS NOT NULL AND id > ?"
                         " ORDER BY id LIMIT 1", [decision["application_id"], decision["id"]]), None)


def _appeal_between(db: Database, application_id: int, after_event: int, before_event: int) -> dict | None:
    row = db.execute("SELECT after FROM audit_log WHERE entity = ? AND entity_id = ? AND action = 'review.appeal'"
                     " AND id > ? AND id < ? ORDER BY id DESC LIMIT 1",
                     [ENTITY, str(application_id), after_event, before_event]).fetchone()
    if row is None:
        return None
    found = json.loads(row[0]) if row[0] else {}
    return found if isinstance(found, dict) else {}


def _changes(before: dict, after: dict) -> list[list[str]]:
    return [[key, str(before[key]), str(after[key])] for key in ("method", "points", "payment_fen")
            if str(before[key]) != str(after[key])]


def _point_value_text(value: Fraction) -> str:
    return f"{value.numerator / value.denominator:.4f}"


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
    raw_name = db.execute("SELECT patient_name FROM cases WHERE id = ?", [app["case_pk"]]).fetchone()[0]
    names = [raw_name] if raw_name else []

    def free(value: object) -> str:
        # Free text reaches paper only masked: ID numbers, mobiles and the patient's name (issue 24.2).
        return mask_free_text(None if value is None else str(value), names)

    def text(value: object) -> str:
        return "" if value is None else str(value)

    settings = report_settings(db)
    policy = policy_of(db)
    panel = _panel(db, app["id"], decision["sign_event"] or 2**62)
    day = issued_on
    values = next(iter(period_point_values(db, app["period"])), None)
    earlier = previous_signed(db, decision)
    replaces, earlier_no, earlier_date, changes = "", "", "", []
    appeal: dict | None = None
    if earlier is not None:
        found = db.execute("SELECT notice_no, issued_at FROM notices WHERE decision_id = ?", [earlier["id"]]).fetchone()
        earlier_no = found[0] if found else ""
        earlier_date = str(found[1] if found else earlier.get("notified_at") or earlier["signed_at"])[:10]
        appeal = _appeal_between(db, app["id"], earlier["sign_event"] or 0, decision["sign_event"] or 2**62)
        replaces = "appeal" if appeal is not None else "amendment"
        changes = _changes(earlier, decision)
    rounds_ = rounds(db, app["id"])
    return NoticeData(
        notice_no=notice_no, verification_code=code_of(_event_hash(db, decision["sign_event"])),
        bureau_name=settings.bureau_name, appeal_body=settings.appeal_body, issued_on=day.isoformat(),
        appeal_days=policy.appeal_days, appeal_deadline=appeal_deadline(day, policy).isoformat(),
        application_id=app["id"], decision_id=decision["id"], hospital_code=app["hospital_code"],
        hospital_name=free(detail.hospital_name), case_id=case["case_id"], patient_id=mask_id(case.get("patient_id")),
        patient_name=mask_name(raw_name), id_number=mask_id(case.get("id_number")), sex=text(case.get("sex")),
        age=case.get("age"), admit_date=text(case.get("admit_date")), discharge_date=text(case.get("discharge_date")),
        los=case.get("los"), dept=free(case.get("dept")), main_dx=text(case.get("main_dx")),
        main_dx_name=next((d.name for d in detail.diagnoses if d.code == case.get("main_dx")), ""),
        main_proc=text(case.get("main_proc")), total_cost_fen=int(case["total_cost_fen"]), period=app["period"],
        drg_code=text(result.get("drg_code") or case.get("drg_code")), drg_name=detail.drg_name,
        avg_cost_fen=result.get("avg_cost_fen"), benchmark_source=text(result.get("benchmark_source")),
        weight=text(result.get("weight")), base_points=text(result.get("base_points")),
        cost_ratio="" if result.get("cost_ratio") is None else f"{float(result['cost_ratio']):.2f}",
        flags=[f.code for f in detail.flags],
        reason=app["reason"], statement=free(app["statement"]), submitted_on=app["submitted_on"],
        requested_method=text(app.get("requested_method")), requested_amount_fen=app.get("requested_amount_fen"),
        documents=free(app.get("documents")),
        panel_members=int(panel.get("members", 0)), votes_support=int(panel.get("support", 0)),
        votes_oppose=int(panel.get("oppose", 0)), votes_abstain=int(panel.get("abstain", 0)),
        panel_outcome=text(panel.get("outcome")),
        rounds=[NoticeRound(r["round"], r["method"], sum(json.loads(r["deductions"] or "{}").values()), r["points"],
                            r["amount_fen"], free(r["proposal_text"]), r["answer"], free(r["answer_text"]),
                            r["counter_amount_fen"]) for r in rounds_],
        method=decision["method"], deductions=json.loads(decision["deductions"] or "{}"),
        deductions_fen=decision["deductions_fen"], separate_fen=decision["separate_fen"],
        before_points=decision["before_points"], points=decision["points"],
        before_payment_fen=decision["before_payment_fen"], payment_fen=decision["payment_fen"],
        reasons=free(decision["reasons"]), signed_at=decision["signed_at"], signed_by=decision["signed_by"] or "",
        amends_notice_no=earlier_no if replaces == "amendment" else "",
        draft=not notice_no,
        outcome=outcome_of(decision["method"], decision["payment_fen"], decision["deductions_fen"],
                           app.get("requested_amount_fen")),
        signer_name=_signer_name(db, decision["signed_by"] or ""),
        point_value="" if values is None else _point_value_text(values.point_value_yuan),
        point_value_source="" if values is None else values.point_value_source,
        negotiated=bool(rounds_),
        settings={key: str(getattr(settings, key)) for key in SETTING_FIELDS},
        settings_en={key: settings.english[key] for key in ENGLISH_KEYS if settings.english.get(key)},
        replaces=replaces, replaces_notice_no=earlier_no, replaces_notice_date=earlier_date,
        replaces_decision_id=earlier["id"] if earlier else None, changes=changes,
        appeal_received=text((appeal or {}).get("received")), appeal_grounds=free((appeal or {}).get("grounds")),
        further_appeal_open=Step.APPEAL in legal_steps(Status.NOTIFIED))


def _stored_row(db: Database, decision_id: int) -> dict | None:
    return next(db.query("SELECT * FROM notices WHERE decision_id = ?", [decision_id]), None)


def _stored(db: Database, decision_id: int) -> NoticeData | None:
    row = _stored_row(db, decision_id)
    return NoticeData.from_json(row["content"]) if row else None


def preview_notice(db: Database, decision_id: int, *, today: date | None = None,
                   actor: Actor | None = None) -> NoticeData:
    """The notice as it would be issued today, with no number, taking nothing (a 样稿 / DRAFT);
    an issued notice previews as issued. A draft is paper too: with ``actor`` (the command line;
    the GUI offers no preview where issuing is not allowed), only who may issue may preview."""
    if actor is not None:
        check(db, actor, Action.ISSUE_NOTICE)
    stored = _stored(db, decision_id)
    if stored is not None:
        return stored
    return build_notice(db, decision_row(db, decision_id), notice_no="", issued_on=today or date.today())


def check_signature(db: Database, decision: dict) -> None:
    """The decision must still say what its signature event recorded (a signed decision edited in
    the file is refused, never printed as edited)."""
    row = db.execute("SELECT action, after FROM audit_log WHERE id = ?", [decision["sign_event"]]).fetchone()
    signed = json.loads(row[1]) if row and row[1] else {}
    differing = [key for key in ("points", "payment_fen", "method") if signed.get(key) != decision[key]]
    if row is None or row[0] != "review.sign" or signed.get("decision_id") != decision["id"] or differing:
        what = ", ".join(differing) or "review.sign"
        raise UserError(f"决定 {decision['id']} 与其签发记录不一致（{what}）：数据库文件可能被改动，不能出具告知书。"
                        "请运行 audit verify 并告知管理员。",
                        f"Decision {decision['id']} differs from its signature event ({what}): the database file "
                        "may have been changed; no notice is issued. Run audit verify and tell an administrator.")


def issue_notice(db: Database, actor: Actor, decision_id: int, *, write: Writer | None = None,
                 today: date | None = None) -> NoticeData:
    """Issue the decision's notice: the next number, its content frozen, ``write(notice)`` called
    (the PDF written) before the number and its audit event are committed. A notice issued before
    is reprinted instead (``reprint_notice``)."""
    if _stored_row(db, decision_id) is not None:
        return reprint_notice(db, actor, decision_id, write=write)
    day = today or date.today()
    with db.atomic():
        if _stored_row(db, decision_id) is not None:  # another workstation issued it meanwhile
            return reprint_notice(db, actor, decision_id, write=write)
        settings = report_settings(db)
        check(db, actor, Action.ISSUE_NOTICE, Facts(settings_complete=settings.complete))
        decision = decision_row(db, decision_id)
        later = replacing(db, decision)
        if later is not None:
            raise UserError(f"决定 {decision_id} 已被决定 {later['id']}（{later['signed_at'][:10]} 签发）取代：不再为其出具告知书。",
                            f"Decision {decision_id} was replaced by decision {later['id']} (signed "
                            f"{later['signed_at'][:10]}): no notice is issued for it any more.")
        check_signature(db, decision)
        _, series = format_number(settings, day.year, 1)
        row = db.execute("SELECT last_number FROM notice_series WHERE series = ? AND year = ?",
                         [series, day.year]).fetchone()
        number = (row[0] if row else 0) + 1
        notice_no, _ = format_number(settings, day.year, number)
        notice = build_notice(db, decision, notice_no=notice_no, issued_on=day)
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
        if write is not None:
            write(notice)  # raises: the transaction rolls back, the number is not used
        return notice


def reprint_notice(db: Database, actor: Actor, decision_id: int, *, write: Writer | None = None) -> NoticeData:
    """The issued notice again, from its stored content, after checking that content's hash
    against the issuing event; recorded as ``notice.reprint``."""
    with db.atomic():
        check(db, actor, Action.REPRINT_NOTICE, Facts())
        row = _stored_row(db, decision_id)
        if row is None:
            raise UserError(f"决定 {decision_id} 尚未出具告知书，无从补打。",
                            f"Decision {decision_id} has no issued notice to reprint.")
        issued = db.execute("SELECT after FROM audit_log WHERE id = ?", [row["issue_event"]]).fetchone()
        recorded = json.loads(issued[0]).get("content_sha256") if issued and issued[0] else None
        digest = hashlib.sha256(row["content"].encode("utf-8")).hexdigest()
        if not digest == row["content_sha256"] == recorded:
            raise UserError(f"告知书 {row['notice_no']} 的存档内容与出具时的摘要不符：数据库文件可能被改动，不能补打。",
                            f"The stored content of notice {row['notice_no']} does not match the digest recorded "
                            "when it was issued: the database file may have been changed; it is not reprinted.")
        notice = NoticeData.from_json(row["content"])
        audit.record(db, actor=actor.name, action="notice.reprint", entity=ENTITY, entity_id=notice.application_id,
                     after={"decision_id": decision_id, "notice_no": notice.notice_no, "content_sha256": digest})
        if write is not None:
            write(notice)
        return notice


def latest_signed_decision(db: Database, application_id: int) -> int:
    application(db, application_id)  # says so when there is no such application
    row = db.execute("SELECT MAX(id) FROM decisions WHERE application_id = ? AND signed_at IS NOT NULL",
                     [application_id]).fetchone()
    if row[0] is None:
        raise UserError(f"申报 {application_id} 还没有已签发的决定，不能出具告知书。",
                        f"Application {application_id} has no signed decision yet: no notice can be issued.")
    return int(row[0])


@dataclass(frozen=True)
class PeriodDecisions:
    current: list[int]  # each application's latest signed decision, in signing order
    skipped: list[tuple[int, int, int]]  # (decision, application, the decision that replaced it)


def period_decisions(db: Database, period: str) -> PeriodDecisions:
    """The current decision of each of the period's applications (the one its notice is for), and
    the superseded ones skipped: a replaced decision never gets a number afterwards."""
    rows = db.execute("SELECT d.id, d.application_id FROM decisions d JOIN applications a ON a.id = d.application_id"
                      " WHERE a.period = ? AND d.signed_at IS NOT NULL ORDER BY d.sign_event, d.id",
                      [period]).fetchall()
    latest: dict[int, int] = {}
    for decision_id, app_id in rows:
        latest[app_id] = max(latest.get(app_id, 0), decision_id)
    current = [d for d, a in rows if latest[a] == d]
    skipped = [(d, a, latest[a]) for d, a in rows if latest[a] != d]
    return PeriodDecisions(current, skipped)


def signed_decisions(db: Database, period: str) -> list[int]:
    """The current signed decision of each of the period's applications, in signing order."""
    return period_decisions(db, period).current
