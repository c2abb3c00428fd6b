"""The special-case state machine: every legal step, every illegal one; the roles are the authority's."""
from __future__ import annotations

import pytest

from workstation.domain.accounts import Role
from workstation.domain.authority import GRANTS, AuthorityError, Facts, authorize
from workstation.domain.messages import UserError
from workstation.domain.review.workflow import (
    STEP_ACTIONS,
    TRANSITIONS,
    Status,
    Step,
    check_step,
    legal_steps,
    may_take,
)

LEGAL = {(t.source, t.step): t for t in TRANSITIONS}


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.source}-{t.step}")
def test_every_legal_step_leads_where_the_workflow_says(transition):
    roles = set().union(*(GRANTS[a].roles for a in STEP_ACTIONS[transition.step]))
    assert roles
    for role in roles:
        assert check_step(transition.source, transition.step, role) == transition.target
    assert check_step(transition.source, transition.step) == transition.target  # no accounts


ILLEGAL = [(s, st) for s in Status for st in Step if (s, st) not in LEGAL]


@pytest.mark.parametrize(("status", "step"), ILLEGAL, ids=lambda v: str(v))
def test_every_illegal_step_is_refused_saying_what_is_possible(status, step):
    with pytest.raises(UserError) as refused:
        check_step(status, step, Role.SUPERVISOR)
    possible = legal_steps(status, Role.SUPERVISOR)
    message = refused.value.text
    assert "现在可以办理" in message.zh and "Possible now" in message.en
    if possible:
        from workstation.domain.review.workflow import STEP_NAMES

        assert all(STEP_NAMES[s].zh in message.zh for s in possible)
    else:
        assert "现在可以办理：无" in message.zh


def test_the_path_from_submission_to_closure():
    path = [Step.ACCEPT, Step.DRAW, Step.VOTE, Step.CONCLUDE, Step.PROPOSE, Step.ANSWER, Step.DRAFT]
    status = Status.SUBMITTED
    for step in path:
        status = check_step(status, step, Role.REVIEWER)
    assert status == Status.DRAFTED
    status = check_step(status, Step.SIGN, Role.SUPERVISOR)
    for step in (Step.NOTIFY, Step.CLOSE):
        status = check_step(status, step, Role.REVIEWER)
    assert status == Status.CLOSED and legal_steps(status) == []


def test_appeal_and_amendment_follow_only_a_notice():
    assert check_step(Status.NOTIFIED, Step.APPEAL, Role.REVIEWER) == Status.APPEALED
    assert check_step(Status.APPEALED, Step.DRAW, Role.REVIEWER) == Status.EXPERT_REVIEW
    assert check_step(Status.NOTIFIED, Step.AMEND, Role.REVIEWER) == Status.DRAFTED
    with pytest.raises(UserError):
        check_step(Status.SIGNED, Step.APPEAL, Role.REVIEWER)


def test_roles_are_enforced_with_a_message_naming_who_may():
    with pytest.raises(UserError) as refused:
        check_step(Status.DRAFTED, Step.SIGN, Role.REVIEWER)
    assert "科室负责人" in refused.value.text.zh and "supervisor" in refused.value.text.en
    with pytest.raises(AuthorityError) as refused:
        check_step(Status.SUBMITTED, Step.ACCEPT, Role.EXPERT)
    assert refused.value.rule == "role:review.accept"
    with pytest.raises(AuthorityError):
        check_step(Status.EXPERT_REVIEW, Step.VOTE, Role.ADMIN)
    assert legal_steps(Status.EXPERT_REVIEW, Role.EXPERT) == [Step.VOTE]
    assert legal_steps(Status.SUBMITTED, Role.ADMIN) == []


def test_the_roles_of_a_step_are_the_authoritys_and_follow_a_rules_files_grants():
    for step, actions in STEP_ACTIONS.items():
        for role in Role:
            assert may_take(step, role) == any(role in GRANTS[a].roles for a in actions)
    from workstation.domain.authority import Action

    only_supervisors = {Action.DRAW: frozenset({Role.SUPERVISOR})}
    assert Step.DRAW not in legal_steps(Status.ACCEPTED, Role.REVIEWER, only_supervisors)
    assert Step.DRAW in legal_steps(Status.ACCEPTED, Role.SUPERVISOR, only_supervisors)


def test_four_eyes_is_the_authoritys_own_draft_fact():
    from workstation.domain.authority import Action

    assert authorize(Role.SUPERVISOR, Action.SIGN, Facts(own_draft=False))
    refused = authorize(Role.SUPERVISOR, Action.SIGN, Facts(own_draft=True))
    assert not refused and refused.rule == "four-eyes" and "四眼" in refused.reason.zh
    assert not authorize(None, Action.SIGN, Facts(own_draft=True))  # without accounts too
