"""协商谈判: a negotiation with the hospitals over weight and coefficient proposals.

A negotiation is opened on a span's proposals (the items keep the figures as proposed), with
who sat at the table; each hospital's position on each item (agree, disagree, counter with a
value) and the agreed outcome per item are recorded as the meeting goes. Every step is one
transaction with its audit event. Adoption (services.weight_adoption) turns the agreed items
into a new table version.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from sqlite_utils import Database

from workstation.domain.authority import Action, Facts
from workstation.domain.bounds import COEFFICIENT, WEIGHT, beyond
from workstation.domain.messages import Text, UserError
from workstation.engine.recalibration import GroupLine, Recalibration
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.store import audit

SIDES = {"bureau": Text("医保部门", "bureau"), "hospital": Text("医疗机构", "hospital"), "expert": Text("专家", "expert")}
POSITIONS = {"agree": Text("同意", "agree"), "disagree": Text("不同意", "disagree"),
             "counter": Text("提出其他值", "counter")}
OUTCOMES = {"agreed": Text("达成一致", "agreed"), "rejected": Text("不予调整", "rejected"),
            "deferred": Text("暂缓", "deferred")}


@dataclass(frozen=True)
class Participant:
    side: str  # bureau | hospital | expert
    name: str
    hospital_code: str | None = None
    title: str | None = None


@dataclass
class Item:
    id: int
    kind: str
    code: str
    name: str
    cases: int
    current: str
    proposed: str
    confidence: str
    outcome: str | None
    agreed: str | None
    note: str | None
    positions: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)  # hospital -> (pos, value, note)


@dataclass
class Negotiation:
    id: int
    held_on: str
    title: str
    span_from: str
    span_to: str
    threshold: str
    min_cases: int
    groups_version_id: int | None
    created_by: str
    adopted_version_id: int | None
    participants: list[Participant]
    items: list[Item]


def parse_value(text: str, *, level: bool = False) -> Decimal:
    """A weight or coefficient as typed: positive, at most 4 decimals, within the tables' bounds."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value <= 0 or -value.as_tuple().exponent > 4:  # type: ignore[operator]
        raise UserError(f"“{text}”不是有效的权重或系数（大于 0，最多 4 位小数）。",
                        f"{text!r} is not a valid weight or coefficient (above 0, at most 4 decimals).")
    refusal = beyond(COEFFICIENT if level else WEIGHT, value)
    if refusal is not None:
        raise UserError(refusal.zh, refusal.en)
    return value


def _text(value: Fraction | Decimal) -> str:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return format(value.normalize(), "f")


def open_negotiation(db: Database, actor: Actor, result: Recalibration, *, held_on: date, title: str,
                     participants: list[Participant], codes: list[str] | None = None) -> int:
    """Record a negotiation over ``codes`` of ``result``'s proposals (all of them when None)."""
    proposals = {p.key: p for p in result.proposals}
    chosen = list(proposals) if not codes else [c.strip().upper() for c in codes]
    unknown = [c for c in chosen if c not in proposals]
    if unknown:
        raise UserError(f"不是本次测算的调整建议：{'、'.join(unknown)}（建议：{'、'.join(proposals) or '无'}）。",
                        f"not proposals of this span: {', '.join(unknown)} (proposals: {', '.join(proposals) or 'none'}).")
    if not chosen:
        raise UserError("本次测算没有调整建议，无需协商。", "This span has no proposals to negotiate.")
    if not any(p.side == "hospital" for p in participants):
        raise UserError("协商须有医疗机构代表参加（--hospital 编码=姓名）。",
                        "A negotiation needs the hospitals' representatives (--hospital CODE=NAME).")
    with db.atomic():
        check(db, actor, Action.NEGOTIATION_RECORD, Facts())
        version = db.execute("SELECT id FROM reference_versions WHERE kind = 'groups' AND is_current = 1").fetchone()
        negotiation_id = int(db.table("negotiations").insert({
            "held_on": held_on.isoformat(), "title": title.strip(), "span_from": result.periods[0],
            "span_to": result.periods[-1], "threshold": _text(result.threshold), "min_cases": result.min_cases,
            "groups_version_id": version[0] if version else None, "created_at": audit.now_iso(),
            "created_by": actor.name}).last_pk or 0)
        db.table("negotiation_participants").insert_all([
            {"negotiation_id": negotiation_id, "side": p.side, "name": p.name.strip(), "hospital_code": p.hospital_code,
             "title": p.title} for p in participants])
        items = []
        for code in chosen:
            p = proposals[code]
            items.append({"negotiation_id": negotiation_id, "kind": "group" if isinstance(p, GroupLine) else "level",
                          "code": p.key, "name": p.name if isinstance(p, GroupLine) else None, "cases": p.cases,
                          "current_value": _text(p.current), "proposed_value": _text(p.published),
                          "confidence": p.confidence})
        db.table("negotiation_items").insert_all(items)
        audit.record(db, actor=actor.name, action="weights.negotiation.open", entity="negotiations",
                     entity_id=negotiation_id, after={"title": title, "held_on": held_on.isoformat(),
                                                      "span": [result.periods[0], result.periods[-1]],
                                                      "participants": [p.__dict__ for p in participants],
                                                      "items": [{k: i[k] for k in ("code", "current_value",
                                                                                   "proposed_value")} for i in items]})
    return negotiation_id


def _item_ids(db: Database, negotiation_id: int) -> dict[str, tuple[int, str]]:
    negotiation = db.execute("SELECT adopted_version_id FROM negotiations WHERE id = ?", [negotiation_id]).fetchone()
    if negotiation is None:
        raise UserError(f"没有第 {negotiation_id} 号协商记录。", f"There is no negotiation {negotiation_id}.")
    if negotiation[0] is not None:
        raise UserError(f"第 {negotiation_id} 号协商的结果已生成新版病组表，记录不能再改。",
                        f"Negotiation {negotiation_id} is adopted already: its record cannot change.")
    return {r[1]: (r[0], r[2]) for r in db.execute(
        "SELECT id, code, kind FROM negotiation_items WHERE negotiation_id = ?", [negotiation_id])}


def _item(items: dict[str, tuple[int, str]], code: str) -> tuple[int, str]:
    found = items.get(code.strip().upper())
    if found is None:
        raise UserError(f"本次协商没有讨论 {code}（讨论的是：{'、'.join(items)}）。",
                        f"{code} was not discussed in this negotiation (discussed: {', '.join(items)}).")
    return found


def record_positions(db: Database, actor: Actor, negotiation_id: int, hospital_code: str,
                     positions: dict[str, str], note: str | None = None) -> None:
    """A hospital's positions: code -> agree | disagree | a counter value (e.g. "1.2300")."""
    with db.atomic():
        check(db, actor, Action.NEGOTIATION_RECORD, Facts())
        items = _item_ids(db, negotiation_id)
        sitting = {r[0] for r in db.execute("SELECT hospital_code FROM negotiation_participants WHERE negotiation_id = ?"
                                            " AND side = 'hospital'", [negotiation_id])}
        if hospital_code not in sitting:
            raise UserError(f"医院 {hospital_code} 未参加本次协商（参加的：{'、'.join(sorted(sitting))}）。",
                            f"Hospital {hospital_code} did not take part (those that did: {', '.join(sorted(sitting))}).")
        rows = []
        for code, said in positions.items():
            item_id, kind = _item(items, code)
            word = said.strip().lower()
            value = None
            if word not in ("agree", "disagree"):
                value, word = _text(parse_value(said, level=kind == "level")), "counter"
            rows.append({"item_id": item_id, "hospital_code": hospital_code, "position": word, "counter_value": value,
                         "note": note, "recorded_at": audit.now_iso(), "recorded_by": actor.name})
        db.table("negotiation_positions").upsert_all(rows, pk=("item_id", "hospital_code"))
        audit.record(db, actor=actor.name, action="weights.negotiation.positions", entity="negotiations",
                     entity_id=negotiation_id, after={"hospital": hospital_code, "positions": {
                         code: said for code, said in positions.items()}, "note": note})


def record_outcomes(db: Database, actor: Actor, negotiation_id: int, outcomes: dict[str, str],
                    note: str | None = None) -> None:
    """The agreed outcome per item: a value (agreed at it), ``proposed`` (agreed at the proposal),
    ``reject`` or ``defer``."""
    with db.atomic():
        check(db, actor, Action.NEGOTIATION_RECORD, Facts())
        items = _item_ids(db, negotiation_id)
        for code, said in outcomes.items():
            item_id, kind = _item(items, code)
            word = said.strip().lower()
            if word in ("reject", "rejected"):
                outcome, value = "rejected", None
            elif word in ("defer", "deferred"):
                outcome, value = "deferred", None
            elif word in ("proposed", "agree"):
                outcome = "agreed"
                value = db.execute("SELECT proposed_value FROM negotiation_items WHERE id = ?", [item_id]).fetchone()[0]
            else:
                outcome, value = "agreed", _text(parse_value(said, level=kind == "level"))
            db.execute("UPDATE negotiation_items SET outcome = ?, agreed_value = ?, note = COALESCE(?, note)"
                       " WHERE id = ?", [outcome, value, note, item_id])
        audit.record(db, actor=actor.name, action="weights.negotiation.outcomes", entity="negotiations",
                     entity_id=negotiation_id, after={"outcomes": outcomes, "note": note})


def negotiation(db: Database, negotiation_id: int) -> Negotiation:
    row = next(db.query("SELECT * FROM negotiations WHERE id = ?", [negotiation_id]), None)
    if row is None:
        raise UserError(f"没有第 {negotiation_id} 号协商记录。", f"There is no negotiation {negotiation_id}.")
    participants = [Participant(r["side"], r["name"], r["hospital_code"], r["title"]) for r in db.query(
        "SELECT * FROM negotiation_participants WHERE negotiation_id = ? ORDER BY id", [negotiation_id])]
    items = {r["id"]: Item(r["id"], r["kind"], r["code"], r["name"] or "", r["cases"], r["current_value"],
                           r["proposed_value"], r["confidence"], r["outcome"], r["agreed_value"], r["note"])
             for r in db.query("SELECT * FROM negotiation_items WHERE negotiation_id = ? ORDER BY id", [negotiation_id])}
    for r in db.query("SELECT p.* FROM negotiation_positions p JOIN negotiation_items i ON i.id = p.item_id"
                      " WHERE i.negotiation_id = ? ORDER BY p.hospital_code", [negotiation_id]):
        items[r["item_id"]].positions[r["hospital_code"]] = (r["position"], r["counter_value"], r["note"])
    return Negotiation(row["id"], row["held_on"], row["title"], row["span_from"], row["span_to"], row["threshold"],
                       row["min_cases"], row["groups_version_id"], row["created_by"], row["adopted_version_id"],
                       participants, list(items.values()))


def list_negotiations(db: Database) -> list[dict]:
    return list(db.query(
        "SELECT n.id, n.held_on, n.title, n.span_from, n.span_to, n.adopted_version_id,"
        " (SELECT COUNT(*) FROM negotiation_items i WHERE i.negotiation_id = n.id) AS items,"
        " (SELECT COUNT(*) FROM negotiation_items i WHERE i.negotiation_id = n.id AND i.outcome = 'agreed') AS agreed"
        " FROM negotiations n ORDER BY n.id DESC"))
