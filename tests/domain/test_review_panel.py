"""The expert draw (recusals, replay) and the vote count (majority, tie, missing vote)."""
from __future__ import annotations

from fractions import Fraction

import pytest

from workstation.domain.messages import UserError
from workstation.domain.review.panel import (
    AFFILIATED,
    CONFLICT,
    INACTIVE,
    Outcome,
    PoolExpert,
    Vote,
    draw_panel,
    replay,
    tally,
)

POOL = [PoolExpert(i, f"专家{i}", frozenset({"H1"} if i in (1, 2) else set()), active=i != 3) for i in range(1, 9)]


def test_the_draw_leaves_out_affiliated_recused_and_inactive_experts_and_replays():
    draw = draw_panel(POOL, "H1", 3, seed="abc", conflicts=[4])
    assert draw.excluded == {1: AFFILIATED, 2: AFFILIATED, 3: INACTIVE, 4: CONFLICT}
    assert draw.eligible == (5, 6, 7, 8)
    assert len(set(draw.drawn)) == 3 and set(draw.drawn) <= {5, 6, 7, 8}
    assert replay(draw) == draw.drawn
    assert draw_panel(POOL, "H1", 3, seed="abc", conflicts=[4]).drawn == draw.drawn


def test_a_draw_from_too_small_a_pool_is_refused():
    with pytest.raises(UserError) as refused:
        draw_panel(POOL, "H1", 5, seed="x", conflicts=[4])
    assert "只有 4 位" in refused.value.text.zh


def test_a_further_draw_skips_experts_already_on_the_panel():
    first = draw_panel(POOL, "H9", 3, seed="s1")
    more = draw_panel(POOL, "H9", 1, seed="s2", already=first.drawn)
    assert not set(more.drawn) & set(first.drawn)


HALF = Fraction(1, 2)


@pytest.mark.parametrize(("votes", "outcome"), [
    ({1: "support", 2: "support", 3: "oppose"}, Outcome.SUPPORTED),
    ({1: "oppose", 2: "oppose", 3: "support"}, Outcome.OPPOSED),
    ({1: "support", 2: "abstain", 3: "oppose"}, Outcome.NO_MAJORITY),
    ({1: "support", 2: "support"}, Outcome.PENDING),  # two of three would carry, but a vote is missing
])
def test_three_experts(votes, outcome):
    result = tally([1, 2, 3], votes, majority_share=HALF, min_members=3)
    assert result.outcome == outcome
    assert result.decided == (outcome in (Outcome.SUPPORTED, Outcome.OPPOSED))


def test_a_tie_decides_nothing_and_says_so():
    result = tally([1, 2, 3, 4], {1: Vote.SUPPORT, 2: Vote.SUPPORT, 3: Vote.OPPOSE, 4: Vote.OPPOSE},
                   majority_share=HALF, min_members=3)
    assert result.outcome == Outcome.NO_MAJORITY and "均未过半" in result.reason.zh


def test_a_missing_vote_is_named_and_too_small_a_panel_cannot_decide():
    result = tally([1, 2, 3], {1: "support"}, majority_share=HALF, min_members=3)
    assert result.missing == (2, 3) and "2 位专家未表决" in result.reason.zh
    assert tally([1, 2], {1: "support", 2: "support"}, majority_share=HALF,
                 min_members=3).outcome == Outcome.TOO_FEW


def test_two_thirds_rule():
    two_thirds = Fraction(2, 3)
    assert tally([1, 2, 3], {1: "support", 2: "support", 3: "oppose"}, majority_share=two_thirds,
                 min_members=3).outcome == Outcome.NO_MAJORITY
