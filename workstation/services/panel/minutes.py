"""A session's minutes as plain data (reports.session_minutes lays them out): blinded items
(the hospital's letter, the DRG, the reason), per item the tally, the recusals and the times,
the experts present and absent, who signs."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from workstation.domain.messages import Text
from workstation.domain.review.policy import REASON_NAMES
from workstation.domain.review.session import RECUSAL_NAMES
from workstation.services.panel.sessions import SessionView
from workstation.services.report_settings import report_settings

OUTCOME_NAMES = {
    "supported": Text("通过", "supported"), "opposed": Text("不通过", "opposed"),
    "no_majority": Text("未过半数", "no majority"), "too_few": Text("人数不足", "too few members"),
    "pending": Text("表决未完成", "votes missing"),
}


def local_time(stamp: str | None) -> str:
    """An ISO time stamp (UTC) as the room's clock shows it, ``HH:MM``."""
    if not stamp:
        return ""
    return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")


@dataclass(frozen=True)
class MinutesItem:
    position: int
    letter: str
    drg: str
    reason: Text
    started: str
    ended: str
    support: int
    oppose: int
    abstain: int
    outcome: Text
    recusals: tuple[tuple[str, Text], ...]  # (expert name, why)
    on_behalf: int  # votes the secretary entered for the experts in the room
    note: str


@dataclass(frozen=True)
class SessionMinutes:
    bureau: str
    session_id: int
    title: str
    held_on: str
    place: str
    started: str
    closed: str
    present: tuple[tuple[str, str], ...]  # (name, specialty)
    absent: tuple[tuple[str, str], ...]  # (name, reason)
    items: tuple[MinutesItem, ...]
    majority_share: str


def session_minutes(db: Database, view: SessionView) -> SessionMinutes:
    from workstation.services import review

    items = []
    for item in view.items:
        voters = [m for m in item.members if m["expert_id"] in item.room.voters]
        counts = {v: sum(m["vote"] == v for m in voters) for v in ("support", "oppose", "abstain")}
        outcome = OUTCOME_NAMES.get(item.row["outcome"] or "", Text("未表决", "not voted"))
        if item.status == "deferred":
            outcome = Text(f"暂缓（{outcome.zh}）", f"deferred ({outcome.en})")
        drg = item.application.get("drg_code") or ""
        case = db.execute("SELECT drg_code, drg_name FROM cases WHERE id = ?", [item.application["case_pk"]]).fetchone()
        if case:
            drg = f"{case[0] or ''} {case[1] or ''}".strip()
        note = (item.row["note"] or "").split("\n")
        items.append(MinutesItem(
            position=int(item.row["position"]), letter=item.letter, drg=drg,
            reason=REASON_NAMES.get(item.application["reason"], Text(item.application["reason"], item.application["reason"])),
            started=local_time(item.row["started_at"]), ended=local_time(item.row["ended_at"]),
            support=counts["support"], oppose=counts["oppose"], abstain=counts["abstain"], outcome=outcome,
            recusals=tuple((view.invited[e]["name"], RECUSAL_NAMES[why]) for e, why in item.room.recused.items()
                           if e not in view.absent),
            on_behalf=sum(1 for (a, _e), v in view.session_votes.items()
                          if a == item.application_id and v["on_behalf"]),
            note=note[0] if note else ""))
    s = view.session
    return SessionMinutes(
        bureau=report_settings(db).bureau_name, session_id=view.id, title=s["title"], held_on=s["held_on"],
        place=s["place"], started=local_time(s["started_at"]), closed=local_time(s["closed_at"]),
        present=tuple((e["name"], e["specialty"]) for e in view.present),
        absent=tuple((view.invited[i]["name"], r) for i, r in view.absent.items()),
        items=tuple(items), majority_share=str(review.policy_of(db).majority_share))
