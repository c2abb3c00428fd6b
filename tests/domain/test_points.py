"""Points (点数法) and estimated payment of one case: a worked example for every formula."""
from __future__ import annotations

from fractions import Fraction

import pytest

from workstation.domain.flags import Flag
from workstation.domain.outliers import Benchmark
from workstation.domain.points import (
    BY_ITEM,
    HIGH,
    INCOMPLETE,
    LOW,
    NORMAL,
    estimated_payment_fen,
    exact_points,
    payment_basis,
    point_value_yuan,
    round_half_up,
)
from workstation.domain.rules import default_rules, rules_with

RULES = default_rules()


def bench(avg_yuan: int, base: str, payable: bool = True) -> Benchmark:
    return Benchmark(avg_yuan * 100, "table", 50, Fraction(base) / 100, Fraction(base), payable)


def test_normal_case_is_base_times_coefficient():
    # 120 points × 1.05 = 126 points; at 100.00 yuan a point: 12,600.00 yuan
    points = exact_points(NORMAL, 1100000, bench(12000, "120"), Fraction("1.05"), RULES, 1000000)
    assert points == 126
    assert estimated_payment_fen(round_half_up(points, 4), Fraction(100)) == 1260000


def test_low_case_is_pro_rated_by_cost():
    # 120 × 1.0 × 3,000 / 12,000 = 30 points
    assert exact_points(LOW, 300000, bench(12000, "120"), Fraction(1), RULES, 1000000) == 30


def test_incomplete_case_never_earns_more_than_the_base_points():
    # 120 × 1.5 × 11,000 / 12,000 = 165 > 120: capped at 120
    assert exact_points(INCOMPLETE, 1100000, bench(12000, "120"), Fraction("1.5"), RULES, 1000000) == 120
    # under the cap it is pro-rated: 120 × 1.5 × 4,000 / 12,000 = 60
    assert exact_points(INCOMPLETE, 400000, bench(12000, "120"), Fraction("1.5"), RULES, 1000000) == 60


def test_high_case_earns_extra_points_for_the_cost_above_k():
    # base 80 (k = 3), cost 38,500 / average 10,000 = 3.85: 80 + (3.85 − 3) × 80 = 148
    b = bench(10000, "80")
    assert exact_points(HIGH, 3850000, b, Fraction(1), RULES, 1000000, Fraction(3)) == 148
    # coefficient 1.1 scales the base part only: 88 + 68 = 156
    assert exact_points(HIGH, 3850000, b, Fraction("1.1"), RULES, 1000000, Fraction(3)) == 156
    # a region paying half the excess: 80 + 0.5 × 68 = 114
    half = rules_with(**{"high.extra_points_factor": "0.5"})
    assert exact_points(HIGH, 3850000, b, Fraction(1), half, 1000000, Fraction(3)) == 114


def test_paid_by_item_converts_cost_by_the_overall_average():
    # 15,000 / 10,000 × 100 = 150 points
    assert exact_points(BY_ITEM, 1500000, Benchmark(None, "none", 0, None, None), Fraction(1), RULES, 1000000) == 150


def test_earlier_stay_of_a_readmission_is_scaled_by_the_factor():
    zhejiang = rules_with(**{"readmission.points_factor": "0.5"})
    b = bench(12000, "120")
    assert exact_points(NORMAL, 1200000, b, Fraction(1), zhejiang, 1000000, readmit_prior=True) == 60
    assert exact_points(NORMAL, 1200000, b, Fraction(1), RULES, 1000000, readmit_prior=True) == 120


def test_points_round_half_up_to_four_decimals():
    assert round_half_up(Fraction(100, 3), 4) == Fraction("33.3333")
    assert round_half_up(Fraction(200, 3), 4) == Fraction("66.6667")
    assert round_half_up(Fraction("0.00005"), 4) == Fraction("0.0001")
    assert round_half_up(Fraction("0.000049999"), 4) == 0


def test_payment_is_rounded_points_times_point_value_half_up_to_the_fen():
    assert estimated_payment_fen(Fraction(148), Fraction("85.50")) == 1265400
    assert estimated_payment_fen(Fraction("33.3333"), Fraction(1)) == 3333
    assert estimated_payment_fen(Fraction("0.005"), Fraction(1)) == 1  # half a fen rounds up


def test_point_value_sources():
    assert point_value_yuan(RULES, "2024-03", 1234567) == (Fraction(1234567, 10000), "overall_avg_cost/100")
    regional = rules_with(**{"point_value.default": "85.50", "point_value.periods": {"2024-03": "90.10"}})
    assert point_value_yuan(regional, "2024-03", 1) == (Fraction("90.10"), "rules.period")
    assert point_value_yuan(regional, "2024-04", 1) == (Fraction("85.50"), "rules.default")


@pytest.mark.parametrize("flags, expected", [
    (Flag(0), NORMAL),
    (Flag.HIGH | Flag.INCOMPLETE, HIGH),  # a high-cost case that died keeps its extra points
    (Flag.LOW | Flag.INCOMPLETE, LOW),
    (Flag.INCOMPLETE, INCOMPLETE),
    (Flag.UNGROUPED | Flag.INCOMPLETE, BY_ITEM),
    (Flag.LONG_STAY | Flag.NEW_TECH | Flag.READMIT, NORMAL),  # audit flags do not change the payment
])
def test_precedence_by_default(flags, expected):
    assert payment_basis(flags, bench(12000, "120"), RULES) == expected


def test_precedence_from_a_region_file():
    rules = rules_with(**{"precedence.order": ["INCOMPLETE", "UNGROUPED", "HIGH", "LOW"]})
    assert payment_basis(Flag.HIGH | Flag.INCOMPLETE, bench(12000, "120"), rules) == INCOMPLETE


def test_group_paid_by_item_whatever_its_flags():
    assert payment_basis(Flag.INCOMPLETE, bench(12000, "120", payable=False), RULES) == BY_ITEM


def test_points_are_explained_for_the_case_detail_screen():
    from workstation.domain.points import explain_points

    high = {"payment_basis": "HIGH", "base_points": 80.0, "coefficient": 1.0, "high_multiple": "3.0",
            "total_cost_fen": 3850000, "avg_cost_fen": 1000000, "points": 148.0, "flags": 1}
    assert explain_points(high) == ("高倍率：基准点数 80 × 差异系数 1 + 1 × (费用 38,500.00 ÷ 均次费用 10,000.00 − 3.0)"
                                    " × 80 = 148 点")
    normal = {"payment_basis": "NORMAL", "base_points": 120.0, "coefficient": 1.05, "points": 63.0, "flags": 1024}
    zhejiang = rules_with(**{"readmission.points_factor": "0.5"})
    assert explain_points(normal, "en", zhejiang) == "Normal: (base 120 × coefficient 1.05) × 0.5 = 63 points"
    low = {"payment_basis": "LOW", "base_points": 120.0, "coefficient": 1.0, "total_cost_fen": 300000,
           "avg_cost_fen": 1200000, "points": 30.0, "flags": 2}
    assert explain_points(low) == "低倍率：min(基准点数 120 × 差异系数 1 × 费用 3,000.00 ÷ 均次费用 12,000.00, 120) = 30 点"
