"""The declared authority: the rules file's [authority] section, ceilings, and guards by role."""
from __future__ import annotations

import pytest

from workstation.domain.accounts import Role
from workstation.domain.authority import GRANTS, Action, AuthorityError, Facts, authorize, grants_from, require
from workstation.domain.messages import UserError
from workstation.domain.rules import default_document


def test_the_bundled_rules_list_every_action_with_its_default_roles():
    section = default_document()["authority"]
    assert set(section) == {a.value for a in Action}
    assert grants_from(section) == {a: g.roles for a, g in GRANTS.items()}


def test_a_rules_file_cannot_grant_beyond_an_actions_ceiling_and_the_key_is_named():
    with pytest.raises(UserError, match="review.sign") as refused:
        grants_from({"review.sign": ["supervisor", "reviewer"]})
    assert "at most" in refused.value.text.en
    for bad in ({"rules.load": ["expert"]}, {"review.draw": []}, {"review.nothing": ["admin"]},
                {"review.draw": "reviewer"}, {"review.draw": ["chief"]}):
        with pytest.raises(UserError):
            grants_from(bad)
    assert grants_from({"review.draw": ["supervisor"]}) == {Action.DRAW: frozenset({Role.SUPERVISOR})}


def test_a_refusal_names_its_rule_in_both_languages():
    with pytest.raises(AuthorityError) as refused:
        require(Role.EXPERT, Action.LOAD_RULES)
    error = refused.value
    assert error.rule == "role:rules.load" and "（规则：role:rules.load）" in error.text.zh
    assert "(rule: role:rules.load)" in error.text.en and "。。" not in error.text.zh


def test_guards_hold_without_accounts_and_some_bind_only_experts():
    # Nobody replaces an expert's own vote, or tops up a decided panel — with or without accounts.
    for role in (None, Role.REVIEWER, Role.SUPERVISOR):
        assert authorize(role, Action.VOTE_ON_BEHALF, Facts(vote_entered_by_expert=True)).rule == "vote-belongs-to-expert"
    assert authorize(None, Action.TOP_UP_DRAW, Facts(panel_decided=True)).rule == "decided-panel-is-final"
    # An expert declares a conflict only for themselves; a reviewer for any expert.
    assert authorize(Role.EXPERT, Action.DECLARE_CONFLICT, Facts(own_expert=False)).rule == "own-vote-only"
    assert authorize(Role.REVIEWER, Action.DECLARE_CONFLICT, Facts(own_expert=False))
    assert authorize(Role.EXPERT, Action.DECLARE_CONFLICT, Facts(own_expert=True, votes_cast=False))
