"""Settling a decided case by the point formulas, cycle deadlines in working days, accounts."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest

from workstation.domain.accounts import SignInState, hash_password, password_matches
from workstation.domain.messages import UserError
from workstation.domain.review.calendar import cycle_of, is_overdue, settlement_deadline
from workstation.domain.review.policy import parse_reason, review_policy
from workstation.domain.review.settlement import CaseMoney, Method, settle
from workstation.domain.rules import default_rules

RULES = default_rules()
POLICY = review_policy(RULES)
CASE = CaseMoney(total_cost_fen=10_000_000, fees_fen={"fee_material": 4_000_000, "fee_high_value": 3_000_000,
                                                      "fee_western": 2_000_000},
                 result_points=Fraction(250), result_payment_fen=2_500_000, overall_avg_cost_fen=1_000_000,
                 point_value=Fraction(100))


def test_by_item_with_deductions_and_high_value_consumables_apart():
    # (100,000 − 3,000 deducted from drugs − 30,000 consumables paid apart) ÷ 10,000 × 100 = 670 points;
    # 670 × 100 yuan + (30,000 − 1,000 deducted) yuan = 96,000 yuan.
    s = settle(Method.BY_ITEM, CASE, RULES, high_value_apart=True,
               deductions={"fee_western": 300_000, "fee_high_value": 100_000})
    assert s.points == 670 and s.separate_fen == 2_900_000 and s.payment_fen == 9_600_000
    assert s.deductions_fen == 400_000


def test_by_item_without_settling_apart_is_the_plain_formula():
    s = settle(Method.BY_ITEM, CASE, RULES, high_value_apart=False, deductions={"fee_western": 300_000})
    assert s.points == 970 and s.payment_fen == 9_700_000 and s.separate_fen == 0


def test_adjusted_points_from_an_amount_and_kept_drg_payment():
    s = settle(Method.ADJUST_POINTS, CASE, RULES, high_value_apart=True, amount_fen=3_333_333)
    assert s.points == Fraction("333.3333") and s.payment_fen == 3_333_333
    assert settle(Method.KEEP_DRG, CASE, RULES, high_value_apart=True).payment_fen == 2_500_000


def test_deductions_are_checked_against_the_case():
    with pytest.raises(UserError):
        settle(Method.BY_ITEM, CASE, RULES, high_value_apart=False, deductions={"fee_western": 2_000_001})
    with pytest.raises(UserError):
        settle(Method.BY_ITEM, CASE, RULES, high_value_apart=False, deductions={"fee_made_up": 1})


def test_cycles_and_working_day_deadlines():
    assert cycle_of(date(2024, 9, 3), "month") == "2024-09"
    assert cycle_of(date(2024, 9, 3), "quarter") == "2024Q3"
    # September 2024 closes on a Monday; 1-7 October are holidays and Saturday 12 October is worked.
    assert settlement_deadline("2024-09", POLICY) == date(2024, 11, 15)
    assert not is_overdue("2024-09", date(2024, 11, 15), POLICY)
    assert is_overdue("2024-09", date(2024, 11, 16), POLICY)


def test_reasons_by_code_or_chinese_name():
    assert parse_reason("复杂危重症", POLICY) == "CRITICAL"
    assert parse_reason("long_stay", POLICY) == "LONG_STAY"
    assert parse_reason("新药耗新技术", POLICY) == parse_reason("使用新药耗新技术", POLICY) == "NEW_TECH"  # formats.md §4
    with pytest.raises(UserError) as refused:
        parse_reason("便宜", POLICY)
    assert "LONG_STAY 住院时间长" in refused.value.text.zh


def test_passwords_are_salted_scrypt_and_lock_after_five_failures():
    stored = hash_password("correct horse")
    assert stored.startswith("scrypt$") and stored != hash_password("correct horse")
    assert password_matches("correct horse", stored) and not password_matches("wrong", stored)
    now = datetime(2025, 1, 1, 9, 0)
    state = SignInState(0, None)
    for _ in range(4):
        state = state.after_failure(now)
    assert not state.locked_at(now)
    state = state.after_failure(now)
    assert state.locked_at(now + timedelta(minutes=14)) and not state.locked_at(now + timedelta(minutes=15))


def test_by_item_deduction_subtracts_exactly_in_fen():
    # The point value is the average cost's (avg / 100 per point): by item pays the cost itself.
    # 5,580.87 ÷ 20,000 × 100 = 27.904350 points; rounded to 27.9044 and times 200 yuan that was
    # 5,580.88, and 5,280.88 after a 300.00 deduction: the amount must come before the rounding.
    case = CaseMoney(total_cost_fen=558_087, fees_fen={"fee_western": 300_000, "fee_treatment": 258_087},
                     result_points=Fraction(50), result_payment_fen=500_000, overall_avg_cost_fen=2_000_000,
                     point_value=Fraction(2_000_000, 10_000))
    before = settle(Method.BY_ITEM, case, RULES, high_value_apart=False)
    after = settle(Method.BY_ITEM, case, RULES, high_value_apart=False, deductions={"fee_western": 30_000})
    assert before.payment_fen == 558_087 and after.payment_fen == 528_087
    assert before.payment_fen - after.payment_fen == 30_000


def test_a_deduction_from_a_fee_the_case_does_not_have_names_the_ones_it_has():
    with pytest.raises(UserError) as refused:
        settle(Method.BY_ITEM, CASE, RULES, high_value_apart=False, deductions={"fee_nursing": 100})
    assert "fee_western" in refused.value.text.en and "fee_material" in refused.value.text.zh
    assert "fee_nursing" in refused.value.text.en
