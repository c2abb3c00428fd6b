"""One state machine for a special-case application (特例单议申报).

submitted → accepted | returned (for supplement; a resubmission returns it to
submitted) | refused → expert review → negotiation → decision drafted →
decision signed → notified → closed; after a notice, an appeal sends it back to
expert review (re-review), and an amendment (a corrected decision that
references the notified one) back to drafted.

This table says *in which order*; who may take a step is the authority's
(``domain.authority``): each step names the action(s) it is, and the roles come
from there (with a rules file's ``[authority]`` grants), never from a second
table here. ``check_step`` refuses an illegal step with a message that says why
and what is possible instead; the data-dependent guards (four-eyes, the panel's
majority, the quota) are the authority's facts, asked by the services.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from workstation.domain.accounts import Role
from workstation.domain.authority import Action, authorize, require
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
    TOP_UP = "top_up"
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
    Step.TOP_UP: Text("补抽评审专家", "top up the panel"),
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

# The authority's action(s) each step is; a role may take the step when it may take any of them.
STEP_ACTIONS: dict[Step, tuple[Action, ...]] = {
    Step.ACCEPT: (Action.ACCEPT, Action.QUOTA_OVERRIDE),
    Step.RETURN: (Action.RETURN,),
    Step.RESUBMIT: (Action.RESUBMIT,),
    Step.REFUSE: (Action.REFUSE,),
    Step.DRAW: (Action.DRAW,),
    Step.TOP_UP: (Action.TOP_UP_DRAW,),
    Step.VOTE: (Action.VOTE_OWN, Action.VOTE_ON_BEHALF),
    Step.CONCLUDE: (Action.CONCLUDE,),
    Step.PROPOSE: (Action.PROPOSE,),
    Step.ANSWER: (Action.ANSWER,),
    Step.DRAFT: (Action.DRAFT,),
    Step.SIGN: (Action.SIGN,),
    Step.NOTIFY: (Action.NOTIFY,),
    Step.APPEAL: (Action.APPEAL,),
    Step.AMEND: (Action.AMEND,),
    Step.CLOSE: (Action.CLOSE,),
}

Grants = Mapping[Action, frozenset[Role]] | None


@dataclass(frozen=True)
class Transition:
    step: Step
    source: Status
    target: Status


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Step.ACCEPT, Status.SUBMITTED, Status.ACCEPTED),
    Transition(Step.RETURN, Status.SUBMITTED, Status.RETURNED),
    Transition(Step.REFUSE, Status.SUBMITTED, Status.REFUSED),
    Transition(Step.RESUBMIT, Status.RETURNED, Status.SUBMITTED),
    Transition(Step.DRAW, Status.ACCEPTED, Status.EXPERT_REVIEW),
    # Re-review after an appeal: a new panel.
    Transition(Step.DRAW, Status.APPEALED, Status.EXPERT_REVIEW),
    # Replacements for members who recused or cannot sit, before the panel decides.
    Transition(Step.TOP_UP, Status.EXPERT_REVIEW, Status.EXPERT_REVIEW),
    # An expert enters their own vote; a reviewer may enter it from a signed form (both names kept).
    Transition(Step.VOTE, Status.EXPERT_REVIEW, Status.EXPERT_REVIEW),
    Transition(Step.CONCLUDE, Status.EXPERT_REVIEW, Status.NEGOTIATION),
    Transition(Step.PROPOSE, Status.NEGOTIATION, Status.NEGOTIATION),
    Transition(Step.ANSWER, Status.NEGOTIATION, Status.NEGOTIATION),
    Transition(Step.DRAFT, Status.NEGOTIATION, Status.DRAFTED),
    # A draft not yet signed may be redrafted (the earlier draft stays in the record).
    Transition(Step.DRAFT, Status.DRAFTED, Status.DRAFTED),
    Transition(Step.SIGN, Status.DRAFTED, Status.SIGNED),
    Transition(Step.NOTIFY, Status.SIGNED, Status.NOTIFIED),
    Transition(Step.APPEAL, Status.NOTIFIED, Status.APPEALED),
    Transition(Step.AMEND, Status.NOTIFIED, Status.DRAFTED),
    Transition(Step.CLOSE, Status.NOTIFIED, Status.CLOSED),
)


def may_take(step: Step | str, role: Role | str | None, grants: Grants = None) -> bool:
    """Whether ``role`` may take ``step`` at all (facts aside): the authority's answer."""
    return any(authorize(role, action, grants=grants) for action in STEP_ACTIONS[Step(step)])


def legal_steps(status: Status | str, role: Role | str | None = None, grants: Grants = None) -> list[Step]:
    """The steps possible from ``status`` (for ``role``, when given), in the table's order."""
    status = Status(status)
    steps = []
    for t in TRANSITIONS:
        if t.source == status and (role is None or may_take(t.step, role, grants)) and t.step not in steps:
            steps.append(t.step)
    return steps


_LIST = Text("、", ", ")


def _names(steps: list[Step]) -> Text:
    return _LIST.join(STEP_NAMES[s] for s in steps) if steps else Text("无", "none")


def check_step(status: Status | str, step: Step | str, role: Role | str | None = None,
               grants: Grants = None) -> Status:
    """The status after ``step``; refuses an illegal step saying why and what is possible instead.
    With ``role``, also asks the authority whether the role may take the step at all."""
    status, step = Status(status), Step(step)
    if role is not None and not may_take(step, role, grants):
        require(role, STEP_ACTIONS[step][-1] if step == Step.VOTE else STEP_ACTIONS[step][0], grants=grants)
    for t in TRANSITIONS:
        if t.source == status and t.step == step:
            return t.target
    possible = _names(legal_steps(status, role, grants))
    zh, en = possible.zh, possible.en
    raise UserError(
        f"申报当前状态为“{STATUS_NAMES[status].zh}”，不能{STEP_NAMES[step].zh}。现在可以办理：{zh}。",
        f"The application is {STATUS_NAMES[status].en}: it cannot {STEP_NAMES[step].en} now. "
        f"Possible now: {en}.")


OPEN_STATUSES = frozenset(set(Status) - {Status.REFUSED, Status.CLOSED})
# Statuses in which the application counts against its hospital's quota (accepted and on).
COUNTED_STATUSES = frozenset(set(Status) - {Status.SUBMITTED, Status.RETURNED, Status.REFUSED})
