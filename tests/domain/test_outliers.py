"""Outlier and audit flags of one case, at their boundaries, exactly."""
from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from workstation.domain.flags import Flag, codes_text, explain
from workstation.domain.outliers import (
    Benchmark,
    CaseFacts,
    Stay,
    case_flags,
    fee_mismatch,
    high_threshold_fen,
    is_ungrouped_code,
    low_threshold_fen,
    readmissions,
    sex_codes,
    sex_conflict,
    split_codes,
)
from workstation.domain.rules import default_rules, rules_with

RULES = default_rules()


def bench(avg_yuan: int = 12000, base: str = "120", n: int = 50, payable: bool = True) -> Benchmark:
    return Benchmark(avg_yuan * 100, "table", n, Fraction(base) / 100, Fraction(base), payable)


def flags_of(cost_fen: int, b: Benchmark | None = None, rules=RULES, ungrouped: bool = False, **facts) -> Flag:
    case = CaseFacts(total_cost_fen=cost_fen, los=facts.pop("los", 8), discharge_mode=facts.pop("mode", 1), **facts)
    return case_flags(case, b or bench(), rules, ungrouped)[0]


@pytest.mark.parametrize("base, k", [("100", 3), ("100.01", 2), ("300", 2), ("300.01", Fraction(3, 2)), ("50", 3)])
def test_high_multiple_by_base_points_tier_boundaries(base, k):
    assert RULES.high_multiple_for(Fraction(base), None)[0] == k


@pytest.mark.parametrize("base, k", [("100", 3), ("300", 2), ("301", Fraction(3, 2))])
def test_high_exactly_at_k_times_average_and_one_fen_under(base, k):
    b = bench(12000, base)
    at = int(k * 1200000)
    assert flags_of(at, b) & Flag.HIGH
    assert not flags_of(at - 1, b) & Flag.HIGH


def test_high_threshold_with_a_multiple_that_is_not_whole_fen():
    # 1.5 × 333.33 yuan = 499.995 yuan: 500.00 is HIGH, 499.99 is not (no float rounding to 500.00).
    b = Benchmark(33333, "table", 50, Fraction(4), Fraction(400))
    assert high_threshold_fen(33333, Fraction(3, 2)) == 50000
    assert flags_of(50000, b) & Flag.HIGH
    assert not flags_of(49999, b) & Flag.HIGH


def test_low_exactly_at_point_three_times_average_and_one_fen_over():
    b = bench(12000)
    assert low_threshold_fen(1200000, Fraction(3, 10)) == 360000
    assert flags_of(360000, b) & Flag.LOW
    assert not flags_of(360001, b) & Flag.LOW
    # 0.3 × 333.33 = 99.999 yuan: 99.99 is LOW, 100.00 is not.
    odd = Benchmark(33333, "table", 50, Fraction(1), Fraction(100))
    assert flags_of(9999, odd) & Flag.LOW and not flags_of(10000, odd) & Flag.LOW


def test_long_stay_at_60_days_not_59():
    assert flags_of(1200000, los=60) & Flag.LONG_STAY
    assert not flags_of(1200000, los=59) & Flag.LONG_STAY


@pytest.mark.parametrize("mode, incomplete", [(1, False), (2, True), (3, False), (4, True), (5, True), (9, False)])
def test_incomplete_discharge_modes(mode, incomplete):
    assert bool(flags_of(1200000, mode=mode) & Flag.INCOMPLETE) is incomplete


@pytest.mark.parametrize("code, ungrouped", [
    ("", True), (None, True), ("0000", True), ("FMQY", True), ("fmqy", True), (" FM19 ", False), ("FM19", False),
    ("ZZ99", True)])
def test_ungrouped_codes(code, ungrouped):
    assert is_ungrouped_code(code, RULES, frozenset({"FM19"})) is ungrouped


def test_without_a_group_table_only_the_code_itself_decides():
    assert not is_ungrouped_code("ZZ99", RULES, None)


def test_ungrouped_case_has_no_high_or_low_and_no_small_group():
    flags = flags_of(99999999, Benchmark(None, "none", 0, None, None), ungrouped=True)
    assert flags == Flag.UNGROUPED


def test_small_group_under_five_cases():
    assert flags_of(1200000, bench(n=4)) & Flag.SMALL_GROUP
    assert not flags_of(1200000, bench(n=5)) & Flag.SMALL_GROUP


def test_group_paid_by_item_is_never_high_or_low():
    assert not flags_of(99999999, bench(payable=False)) & (Flag.HIGH | Flag.LOW)


def test_new_tech():
    assert flags_of(1200000, new_tech=True) & Flag.NEW_TECH
    assert not flags_of(1200000) & Flag.NEW_TECH


def test_fee_mismatch_is_more_than_one_yuan():
    assert not fee_mismatch(10000, [5000, 4900], 100)  # 1.00 yuan apart
    assert fee_mismatch(10000, [5000, 4899], 100)  # 1.01 yuan apart
    assert not fee_mismatch(10000, [None, None], 100)  # no categories given: nothing to compare
    assert flags_of(10000, fees_fen=(5000, 4899)) & Flag.FEE_MISMATCH


@pytest.mark.parametrize("sex, dx, proc, conflict", [
    (1, "O80.000", "", True),  # delivery on a man
    (2, "O80.000", "", False),
    (2, "N40.x00", "", True),  # prostate hyperplasia on a woman
    (1, "I21.000;N40.x00", "", False),
    (1, "I21.000", "74.1x00", True),  # caesarean section on a man
    (2, "I21.000", "60.2100", True),  # prostatectomy on a woman
    (1, "I21.000；c61.x00", "", False),
    (2, "I21.000，c61.x00", "", True),  # other diagnosis after a full-width separator, lower case
    (1, "D07.500", "", False), (2, "D07.500", "", True),  # D07.5 prostate; D07.0-3 female
    (9, "O80.000", "60.2100", False),  # sex unknown: nothing to compare against
])
def test_sex_conflict(sex, dx, proc, conflict):
    assert sex_conflict(sex, split_codes(dx), split_codes(proc), sex_codes()) is conflict


def test_readmission_within_fifteen_days_same_hospital_and_drg():
    def stay(key, admit, discharge, drg="FM19", hospital="H1", patient="P1"):
        return Stay(key, patient, hospital, drg, date.fromisoformat(admit), date.fromisoformat(discharge))

    later, prior = readmissions([
        stay(1, "2024-03-01", "2024-03-05"), stay(2, "2024-03-20", "2024-03-25"),  # 15 days: readmission
        stay(3, "2024-04-11", "2024-04-12"),  # 17 days after stay 2: not
        stay(4, "2024-03-06", "2024-03-07", drg="GB19"),  # other DRG
        stay(5, "2024-03-06", "2024-03-07", hospital="H2"),  # other hospital
        stay(6, "2024-03-06", "2024-03-07", patient="P2"),  # other patient
        stay(7, "2024-03-06", "2024-03-07", drg=None), stay(8, "2024-03-08", "2024-03-09", drg=None),  # not grouped
    ], 15)
    assert later == {2} and prior == {1}
    later, _ = readmissions([stay(1, "2024-03-01", "2024-03-05"), stay(2, "2024-03-21", "2024-03-25")], 15)
    assert later == set()  # 16 days


def test_several_flags_at_once():
    flags = flags_of(3600000, bench(n=3), los=61, mode=5, new_tech=True)
    assert codes_text(flags) == "HIGH;LONG_STAY;INCOMPLETE;SMALL_GROUP;NEW_TECH"


def test_explanation_says_why_high_fired():
    text = explain("HIGH", case={}, result={"total_cost_fen": 3850000, "avg_cost_fen": 1200000,
                                            "high_multiple": "3.0", "high_threshold_fen": 3600000})
    assert text == "费用 38,500.00 元 ≥ 3.0 × 均次费用 12,000.00 元 = 36,000.00 元"
    en = explain("LOW", case={}, result={"total_cost_fen": 300000, "avg_cost_fen": 1200000,
                                         "low_threshold_fen": 360000}, lang="en",
                 rules=rules_with(**{"low.multiple": "0.3"}))
    assert en == "Cost 3,000.00 yuan ≤ 0.3 × group average 12,000.00 yuan = 3,600.00 yuan"
    assert explain("LONG_STAY", case={"los": 61}, result={}) == "住院 61 天 ≥ 60 天"
