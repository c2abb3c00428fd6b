"""Weight proposals on generated data whose costs sit off their weights in planted groups."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from tests.engine.recalibration_data import SHIFTS, SMALL, WEIGHTS, build_store, truth
from workstation.domain import recalibration as R
from workstation.engine.recalibration import propose

# The relative standard error of a group's mean is 0.2 / √240 ≈ 1.3%: 5% is about four of them.
TOLERANCE = Fraction(5, 100)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("recalibration"))
    yield db
    db.close()


@pytest.fixture(scope="module")
def result(store):
    return propose(store, "2024-03", "2024-03")


def test_the_proposals_name_exactly_the_planted_groups(result):
    assert sorted(p.key for p in result.proposals) == sorted(SHIFTS)
    shifted = {g.code: g for g in result.groups}
    assert shifted["ZZ03"].change > Fraction(1, 10) and shifted["ZZ08"].change < -Fraction(1, 10)


def test_each_implied_weight_is_within_the_tolerance_of_the_truth(result):
    for g in result.groups:
        # The small group's 20 cases have a standard error of 0.2 / √20 ≈ 4.5%: four of them.
        tolerance = TOLERANCE if g.cases >= 30 else Fraction(18, 100)
        assert abs(g.implied / truth(g.code) - 1) < tolerance, (g.code, float(g.implied), float(truth(g.code)))


def test_a_group_below_the_minimum_cases_is_listed_apart_and_never_proposed(store, result):
    small = next(g for g in result.groups if g.code == SMALL)
    assert small.cases == 20 and abs(small.change) > Fraction(1, 10) and not small.proposal
    assert SMALL not in {g.code for g in result.listed_groups()}
    assert SMALL in {p.key for p in propose(store, "2024-03", "2024-03", min_cases=20).proposals}
    assert propose(store, "2024-03", "2024-03", threshold=Fraction(1, 2)).proposals == []


def test_budget_neutrality_holds_exactly(result):
    current, implied, rounded = result.neutrality()
    assert implied == current  # exact Fractions: not a fen, not a point lost or made
    grouped = sum(g.cases for g in result.groups)
    assert grouped == result.grouped_cases == len(WEIGHTS) * 240 - 220
    # Publishing 4 decimals moves the total by at most half a unit of the 4th decimal per case.
    assert abs(rounded - current) <= Fraction(grouped, 20000)


def test_the_threshold_is_strict_and_exact():
    assert not R.is_proposal(Fraction(1), Fraction(11, 10), 30, Fraction(1, 10), 30)
    assert R.is_proposal(Fraction(1), Fraction(11, 10) + Fraction(1, 10**12), 30, Fraction(1, 10), 30)
    assert not R.is_proposal(Fraction(1), Fraction(2), 29, Fraction(1, 10), 30)
    assert R.published(Fraction(123455, 100000)) == Decimal("1.2346")  # half-up, 4 places


def test_confidence_reads_the_distance_beyond_the_threshold_in_standard_errors():
    assert R.confidence(Fraction(1), Fraction(13, 10), 400, 0.2, Fraction(1, 10)) == R.HIGH  # z = 20
    assert R.confidence(Fraction(1), Fraction(112, 100), 25, 0.1, Fraction(1, 10)) == R.MEDIUM  # z = 1
    assert R.confidence(Fraction(1), Fraction(111, 100), 25, 0.4, Fraction(1, 10)) == R.LOW


def test_levels_match_when_costs_do_not_depend_on_the_level(result):
    assert [lv.level for lv in result.levels] == [1, 2, 3]
    assert not any(lv.proposal for lv in result.levels)
    assert all(abs(lv.implied - 1) < TOLERANCE for lv in result.levels)


def test_effects_add_up_per_hospital_and_per_proposal(result):
    for effect in result.effects:
        by = effect.by_proposal
        assert sum((points for points, _ in by.values()), Decimal(0)) == effect.points_after - effect.points_before
        assert sum(payment for _, payment in by.values()) == effect.payment_after_fen - effect.payment_before_fen
    ups = sum(e.by_proposal["ZZ03"][0] for e in result.effects)
    downs = sum(e.by_proposal["ZZ08"][0] for e in result.effects)
    assert ups > 0 > downs
