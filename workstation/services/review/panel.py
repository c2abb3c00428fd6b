"""The expert panel's steps: the draw nobody chooses, top-ups, conflicts, votes and the conclusion.

The draw's seed comes from ``secrets`` here (a caller's ``seed=`` exists for tests only) and is
recorded with its source, the eligible list and the exclusions, so anyone can replay it. A vote
is its expert's: entered by the expert, or from their signed form by a reviewer (flagged as on
their behalf); nobody replaces the expert's own. The conclusion and its tally are a row of
``panel_conclusions`` written with their event, after the tally was checked against the
chained vote events: a vote edited in the file does not decide anything.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from workstation.domain.accounts import Role
from workstation.domain.authority import Action, Facts
from workstation.domain.bounds import COMMENT, NOTE, REASON, check_texts
from workstation.domain.messages import Text, UserError
from workstation.domain.review import panel as P
from workstation.domain.review.workflow import Status, Step, check_step
from workstation.services.authority import check
from workstation.services.context import Actor
from workstation.services.review.steps import ENTITY, application, policy_of, take
from workstation.store import audit

SECRETS, GIVEN = "secrets", "given"  # where a draw's seed came from


def current_round(db: Database, application_id: int) -> int:
    return int(db.execute("SELECT COALESCE(MAX(review_round), 0) FROM panel_members WHERE application_id = ?",
                          [application_id]).fetchone()[0])


def members(db: Database, application_id: int, review_round: int | None = None) -> list[dict]:
    review_round = current_round(db, application_id) if review_round is None else review_round
    return list(db.query(
        "SELECT m.*, e.name, e.specialty, e.username FROM panel_members m JOIN experts e ON e.id = m.expert_id"
        " WHERE m.application_id = ? AND m.review_round = ? ORDER BY m.rowid", [application_id, review_round]))


def _sitting(member: dict) -> bool:
    return not member["recused"] and not member["unavailable"]


def _pool(db: Database) -> list[P.PoolExpert]:
    return [P.PoolExpert(r["id"], r["name"], frozenset(c for c in r["hospital_codes"].split(";") if c),
                         bool(r["active"])) for r in db.query("SELECT * FROM experts ORDER BY id")]


def expert_of(db: Database, actor: Actor) -> int | None:
    """The pool's expert whose account the actor is signed in as (experts.username)."""
    row = db.execute("SELECT id FROM experts WHERE username = ?", [actor.name]).fetchone()
    return int(row[0]) if row else None


def conclusion(db: Database, application_id: int, review_round: int | None = None) -> dict | None:
    """The recorded conclusion of a round (the latest round's by default), or None."""
    if review_round is None:
        return next(db.query("SELECT * FROM panel_conclusions WHERE application_id = ?"
                             " ORDER BY review_round DESC LIMIT 1", [application_id]), None)
    return next(db.query("SELECT * FROM panel_conclusions WHERE application_id = ? AND review_round = ?",
                         [application_id, review_round]), None)


@dataclass(frozen=True)
class PanelState:
    """What the authority's facts about a panel are read from (the services and the GUI)."""

    review_round: int
    drawn: bool  # the application is in expert review with a panel
    wanted: int  # how many sit on the panel when complete (the round's first draw's size)
    sitting: int  # members neither recused nor unavailable
    votes_cast: bool
    all_votes_in: bool
    concluded: bool
    tally: P.Tally | None

    @property
    def lost(self) -> int:
        return max(0, self.wanted - self.sitting)


def panel_state(db: Database, application_id: int) -> PanelState:
    app = application(db, application_id)
    review_round = current_round(db, application_id)
    rows = members(db, application_id, review_round)
    drawn = app["status"] == Status.EXPERT_REVIEW.value and bool(rows)
    first = db.execute("SELECT size FROM expert_draws WHERE application_id = ? AND review_round = ? AND kind = 'draw'"
                       " ORDER BY id LIMIT 1", [application_id, review_round]).fetchone()
    sitting = [m for m in rows if _sitting(m)]
    return PanelState(review_round, drawn, int(first[0]) if first else 0, len(sitting),
                      drawn and any(m["vote"] for m in rows), drawn and all(m["vote"] for m in sitting),
                      conclusion(db, application_id, review_round) is not None,
                      current_tally(db, application_id) if drawn else None)


def _record_draw(db: Database, actor: Actor, app: dict, review_round: int, draw: P.Draw, source: str,
                 kind: str, reason: str | None) -> int:
    excluded = {str(k): v for k, v in draw.excluded.items()}
    draw_id = int(db.execute(
        "INSERT INTO expert_draws (application_id, review_round, seed, size, eligible, excluded, drawn, drawn_at,"
        " drawn_by, seed_source, kind, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [app["id"], review_round, draw.seed, draw.size, json.dumps(draw.eligible), json.dumps(excluded),
         json.dumps(draw.drawn), audit.now_iso(), actor.name, source, kind, reason]).lastrowid or 0)
    for expert_id in draw.drawn:
        db.execute("INSERT INTO panel_members (application_id, review_round, expert_id, draw_id)"
                   " VALUES (?, ?, ?, ?)", [app["id"], review_round, expert_id, draw_id])
    return draw_id


def _conflicts(db: Database, application_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT expert_id FROM conflict_declarations WHERE application_id = ?",
                                     [application_id])]


def draw_experts(db: Database, actor: Actor, application_id: int, *, size: int | None = None,
                 seed: str | None = None) -> P.Draw:
    """Draw the panel of a new round (after acceptance, or a new panel after an appeal). ``size``
    sets how many (at least the rules' panel size), never who; ``seed`` is for tests only."""
    policy = policy_of(db)
    size = policy.panel_size if size is None else size
    if size < policy.panel_size:
        raise UserError(f"评审组至少 {policy.panel_size} 位专家（规则 review.panel_size），不能只抽 {size} 位。",
                        f"A panel has at least {policy.panel_size} experts (rules review.panel_size): "
                        f"{size} is too few.")
    with db.atomic():
        app = application(db, application_id)
        check(db, actor, Action.DRAW, Facts(panel_drawn=app["status"] == Status.EXPERT_REVIEW.value))
        check_step(app["status"], Step.DRAW)
        review_round = current_round(db, application_id) + 1
        draw = P.draw_panel(_pool(db), app["hospital_code"], size, seed=seed or P.new_seed(),
                            conflicts=_conflicts(db, application_id))
        source = GIVEN if seed else SECRETS
        draw_id = _record_draw(db, actor, app, review_round, draw, source, "draw", None)
        take(db, actor, app, Step.DRAW, {"draw_id": draw_id, "review_round": review_round, "seed": draw.seed,
                                         "seed_source": source, "eligible": list(draw.eligible),
                                         "drawn": list(draw.drawn),
                                         "excluded": {str(k): v for k, v in draw.excluded.items()}})
        return draw


def top_up(db: Database, actor: Actor, application_id: int, *, reason: str, unavailable: int | None = None,
           seed: str | None = None) -> P.Draw:
    """补抽: replacements for members who recused or cannot sit (``unavailable``: marked so here,
    before they voted), only before the panel decided, with the written reason recorded."""
    check_texts((REASON, reason))  # the limits of domain.bounds, named when refused
    reason = (reason or "").strip()
    with db.atomic():
        app = application(db, application_id)
        state = panel_state(db, application_id)
        rows = members(db, application_id, state.review_round)
        if unavailable is not None:
            member = next((m for m in rows if m["expert_id"] == unavailable and _sitting(m)), None)
            if member is None or not state.drawn:
                raise UserError(f"专家 {unavailable} 不在本案本轮评审组中（或已回避）。",
                                f"Expert {unavailable} is not on this round's panel (or has recused).")
            if member["vote"]:
                raise UserError(f"专家 {unavailable} 已表决，不能登记为缺席。",
                                f"Expert {unavailable} has voted and cannot be recorded as unavailable.")
        lost = state.lost + (1 if unavailable is not None else 0)
        decided = state.concluded or (state.tally is not None and state.tally.decided)
        check(db, actor, Action.TOP_UP_DRAW, Facts(panel_decided=decided, member_lost=state.drawn and lost > 0,
                                                   reason_given=bool(reason)))
        check_step(app["status"], Step.TOP_UP)
        if unavailable is not None:
            db.execute("UPDATE panel_members SET unavailable = 1 WHERE application_id = ? AND review_round = ?"
                       " AND expert_id = ?", [application_id, state.review_round, unavailable])
        draw = P.draw_panel(_pool(db), app["hospital_code"], lost, seed=seed or P.new_seed(),
                            conflicts=_conflicts(db, application_id), already=[m["expert_id"] for m in rows])
        source = GIVEN if seed else SECRETS
        draw_id = _record_draw(db, actor, app, state.review_round, draw, source, "top_up", reason)
        take(db, actor, app, Step.TOP_UP, {"draw_id": draw_id, "review_round": state.review_round,
                                           "reason": reason, "unavailable": unavailable, "seed": draw.seed,
                                           "seed_source": source, "eligible": list(draw.eligible),
                                           "drawn": list(draw.drawn),
                                           "excluded": {str(k): v for k, v in draw.excluded.items()}}, reason)
        return draw


def _draw_of(row: dict) -> P.Draw:
    return P.Draw(seed=row["seed"], size=row["size"], eligible=tuple(json.loads(row["eligible"])),
                  excluded={int(k): v for k, v in json.loads(row["excluded"]).items()},
                  drawn=tuple(json.loads(row["drawn"])))


def replay_draw(db: Database, draw_id: int) -> tuple[P.Draw, bool]:
    """The recorded draw and whether replaying its seed over its pool gives the same experts."""
    row = next(db.query("SELECT * FROM expert_draws WHERE id = ?", [draw_id]), None)
    if row is None:
        raise UserError(f"没有编号为 {draw_id} 的专家抽取记录。", f"There is no expert draw {draw_id}.")
    draw = _draw_of(row)
    return draw, P.replay(draw) == draw.drawn


def replay_draws(db: Database, application_id: int) -> list[tuple[dict, bool]]:
    """Every recorded draw of an application with whether it reproduces from its record."""
    application(db, application_id)
    rows = list(db.query("SELECT * FROM expert_draws WHERE application_id = ? ORDER BY id", [application_id]))
    return [(row, P.replay(_draw_of(row)) == _draw_of(row).drawn) for row in rows]


def declare_conflict(db: Database, actor: Actor, application_id: int, expert_id: int, note: str = "") -> None:
    """An expert's conflict of interest: left out of later draws; recused if on the panel. Before
    any vote of the round a reviewer, a supervisor or the expert themselves declares it; after
    votes only a supervisor, with a written reason, and the struck vote stays on record."""
    check_texts((NOTE, note))  # the limits of domain.bounds, named when refused
    note = (note or "").strip()
    with db.atomic():
        app = application(db, application_id)
        if app["status"] not in (Status.SUBMITTED, Status.ACCEPTED, Status.EXPERT_REVIEW, Status.APPEALED):
            raise UserError("评审结束后不能再声明回避。", "A conflict can only be declared before the review ends.")
        if db.execute("SELECT 1 FROM experts WHERE id = ?", [expert_id]).fetchone() is None:
            raise UserError(f"专家库中没有编号 {expert_id}。", f"There is no expert {expert_id} in the pool.")
        state = panel_state(db, application_id)
        own = expert_of(db, actor) == expert_id
        # The panel a conflict concerns is the one sitting (in review) or the next one (before a
        # draw, after an appeal): an earlier round's conclusion does not close it.
        decided = state.drawn and state.concluded
        if state.votes_cast:
            check(db, actor, Action.CONFLICT_AFTER_VOTES, Facts(reason_given=bool(note), own_expert=own,
                                                                panel_decided=decided))
        else:
            check(db, actor, Action.DECLARE_CONFLICT, Facts(votes_cast=False, own_expert=own,
                                                            panel_decided=decided))
        db.execute("INSERT OR REPLACE INTO conflict_declarations (application_id, expert_id, note, declared_at,"
                   " recorded_by) VALUES (?, ?, ?, ?, ?)", [application_id, expert_id, note, audit.now_iso(),
                                                            actor.name])
        member = next((m for m in members(db, application_id, state.review_round)
                       if m["expert_id"] == expert_id), None) if state.drawn else None
        if member is not None:
            # The vote columns stay: the struck vote is kept, only no longer counted.
            db.execute("UPDATE panel_members SET recused = 1 WHERE application_id = ? AND expert_id = ?"
                       " AND review_round = ?", [application_id, expert_id, state.review_round])
        audit.record(db, actor=actor.name, action="review.conflict", entity=ENTITY, entity_id=application_id,
                     before={"recused": member["recused"], "vote": member["vote"]} if member else None,
                     after={"expert_id": expert_id, "note": note, "review_round": state.review_round,
                            "recused": member is not None, "after_votes": state.votes_cast,
                            "struck_vote": member["vote"] if member else None})


@dataclass(frozen=True)
class VoteRecorded:
    expert_id: int
    vote: P.Vote
    previous: P.Vote | None
    on_behalf: bool

    @property
    def changed(self) -> bool:
        return self.previous is not None and self.previous != self.vote

    def message(self) -> Text:
        names = P.VOTE_NAMES
        if self.changed:
            assert self.previous is not None
            return Text("专家 {e} 的意见由 {a} 改为 {b}", "expert {e}: vote changed from {a} to {b}").format(
                e=self.expert_id, a=names[self.previous], b=names[self.vote])
        if self.previous is not None:
            return Text("专家 {e} 的意见仍为 {b}", "expert {e}: vote unchanged, {b}").format(
                e=self.expert_id, b=names[self.vote])
        return Text("已录入专家 {e} 的意见：{b}", "expert {e}: vote recorded, {b}").format(
            e=self.expert_id, b=names[self.vote])


def vote(db: Database, actor: Actor, application_id: int, expert_id: int, value: str,
         comment: str = "") -> VoteRecorded:
    """An expert's vote: their own, or entered from their signed form by a reviewer or supervisor
    (flagged as on their behalf, both names kept). It may change until the conclusion; a change
    says so, and a vote the expert entered themselves is replaced only by the expert."""
    check_texts((COMMENT, comment))  # the limits of domain.bounds, named when refused
    choice = P.parse_vote(value)
    with db.atomic():
        app = application(db, application_id)
        state = panel_state(db, application_id)
        member = next((m for m in members(db, application_id, state.review_round)
                       if m["expert_id"] == expert_id), None)
        on_panel = member is not None and _sitting(member)
        own = expert_of(db, actor) == expert_id
        by_expert = actor.role == Role.EXPERT or (actor.role is None and own)
        if by_expert:
            check(db, actor, Action.VOTE_OWN, Facts(own_expert=own, on_panel=on_panel,
                                                    panel_decided=state.concluded))
        else:
            entered_by_expert = member is not None and member["vote"] is not None and not member["on_behalf"]
            check(db, actor, Action.VOTE_ON_BEHALF, Facts(on_panel=on_panel, vote_entered_by_expert=entered_by_expert,
                                                          panel_decided=state.concluded))
        check_step(app["status"], Step.VOTE)
        assert member is not None  # on_panel held
        previous = P.Vote(member["vote"]) if member["vote"] else None
        db.execute("UPDATE panel_members SET vote = ?, comment = ?, voted_at = ?, voted_by = ?, on_behalf = ?"
                   " WHERE application_id = ? AND review_round = ? AND expert_id = ?",
                   [choice.value, comment, audit.now_iso(), actor.name, int(not by_expert), application_id,
                    state.review_round, expert_id])
        audit.record(db, actor=actor.name, action="review.vote", entity=ENTITY, entity_id=application_id,
                     before={"vote": member["vote"], "entered_by": member["voted_by"],
                             "on_behalf": bool(member["on_behalf"])} if previous else None,
                     after={"expert_id": expert_id, "expert": member["name"], "vote": choice.value,
                            "comment": comment, "entered_by": actor.name, "on_behalf": not by_expert,
                            "review_round": state.review_round,
                            "changed_from": previous.value if previous and previous != choice else None})
        return VoteRecorded(expert_id, choice, previous, not by_expert)


def current_tally(db: Database, application_id: int) -> P.Tally:
    policy = policy_of(db)
    rows = members(db, application_id)
    first = db.execute("SELECT size FROM expert_draws WHERE application_id = ? AND review_round = ? AND kind = 'draw'"
                       " ORDER BY id LIMIT 1", [application_id, current_round(db, application_id)]).fetchone()
    panel = [m for m in rows if _sitting(m)]
    return P.tally([m["expert_id"] for m in panel], {m["expert_id"]: m["vote"] for m in panel if m["vote"]},
                   majority_share=policy.majority_share,
                   min_members=max(policy.panel_size, int(first[0]) if first else 0))


def _chained_votes(db: Database, application_id: int, review_round: int) -> dict[int, str]:
    """The latest vote event per expert of the round, as the (hash-chained) audit log has it."""
    latest: dict[int, str] = {}
    for (after,) in db.execute("SELECT after FROM audit_log WHERE entity = ? AND entity_id = ?"
                               " AND action = 'review.vote' ORDER BY id", [ENTITY, str(application_id)]):
        event = json.loads(after)
        if event.get("review_round", review_round) == review_round:
            latest[int(event["expert_id"])] = event["vote"]
    return latest


def _check_against_chain(db: Database, application_id: int, review_round: int) -> None:
    stored = {m["expert_id"]: m["vote"] for m in members(db, application_id, review_round) if m["vote"]}
    if stored != _chained_votes(db, application_id, review_round):
        raise UserError(
            "本轮专家意见与审计日志中的表决记录不一致：数据库文件中的意见被改动过，不能据此汇总。"
            "请核对纸质意见表并报告管理员（audit verify）。",
            "The votes in the store differ from the vote events of the audit log: the file was changed, so "
            "they cannot decide the review. Check the signed vote forms and tell the administrator (audit verify).")


def conclude(db: Database, actor: Actor, application_id: int) -> P.Tally:
    """The panel's conclusion; refused (the application stays in review) without a majority."""
    with db.atomic():
        app = application(db, application_id)
        state = panel_state(db, application_id)
        _check_against_chain(db, application_id, state.review_round)  # before any count is believed
        check(db, actor, Action.CONCLUDE, Facts(panel_decided=state.concluded, all_votes_in=state.all_votes_in))
        check_step(app["status"], Step.CONCLUDE)
        result = current_tally(db, application_id)
        if not result.decided:
            raise UserError(result.reason.zh, result.reason.en)
        take(db, actor, app, Step.CONCLUDE, {"outcome": result.outcome.value, "support": result.support,
                                             "oppose": result.oppose, "abstain": result.abstain,
                                             "members": result.members, "review_round": state.review_round},
             result.reason.zh)
        event_id = db.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
        db.execute("INSERT INTO panel_conclusions (application_id, review_round, outcome, support, oppose, abstain,"
                   " members, concluded_at, concluded_by, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [application_id, state.review_round, result.outcome.value, result.support, result.oppose,
                    result.abstain, result.members, audit.now_iso(), actor.name, event_id])
        return result
