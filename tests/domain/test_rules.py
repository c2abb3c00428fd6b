"""The rules file: defaults as domain.md states them, region overrides of every parameter,
and clear messages naming the key and the value when a file is wrong."""
from __future__ import annotations

from fractions import Fraction

import pytest

from workstation.domain.messages import UserError
from workstation.domain.rules import default_rules, rules_with


def test_defaults_are_those_of_the_domain_spec():
    rules = default_rules()
    assert rules.high_basis == "base_points"
    assert [(t.up_to, t.multiple) for t in rules.high_tiers] == [
        (Fraction(100), Fraction(3)), (Fraction(300), Fraction(2)), (None, Fraction(3, 2))]
    assert rules.high_by_level[3][0] == 3 and rules.high_by_level[2][0] == 2 and rules.high_by_level[1][0] == 2
    assert rules.low_multiple == Fraction(3, 10)
    assert rules.long_stay_days == 60
    assert rules.incomplete_modes == {2, 4, 5}
    assert rules.ungrouped_codes == {"", "0000"} and rules.ungrouped_suffixes == ("QY",)
    assert rules.small_group_min_cases == 5
    assert rules.special_case_cap == Fraction(5, 100)
    assert rules.readmit_window_days == 15 and rules.readmit_points_factor == 1
    assert rules.fee_mismatch_tolerance_fen == 100
    assert rules.overall_avg_cost_fen is None and rules.point_value_default is None
    assert rules.precedence == ("UNGROUPED", "HIGH", "LOW", "INCOMPLETE")
    assert rules.high_extra_factor == 1 and rules.points_decimals == 4


@pytest.mark.parametrize("key, value, attribute, expected", [
    ("high.basis", "hospital_level", "high_basis", "hospital_level"),
    ("high.extra_points_factor", "0.8", "high_extra_factor", Fraction(4, 5)),
    ("low.multiple", "0.4", "low_multiple", Fraction(2, 5)),
    ("long_stay.days", 30, "long_stay_days", 30),
    ("incomplete.discharge_modes", [2, 5], "incomplete_modes", frozenset({2, 5})),
    ("ungrouped.codes", ["", "0000", "9999"], "ungrouped_codes", frozenset({"", "0000", "9999"})),
    ("ungrouped.suffixes", ["QY", "ZZ"], "ungrouped_suffixes", ("QY", "ZZ")),
    ("ungrouped.not_in_group_table", False, "ungrouped_not_in_table", False),
    ("small_group.min_cases", 10, "small_group_min_cases", 10),
    ("special_case.cap", "0.005", "special_case_cap", Fraction(5, 1000)),
    ("readmission.window_days", 30, "readmit_window_days", 30),
    ("readmission.points_factor", "0.5", "readmit_points_factor", Fraction(1, 2)),
    ("fee_mismatch.tolerance", "5.00", "fee_mismatch_tolerance_fen", 500),
    ("overall_avg_cost.value", "15000.00", "overall_avg_cost_fen", 1500000),
    ("point_value.default", "85.50", "point_value_default", Fraction(171, 2)),
    ("point_value.periods", {"2024-3": "90.00"}, "point_value_by_period", {"2024-03": Fraction(90)}),
    ("precedence.order", ["HIGH", "UNGROUPED", "INCOMPLETE", "LOW"], "precedence",
     ("HIGH", "UNGROUPED", "INCOMPLETE", "LOW")),
    ("points.decimals", 2, "points_decimals", 2),
    ("ruleset.name", "杭州 2020", "name", "杭州 2020"),
])
def test_a_region_overrides_each_parameter(key, value, attribute, expected):
    assert getattr(rules_with(**{key: value}), attribute) == expected


def test_a_region_replaces_the_tiers_and_the_level_multiples():
    rules = rules_with(**{"high.tiers": [{"up_to": "200", "multiple": "2.5"}, {"multiple": "1.8"}],
                          "high.by_level.level_1": "1.5"})
    assert rules.high_multiple_for(Fraction(200), None) == (Fraction(5, 2), "2.5")
    assert rules.high_multiple_for(Fraction(201), None) == (Fraction(9, 5), "1.8")
    assert rules.high_by_level[1] == (Fraction(3, 2), "1.5")


@pytest.mark.parametrize("key, value, fragment", [
    ("low.multiple", "abc", "不是小数"),
    ("low.multiple", 0.3, "引号"),
    ("low.multiple", "-0.3", "必须大于 0"),
    ("readmission.points_factor", "-1", "不能为负数"),
    ("low.multiple", "3.5", "低倍率倍数必须小于"),
    ("high.basis", "level", "base_points 或 hospital_level"),
    ("long_stay.days", 0, "整数"),
    ("incomplete.discharge_modes", [2, 7], "离院方式"),
    ("precedence.order", ["HIGH", "LOW"], "UNGROUPED"),
    ("fee_mismatch.tolerance", "1.005", "2 位小数"),
    ("special_case.cap", "1.5", "不能大于 1"),
    ("point_value.periods", {"March": "80"}, "结算期"),
    ("high.tiers", [{"multiple": "3.0"}, {"up_to": "300", "multiple": "2.0"}], "最后一档"),
    ("high.tiers", [{"up_to": "300", "multiple": "3.0"}, {"up_to": "100", "multiple": "2.0"}, {"multiple": "1.5"}],
     "递增"),
])
def test_a_bad_value_is_refused_with_its_key_and_value(key, value, fragment):
    with pytest.raises(UserError) as caught:
        rules_with(**{key: value})
    assert key.split(".")[0] in caught.value.text.zh and fragment in caught.value.text.zh
    assert key.split(".")[0] in caught.value.text.en


def test_an_unknown_key_is_refused_not_ignored():
    with pytest.raises(UserError) as caught:
        rules_with(**{"low.multipel": "0.4"})
    assert "low.multipel" in caught.value.text.zh and "spelling" in caught.value.text.en
