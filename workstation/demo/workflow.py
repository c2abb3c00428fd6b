"""The demo's special-case review workflow, pre-filled so a newcomer sees it at work.

Users of every role, an expert pool and applications in every status of the
state machine, each taken there step by step through the same services as the
command line and the GUI: every change has its real audit event, the four-eyes
rule, the quota and the panel's majority are checked as for real work, and
``audit verify`` passes. The choices (cases, votes, words, draw seeds) follow
the demo's seed; the submission days are counted back from ``today`` (the day
the demo is built), so the deadline marks the intended applications overdue and
only those.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlite_utils import Database

from workstation.demo import review_texts as T
from workstation.demo.application_file import CRITICAL_COST_FEN
from workstation.demo.catalog import demo_hospitals
from workstation.demo.panel_session import add_planned_session
from workstation.domain.accounts import Role
from workstation.domain.messages import UserError
from workstation.services import review as R
from workstation.services.accounts import add_user
from workstation.services.applications import create_from_case
from workstation.services.context import Actor
from workstation.services.experts import add_expert
from workstation.services.review import decisions as D

ADMIN = Actor("admin", Role.ADMIN)
REVIEWERS = (Actor("li", Role.REVIEWER), Actor("zhang", Role.REVIEWER))
SUPERVISORS = (Actor("wang", Role.SUPERVISOR), Actor("zhao", Role.SUPERVISOR))
OVERDUE_DAYS = 120  # submitted this long ago and still open: past its cycle's settlement deadline
_REASON_OF_FLAG = (("HIGH", "HIGH_COST"), ("LONG_STAY", "LONG_STAY"))
_DEDUCTIBLE = ("fee_western", "fee_exam", "fee_lab", "fee_treatment")


@dataclass(frozen=True)
class DemoCase:
    pk: int
    hospital: str
    reason: str
    points: Decimal
    fees: dict[str, int]
    drg_code: str
    drg_name: str
    cost_fen: int
    los: int


def add_users_and_experts(db: Database) -> None:
    """The demo accounts (the first is the administrator's) and the expert pool."""
    for username, display_name, role in T.USERS:
        add_user(db, ADMIN, username, role, T.DEMO_PASSWORD, display_name=display_name)
    codes = [h.code for h in demo_hospitals()]
    for name, specialty, hospitals, account in T.EXPERTS:
        add_expert(db, ADMIN, name, specialty=specialty, hospital_codes=";".join(codes[i] for i in hospitals),
                   username=account)


def _critical(discharge_mode: int, cost_fen: int) -> bool:
    """A death after costly care: what a hospital applies for as a complex critical illness."""
    return discharge_mode == 5 and cost_fen >= CRITICAL_COST_FEN


def _case(pk: int, hospital: str, reason: str, points: float, facts: Sequence) -> DemoCase:
    drg_code, drg_name, cost_fen, los, *fees = facts
    return DemoCase(pk, hospital, reason, Decimal(str(points)),
                    {k: int(v or 0) for k, v in zip(_DEDUCTIBLE, fees, strict=True)},
                    drg_code or "", drg_name or "", int(cost_fen), int(los))


class _Cases:
    """The period's cases a hospital would apply for, in a seeded order, handed out so that
    the applications spread over hospitals and no hospital passes its quota by accident."""

    def __init__(self, db: Database, period: str, seed: int, avoid: frozenset[str]):
        fee_columns = ", ".join(f"c.{key}_fen" for key in _DEDUCTIBLE)
        rows = db.execute(
            f"SELECT c.id, c.case_id, c.hospital_code, c.new_tech, c.discharge_mode, r.flag_codes, r.points,"
            " c.drg_code, c.drg_name, c.total_cost_fen, c.los,"
            f" {fee_columns} FROM cases c JOIN case_results_full r ON r.case_pk = c.id"
            " WHERE c.period = ? AND r.payment_basis != 'BY_ITEM' ORDER BY c.id", [period]).fetchall()
        self.cases: list[DemoCase] = []
        for pk, case_id, hospital, new_tech, mode, flag_codes, points, *facts in rows:
            flags = set((flag_codes or "").split(";"))
            reason = next((r for flag, r in _REASON_OF_FLAG if flag in flags), None)
            reason = reason or ("NEW_TECH" if new_tech else "CRITICAL" if _critical(mode, facts[2]) else None)
            if reason and case_id not in avoid:
                self.cases.append(_case(pk, hospital, reason, points, facts))
        random.Random(seed).shuffle(self.cases)
        # A small demo may run out of outliers: then ordinary cases apply for multidisciplinary care.
        ordinary = [_case(pk, hospital, "MDT", points, facts)
                    for pk, case_id, hospital, _, _, flag_codes, points, *facts in rows[:400]
                    if not flag_codes and case_id not in avoid]
        random.Random(seed + 1).shuffle(ordinary)
        self.ordinary = ordinary
        self.quota = {u.hospital_code: u.quota for u in R.quota_use(db, period)}
        self.counted: dict[str, int] = dict.fromkeys(self.quota, 0)
        self.applied: dict[str, int] = dict.fromkeys(self.quota, 0)

    def over_quota_hospital(self) -> str:
        """A hospital with a small quota and more candidate cases than it: the override's stage."""
        have: dict[str, int] = {}
        for case in self.cases + self.ordinary:
            have[case.hospital] = have.get(case.hospital, 0) + 1
        room = {h: self.quota[h] - self.counted[h] for h in have}
        fits = sorted((self.quota[h], h) for h, n in have.items() if n > room[h])
        if not fits:  # a small demo: the hospital with the most cases left
            return max(sorted(have), key=lambda h: have[h])
        return next((h for q, h in fits if q >= 1), fits[0][1])

    def take(self, *, counted: bool, hospital: str | None = None, reason: str | None = None) -> DemoCase:
        """The next case, of ``hospital`` if given, else of the least used hospital that has room
        (``counted``: the application will be accepted, so it must fit the quota)."""
        def fits(case: DemoCase) -> bool:
            if hospital is not None:
                return case.hospital == hospital
            return (not counted or self.counted[case.hospital] < self.quota[case.hospital]) and \
                (reason is None or case.reason == reason)
        def room(case: DemoCase) -> bool:
            return not counted or self.counted[case.hospital] < self.quota[case.hospital]

        found: list[DemoCase] = []
        for pool in (self.cases, self.ordinary):
            found = [c for c in pool if fits(c)] or [c for c in pool if hospital is None and room(c)]
            if found:
                break
        else:  # a small demo whose quotas are full: a supervisor's override accepts it
            pool = self.cases or self.ordinary
            found = [c for c in pool if hospital in (None, c.hospital)]
        if not found:
            raise UserError("演示病例太少，无法生成特例单议演示流程：请至少使用 300 个病例。",
                            "Too few demo cases for the review workflow: use at least 300 cases.")
        case = min(found, key=lambda c: self.applied[c.hospital])  # min keeps the seeded order on ties
        pool.remove(case)
        self.applied[case.hospital] += 1
        self.counted[case.hospital] += int(counted)
        return case

    def beyond_quota(self, case: DemoCase) -> bool:
        return self.counted[case.hospital] > self.quota[case.hospital]


class _Demo:
    """Takes applications through the workflow's steps."""

    def __init__(self, db: Database, cases: _Cases, seed: int, today: date):
        self.db, self.cases, self.seed, self.today = db, cases, seed, today
        self.expert_accounts = {r[0]: r[1] for r in db.execute(
            "SELECT id, username FROM experts WHERE username IS NOT NULL")}
        self.n = 0

    def submit(self, case: DemoCase, days_ago: int) -> int:
        self.n += 1
        said = T.statement(case.reason, self.n, drg_code=case.drg_code, drg_name=case.drg_name,
                           cost_fen=case.cost_fen, los=case.los)
        return create_from_case(self.db, self.reviewer, case.pk, reason=case.reason, statement=said,
                                documents=T.DOCUMENTS, submitted_on=self.today - timedelta(days=days_ago),
                                requested_method=T.METHOD_BY_ITEM, requested_amount_fen=case.cost_fen)

    @property
    def reviewer(self) -> Actor:
        return REVIEWERS[self.n % 2]

    @property
    def supervisor(self) -> Actor:
        return SUPERVISORS[self.n % 2]

    def panel(self, app: int, votes: Sequence[str | None], tag: str = "") -> None:
        draw = R.draw_experts(self.db, self.reviewer, app, seed=f"demo-{self.seed}-{app}{tag}")
        for index, (expert, value) in enumerate(zip(draw.drawn, votes, strict=False)):
            if value is None:
                continue
            comments = T.VOTE_COMMENTS[value]
            account = self.expert_accounts.get(expert)
            voter = Actor(account, Role.EXPERT) if account else self.reviewer  # else recorded for them
            R.vote(self.db, voter, app, expert, value, comments[(app + index) % len(comments)])

    def accept(self, app: int, case: DemoCase) -> None:
        if self.cases.beyond_quota(case):
            R.accept(self.db, SUPERVISORS[0], app, override_reason=T.QUOTA_OVERRIDE)
        else:
            R.accept(self.db, self.reviewer, app)

    def review(self, app: int, case: DemoCase, votes: Sequence[str]) -> None:
        self.accept(app, case)
        self.panel(app, votes)
        R.conclude(self.db, self.reviewer, app)

    def negotiate(self, app: int, case: DemoCase, *, agree: bool = True) -> None:
        """Round 1 deducts a tenth of the largest deductible fee; the hospital counters; round 2
        halves the deduction (the hospital agrees, or has not answered yet)."""
        fee = max(_DEDUCTIBLE, key=lambda k: case.fees[k])
        first = max(100, case.fees[fee] // 10 // 1000 * 1000)  # whole ten yuan
        D.propose(self.db, self.reviewer, app, method="by_item", deductions={fee: first}, text=T.PROPOSAL_TEXTS[0])
        D.answer(self.db, self.reviewer, app, "counter", text=T.COUNTER_TEXT)
        D.propose(self.db, self.reviewer, app, method="by_item", deductions={fee: first // 2},
                  text=T.PROPOSAL_TEXTS[1])
        if agree:
            D.answer(self.db, self.reviewer, app, "agree", text=T.AGREE_TEXT)

    def decide(self, app: int, case: DemoCase, method: str, *, sign: bool = True, notify: bool = True) -> None:
        points = None
        if method == "adjust_points":
            points = str((case.points * Decimal("1.8")).quantize(Decimal("0.01"), ROUND_HALF_UP))
        D.draft(self.db, self.reviewer, app, reasons=T.DECISION_REASONS[method],
                method=None if method == "by_item" else method, points=points)
        if sign:
            D.sign(self.db, self.supervisor, app)
        if sign and notify:
            D.notify(self.db, self.reviewer, app)


def add_review_workflow(db: Database, *, period: str, seed: int, today: date,
                        avoid: frozenset[str] = frozenset()) -> dict[str, int]:
    """Users, experts and applications in every status; returns the application ids by scenario.
    ``avoid``: case ids left for the demo application file."""
    add_users_and_experts(db)
    cases = _Cases(db, period, seed, avoid)
    demo = _Demo(db, cases, seed, today)
    apps: dict[str, int] = {}

    def start(name: str, days_ago: int, *, counted: bool = True, **kwargs) -> tuple[int, DemoCase]:
        case = cases.take(counted=counted, **kwargs)
        apps[name] = demo.submit(case, days_ago)
        return apps[name], case

    start("submitted", 1, counted=False, reason="HIGH_COST")
    start("submitted_new_tech", 2, counted=False, reason="NEW_TECH")
    app, _ = start("returned", 6, counted=False)
    R.return_for_supplement(db, demo.reviewer, app, T.RETURN_MISSING[0])
    app, _ = start("resubmitted", 9, counted=False)
    R.return_for_supplement(db, demo.reviewer, app, T.RETURN_MISSING[1])
    R.resubmit(db, demo.reviewer, app, T.RESUBMIT_SUPPLIED)
    app, _ = start("refused", 8, counted=False)
    R.refuse(db, demo.reviewer, app, T.REFUSE_REASON)
    app, case = start("accepted", 4)
    demo.accept(app, case)
    app, case = start("accepted_overdue", OVERDUE_DAYS)
    demo.accept(app, case)

    app, case = start("partial_votes", 12, reason="LONG_STAY")
    demo.accept(app, case)
    R.declare_conflict(db, demo.reviewer, app, len(T.EXPERTS) - 2, T.CONFLICT_NOTE)
    demo.panel(app, ("support", "support", None))
    app, case = start("tie_overdue", OVERDUE_DAYS + 10)
    demo.accept(app, case)
    demo.panel(app, ("support", "oppose", "abstain"))  # no side has more than half: stays in review

    app, case = start("negotiation", 15)
    demo.review(app, case, ("support", "support", "abstain"))
    demo.negotiate(app, case, agree=False)
    app, case = start("drafted", 16)
    demo.review(app, case, ("support", "support", "support"))
    demo.negotiate(app, case)
    demo.decide(app, case, "by_item", sign=False)
    app, case = start("signed", 17)
    demo.review(app, case, ("support", "support", "oppose"))
    demo.decide(app, case, "adjust_points", notify=False)
    app, case = start("notified", 18)
    demo.review(app, case, ("support", "support", "support"))
    demo.negotiate(app, case)
    demo.decide(app, case, "by_item")

    app, case = start("appealed", 20)
    demo.review(app, case, ("support", "oppose", "support"))
    demo.negotiate(app, case)
    demo.decide(app, case, "by_item")
    D.appeal(db, demo.reviewer, app, T.APPEAL_GROUNDS)
    app, case = start("re_review", 22)
    demo.review(app, case, ("support", "support", "oppose"))
    demo.negotiate(app, case)
    demo.decide(app, case, "by_item")
    D.appeal(db, demo.reviewer, app, T.APPEAL_GROUNDS)
    demo.panel(app, ("support", None, None), tag="-appeal")

    app, case = start("closed", 24)
    demo.review(app, case, ("support", "support", "support"))
    demo.negotiate(app, case)
    demo.decide(app, case, "by_item")
    D.close(db, demo.reviewer, app)
    app, case = start("closed_opposed", 23)
    demo.review(app, case, ("oppose", "oppose", "support"))
    demo.decide(app, case, "keep_drg")
    D.close(db, demo.reviewer, app)
    app, case = start("amended", 25)
    demo.review(app, case, ("support", "support", "support"))
    demo.decide(app, case, "adjust_points")
    D.draft(db, demo.reviewer, app, reasons=T.AMEND_REASON, method="adjust_points",
            points=str((case.points * Decimal("1.6")).quantize(Decimal("0.01"), ROUND_HALF_UP)), amends=True)
    D.sign(db, demo.supervisor, app)
    D.notify(db, demo.reviewer, app)
    # An appeal decided: refused, appealed, re-reviewed by a new panel, paid by item (its notice
    # names the appeal and the earlier notice; the minutes show both rounds).
    app, case = start("appeal_decided", 26)
    demo.review(app, case, ("oppose", "oppose", "support"))
    demo.decide(app, case, "keep_drg")
    D.appeal(db, demo.reviewer, app, T.APPEAL_GROUNDS)
    demo.panel(app, ("support", "support", "abstain"), tag="-appeal")
    R.conclude(db, demo.reviewer, app)
    demo.negotiate(app, case)
    demo.decide(app, case, "by_item")

    # One hospital fills its quota; one more is accepted only on a supervisor's written override.
    hospital = cases.over_quota_hospital()
    for index in range(cases.quota[hospital] - cases.counted[hospital]):
        app, case = start(f"quota_{index + 1}", 5 + index, hospital=hospital)
        demo.accept(app, case)
    app, case = start("over_quota", 3, hospital=hospital)
    demo.accept(app, case)

    def session_application(index: int) -> int:
        app, case = start(f"session_{index + 1}", 7 + index % 4)
        demo.accept(app, case)
        return app

    add_planned_session(db, demo.reviewer, session_application, today, seed)  # items waiting for chen
    return apps
