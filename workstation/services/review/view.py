"""What the review panel and the step dialogs show of one application, read in one go.

The panel never decides what is legal itself: the steps it offers come from the
domain's state machine for the application's status and the user's role.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlite_utils import Database

from workstation.domain.accounts import Role
from workstation.domain.authority import Action, Facts, authorize
from workstation.domain.review import panel as P
from workstation.domain.review.quota import beyond_quota
from workstation.domain.review.settlement import Settlement, parse_method, parse_points, settle
from workstation.domain.review.workflow import Grants, Status, Step, legal_steps
from workstation.engine.ruleset import current_rules
from workstation.services import audit_trail, review
from workstation.services.authority import grants
from workstation.services.context import Actor
from workstation.services.experts import list_experts
from workstation.services.review import decisions as review_decisions
from workstation.services.settlement_facts import case_money

# An expert may declare a conflict until the panel has concluded (services.review.declare_conflict).
CONFLICT_STATUSES = frozenset({Status.SUBMITTED, Status.ACCEPTED, Status.EXPERT_REVIEW, Status.APPEALED})


@dataclass
class ApplicationView:
    application: dict
    case_id: str
    drg_code: str
    members: list[dict] = field(default_factory=list)  # this review round's panel, with names and votes
    tally: P.Tally | None = None
    draws: list[dict] = field(default_factory=list)
    rounds: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.application["id"])

    @property
    def status(self) -> Status:
        return Status(self.application["status"])

    @property
    def open_decision(self) -> dict | None:
        """The draft awaiting a signature, if any."""
        drafts = [d for d in self.decisions if not d["signed_at"] and not d["superseded"]]
        return drafts[-1] if drafts else None

    @property
    def last_decision(self) -> dict | None:
        live = [d for d in self.decisions if not d["superseded"]]
        return live[-1] if live else None

    @property
    def agreed_round(self) -> dict | None:
        agreed = [r for r in self.rounds if r["answer"] == "agree"]
        return agreed[-1] if agreed else None


def application_of_case(db: Database, case_pk: int) -> int | None:
    row = db.execute("SELECT id FROM applications WHERE case_pk = ?", [case_pk]).fetchone()
    return int(row[0]) if row else None


def case_id_of(db: Database, case_pk: int) -> str:
    row = db.execute("SELECT case_id FROM cases WHERE id = ?", [case_pk]).fetchone()
    return row[0] if row else ""


def application_view(db: Database, application_id: int) -> ApplicationView:
    app = review.application(db, application_id)
    case = db.execute("SELECT case_id, drg_code FROM cases WHERE id = ?", [app["case_pk"]]).fetchone()
    view = ApplicationView(app, case[0] if case else "", (case[1] if case else "") or "")
    view.members = review.members(db, application_id)
    if view.members:
        view.tally = review.current_tally(db, application_id)
    view.draws = [dict(r, eligible=json.loads(r["eligible"]), drawn=json.loads(r["drawn"]),
                       excluded={int(k): v for k, v in json.loads(r["excluded"]).items()})
                  for r in db.query("SELECT * FROM expert_draws WHERE application_id = ? ORDER BY id",
                                    [application_id])]
    view.rounds = [dict(r, deductions=json.loads(r["deductions"] or "{}"))
                   for r in review_decisions.rounds(db, application_id)]
    view.decisions = [dict(r, deductions=json.loads(r["deductions"] or "{}"))
                      for r in review_decisions.decisions(db, application_id)]
    return view


def steps_for(status: Status | str, actor: Actor, grants: Grants = None) -> list[Step]:
    """The steps the user's role may take from ``status`` (facts aside; every step without accounts)."""
    return legal_steps(status, actor.role, grants)


def offered_steps(db: Database, view: ApplicationView, actor: Actor) -> list[Step]:
    """The steps to offer now: the role's legal steps, each asked of the authority with the facts
    the service will ask with (no signing one's own draft, no conclusion before every vote, no
    vote form without a vote the user may enter, no acceptance beyond the quota for a reviewer)."""
    g = grants(db)
    state = review.panel_state(db, view.id)
    role = actor.role
    offered = []
    for step in steps_for(view.status, actor, g):
        if step == Step.SIGN:
            draft = view.open_decision
            ok = bool(authorize(role, Action.SIGN, Facts(own_draft=draft is not None and draft["drafted_by"] == actor.name),
                                grants=g))
        elif step == Step.CONCLUDE:
            ok = bool(authorize(role, Action.CONCLUDE, Facts(all_votes_in=state.all_votes_in,
                                                             panel_decided=state.concluded), grants=g))
        elif step == Step.VOTE:
            ok = bool(votable_members(db, view, actor))
        elif step == Step.TOP_UP:
            could_lose = state.lost > 0 or any(not m["vote"] for m in view.members
                                               if not m["recused"] and not m["unavailable"])
            decided = state.concluded or (state.tally is not None and state.tally.decided)
            ok = bool(authorize(role, Action.TOP_UP_DRAW, Facts(panel_decided=decided, member_lost=could_lose),
                                grants=g))
        elif step == Step.ACCEPT:
            app = view.application
            use = next(iter(review.quota_use(db, app["period"], app["hospital_code"])), None)
            over = beyond_quota(use.used, use.quota) if use else True
            ok = bool(authorize(role, Action.QUOTA_OVERRIDE if over else Action.ACCEPT,
                                Facts(over_quota=over), grants=g))
        else:
            ok = True
        if ok:
            offered.append(step)
    return offered


def votable_members(db: Database, view: ApplicationView, actor: Actor) -> list[dict]:
    """The panel members whose vote this user may enter now: an expert their own; a reviewer or
    supervisor any member whose vote the expert did not enter themselves (from the signed form)."""
    if view.status != Status.EXPERT_REVIEW:
        return []
    g = grants(db)
    own = review.expert_of(db, actor)
    by_expert = actor.role == Role.EXPERT or (actor.role is None and own is not None)
    out = []
    for m in view.members:
        sitting = not m["recused"] and not m["unavailable"]
        if by_expert:
            ok = authorize(actor.role, Action.VOTE_OWN, Facts(own_expert=own == m["expert_id"], on_panel=sitting),
                           grants=g)
        else:
            ok = authorize(actor.role, Action.VOTE_ON_BEHALF, Facts(
                on_panel=sitting, vote_entered_by_expert=bool(m["vote"]) and not m["on_behalf"]), grants=g)
        if ok:
            out.append(m)
    return out


def conflict_experts(db: Database, view: ApplicationView, actor: Actor) -> list[int]:
    """The experts for whom this user may declare a conflict now (empty: offer no such step):
    before any vote a reviewer or supervisor for anyone, an expert for themselves; after votes
    only a supervisor (the dialog then asks for the written reason)."""
    if Status(view.status) not in CONFLICT_STATUSES:
        return []
    g = grants(db)
    state = review.panel_state(db, view.id)
    own = review.expert_of(db, actor)
    pool = list(expert_names(db))
    decided = state.drawn and state.concluded  # as services.review.declare_conflict asks
    if state.votes_cast:
        action, facts = Action.CONFLICT_AFTER_VOTES, Facts(panel_decided=decided)
        return pool if authorize(actor.role, action, facts, grants=g) else []
    return [e for e in pool if authorize(actor.role, Action.DECLARE_CONFLICT, Facts(
        votes_cast=False, own_expert=own == e, panel_decided=decided), grants=g)]


def may_override_quota(db: Database, actor: Actor) -> bool:
    return bool(authorize(actor.role, Action.QUOTA_OVERRIDE, grants=grants(db)))


def expert_names(db: Database) -> dict[int, str]:
    return {int(e["id"]): e["name"] for e in list_experts(db)}


def own_expert_id(db: Database, actor: Actor) -> int | None:
    """The pool entry of a signed-in expert (who votes only for themselves)."""
    if actor.role != Role.EXPERT:
        return None
    return review.expert_of(db, actor)


def case_fees(db: Database, application_id: int) -> dict[str, int | None]:
    """What the case spent per fee category (a deduction stays within it)."""
    return dict(case_money(db, review.application(db, application_id)["case_pk"]).fees_fen)


@dataclass(frozen=True)
class SettlementPreview:
    before_points: str
    before_payment_fen: int
    settlement: Settlement

    @property
    def points(self) -> str:
        return review_decisions.fraction_text(self.settlement.points)


def preview_settlement(db: Database, application_id: int, *, method: str, deductions: Mapping[str, int] | None = None,
                       points: str | None = None, amount_fen: int | None = None) -> SettlementPreview:
    """The points and payment a proposal or decision would give, by the formulas the draft uses;
    a UserError says why terms cannot be settled (a deduction beyond the fee, no points)."""
    app = review.application(db, application_id)
    money = case_money(db, app["case_pk"])
    result = settle(parse_method(method), money, current_rules(db), high_value_apart=review.policy_of(db).high_value_apart,
                    deductions=deductions, points=parse_points(points) if points else None, amount_fen=amount_fen)
    return SettlementPreview(review_decisions.fraction_text(money.result_points), money.result_payment_fen, result)


def timeline(db: Database, application_id: int) -> list[dict]:
    """The application's audit events, oldest first (services.audit_trail.history)."""
    return audit_trail.history(db, review.ENTITY, application_id)
