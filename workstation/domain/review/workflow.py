"""One state machine for a special-case application (特例单议申报).

submitted → accepted | returned (for supplement; a resubmission returns it to
submitted) | refused → expert review → negotiation → decision drafted →
decision signed → notified → closed; after a notice, an appeal sends it back to
expert review (re-review), and an amendment (a corrected decision that
references the notified one) back to drafted.

Each step says which roles may take it. ``check_step`` refuses an illegal step
with a message that says why and what is possible instead; the data-dependent
guards (four-eyes, the panel's majority, the quota) are separate functions the
services call with the facts they read.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workstation.domain.accounts import ROLE_NAMES, Role
from workstation.domain.messages import Text, UserError


class Status(StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
    REFUSED = "refused"
    ACCEPTED = "accepted"
    EXPERT_REVIEW = "expert_review"
    NEGOTIATION = "negotiation"
    DRAFTED = "drafted"
    SIGNED = "signed"
    NOTIFIED = "notified"
    APPEALED = "appealed"
    CLOSED = "closed"


STATUS_NAMES = {
    Status.SUBMITTED: Text("已申报", "submitted"),
    Status.RETURNED: Text("退回补充", "returned for supplement"),
    Status.REFUSED: Text("不予受理", "refused"),
    Status.ACCEPTED: Text("已受理", "accepted"),
    Status.EXPERT_REVIEW: Text("专家评审中", "in expert review"),
    Status.NEGOTIATION: Text("协商中", "in negotiation"),
    Status.DRAFTED: Text("决定待签发", "decision drafted"),
    Status.SIGNED: Text("决定已签发", "decision signed"),
    Status.NOTIFIED: Text("已告知医院", "notified"),
    Status.APPEALED: Text("申诉中", "appealed"),
    Status.CLOSED: Text("已办结", "closed"),
}


class Step(StrEnum):
    ACCEPT = "accept"
    RETURN = "return"
    RESUBMIT = "resubmit"
    REFUSE = "refuse"
    DRAW = "draw"
    VOTE = "vote"
    CONCLUDE = "conclude"
    PROPOSE = "propose"
    ANSWER = "answer"
    DRAFT = "draft"
    SIGN = "sign"
    NOTIFY = "notify"
    APPEAL = "appeal"
    AMEND = "amend"
    CLOSE = "close"


STEP_NAMES = {
    Step.ACCEPT: Text("受理", "accept"),
    Step.RETURN: Text("退回补充", "return for supplement"),
    Step.RESUBMIT: Text("医院补充后重新申报", "resubmit after supplement"),
    Step.REFUSE: Text("不予受理", "refuse"),
    Step.DRAW: Text("抽取评审专家", "draw experts"),
    Step.VOTE: Text("录入专家意见", "record a vote"),
    Step.CONCLUDE: Text("汇总评审结论", "conclude the expert review"),
    Step.PROPOSE: Text("提出协商方案", "make a negotiation proposal"),
    Step.ANSWER: Text("录入医院答复", "record the hospital's answer"),
    Step.DRAFT: Text("起草决定", "draft the decision"),
    Step.SIGN: Text("签发决定", "sign the decision"),
    Step.NOTIFY: Text("告知医院", "notify the hospital"),
    Step.APPEAL: Text("医院申诉", "record an appeal"),
    Step.AMEND: Text("更正决定", "amend the decision"),
    Step.CLOSE: Text("办结", "close"),
}

_OFFICE = frozenset({Role.REVIEWER, Role.SUPERVISOR})


@dataclass(frozen=True)
class Transition:
    step: Step
    source: Status
    target: Status
    roles: frozenset[Role]


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Step.ACCEPT, Status.SUBMITTED, Status.ACCEPTED, _OFFICE),
    Transition(Step.RETURN, Status.SUBMITTED, Status.RETURNED, _OFFICE),
    Transition(Step.REFUSE, Status.SUBMITTED, Status.REFUSED, _OFFICE),
    Transition(Step.RESUBMIT, Status.RETURNED, Status.SUBMITTED, _OFFICE),
    Transition(Step.DRAW, Status.ACCEPTED, Status.EXPERT_REVIEW, _OFFICE),
    # More experts for a panel without a majority (a tie, a recusal after the draw).
    Transition(Step.DRAW, Status.EXPERT_REVIEW, Status.EXPERT_REVIEW, _OFFICE),
    # Re-review after an appeal: a new panel.
    Transition(Step.DRAW, Status.APPEALED, Status.EXPERT_REVIEW, _OFFICE),
    # An expert enters their own vote; a reviewer may record it for them (both names are kept).
    Transition(Step.VOTE, Status.EXPERT_REVIEW, Status.EXPERT_REVIEW, _OFFICE | {Role.EXPERT}),
    Transition(Step.CONCLUDE, Status.EXPERT_REVIEW, Status.NEGOTIATION, _OFFICE),
    Transition(Step.PROPOSE, Status.NEGOTIATION, Status.NEGOTIATION, _OFFICE),
    Transition(Step.ANSWER, Status.NEGOTIATION, Status.NEGOTIATION, _OFFICE),
    Transition(Step.DRAFT, Status.NEGOTIATION, Status.DRAFTED, _OFFICE),
    # A draft not yet signed may be redrafted (the earlier draft stays in the record).
    Transition(Step.DRAFT, Status.DRAFTED, Status.DRAFTED, _OFFICE),
    Transition(Step.SIGN, Status.DRAFTED, Status.SIGNED, frozenset({Role.SUPERVISOR})),
    Transition(Step.NOTIFY, Status.SIGNED, Status.NOTIFIED, _OFFICE),
    Transition(Step.APPEAL, Status.NOTIFIED, Status.APPEALED, _OFFICE),
    Transition(Step.AMEND, Status.NOTIFIED, Status.DRAFTED, _OFFICE),
    Transition(Step.CLOSE, Status.NOTIFIED, Status.CLOSED, _OFFICE),
)


def legal_steps(status: Status | str, role: Role | str | None = None) -> list[Step]:
    """The steps possible from ``status`` (for ``role``, when given), in the table's order."""
    status = Status(status)
    steps = []
    for t in TRANSITIONS:
        if t.source == status and (role is None or Role(role) in t.roles) and t.step not in steps:
            steps.append(t.step)
    return steps


_LIST = Text("、", ", ")


def _names(steps: list[Step]) -> Text:
    return _LIST.join(STEP_NAMES[s] for s in steps) if steps else Text("无", "none")


def check_step(status: Status | str, step: Step | str, role: Role | str) -> Status:
    """The status after ``step``; refuses an illegal step saying why and what is possible instead."""
    status, step, role = Status(status), Step(step), Role(role)
    for t in TRANSITIONS:
        if t.source == status and t.step == step:
            if role in t.roles:
                return t.target
            who = _LIST.join(ROLE_NAMES[r] for r in sorted(t.roles))
            who_zh, who_en = who.zh, who.en
            raise UserError(
                f"“{STEP_NAMES[step].zh}”只能由{who_zh}办理，当前用户的角色是{ROLE_NAMES[role].zh}。",
                f"Only a {who_en} may {STEP_NAMES[step].en}; you are signed in as a {ROLE_NAMES[role].en}.")
    possible = _names(legal_steps(status, role))
    zh, en = possible.zh, possible.en
    raise UserError(
        f"申报当前状态为“{STATUS_NAMES[status].zh}”，不能{STEP_NAMES[step].zh}。现在可以办理：{zh}。",
        f"The application is {STATUS_NAMES[status].en}: it cannot {STEP_NAMES[step].en} now. "
        f"Possible now: {en}.")


def check_four_eyes(drafted_by: str, signer: str) -> None:
    """A decision is signed by a supervisor who did not draft it (四眼原则)."""
    if drafted_by == signer:
        raise UserError(f"决定由 {drafted_by} 起草，不能由起草人本人签发：请另一位科室负责人签发。",
                        f"The decision was drafted by {drafted_by}, who cannot sign it: another "
                        "supervisor must sign it.")


OPEN_STATUSES = frozenset(set(Status) - {Status.REFUSED, Status.CLOSED})
# Statuses in which the application counts against its hospital's quota (accepted and on).
COUNTED_STATUSES = frozenset(set(Status) - {Status.SUBMITTED, Status.RETURNED, Status.REFUSED})
