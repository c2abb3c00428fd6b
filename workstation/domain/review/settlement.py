"""What a decided special case is paid: the same point formulas as every case.

- pay by item with deductions (按项目付费): points = (cost − deductions) ÷ overall
  average cost × 100, the by-item formula of ``domain.points``; where the rules
  settle high-value consumables apart, their cost (less its own deduction) is
  paid at cost beside the points instead of converted into them;
- adjust the points (调整点数): the agreed points (an agreed amount is turned
  into points at the period's point value);
- keep the DRG payment (维持原支付): the case's computed points and payment.

Exact fractions throughout. By item, the amount comes first: the payment is the exact points
times the point value, rounded half-up to the fen once, so a deduction subtracts exactly in fen
(5,580.87 − 300.00 = 5,280.87 where the point value is the average cost's); the printed points
follow from that amount, rounded half-up to the rules' decimals. Rebuilding the amount from
points already rounded to 4 decimals was up to a fen off.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction

from workstation.domain.fields import FEE_KEYS, FEE_NAMES
from workstation.domain.messages import Text, UserError, named_choice
from workstation.domain.money import fen_to_yuan_text, round_fen
from workstation.domain.outliers import Benchmark
from workstation.domain.points import BY_ITEM, estimated_payment_fen, exact_points, round_half_up
from workstation.domain.rules import Rules

HIGH_VALUE = "fee_high_value"  # part of fee_material; may be settled apart
DEDUCTIBLE = (*FEE_KEYS, HIGH_VALUE)


class Method(StrEnum):
    BY_ITEM = "by_item"
    ADJUST_POINTS = "adjust_points"
    KEEP_DRG = "keep_drg"


METHOD_NAMES = {
    Method.BY_ITEM: Text("按项目付费（扣减后）", "pay by item with deductions"),
    Method.ADJUST_POINTS: Text("调整点数", "adjust the points"),
    Method.KEEP_DRG: Text("维持DRG支付", "keep the DRG payment"),
}


# The words hospitals' application forms use for the requested method (申请支付方式).
_METHOD_WORDS = {"按项目付费": Method.BY_ITEM, "调整支付标准": Method.ADJUST_POINTS, "维持原支付": Method.KEEP_DRG}


def parse_method(text: str) -> Method:
    method = named_choice(text, METHOD_NAMES)
    if method is None:
        method = _METHOD_WORDS.get(str(text or "").strip())
    if method is not None:
        return method
    raise UserError(f"未知的支付方式 {text!r}：应为 by_item、adjust_points 或 keep_drg。",
                    f"Unknown payment method {text!r}: use by_item, adjust_points or keep_drg.")


def parse_points(text: str) -> Fraction:
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0 or value > Decimal(10) ** 7:
        raise UserError(f"点数 {text!r} 无效：应为 0 到 10000000 之间的数。",
                        f"Points {text!r} are not valid: give a number from 0 to 10000000.")
    return Fraction(value)


@dataclass(frozen=True)
class CaseMoney:
    """What the settlement needs of one case and its computed result."""
    total_cost_fen: int
    fees_fen: Mapping[str, int | None]
    result_points: Fraction
    result_payment_fen: int
    overall_avg_cost_fen: int
    point_value: Fraction  # yuan per point


@dataclass(frozen=True)
class Settlement:
    method: Method
    points: Fraction  # rounded to the rules' decimals
    payment_fen: int  # points × point value, plus what is paid apart
    deductions_fen: int
    separate_fen: int  # high-value consumables paid at cost, outside the points


def check_deductions(deductions: Mapping[str, int], case: CaseMoney) -> None:
    """Each deduction names a fee category the case has (spent on) and stays within that spending.
    A case whose batch carried no fee breakdown at all cannot be checked by category (only
    against its total)."""
    has = [k for k in DEDUCTIBLE if case.fees_fen.get(k)]
    itemised = any(case.fees_fen.get(k) is not None for k in DEDUCTIBLE)
    for key, amount in deductions.items():
        if key not in DEDUCTIBLE:
            raise UserError(f"扣减项目 {key!r} 不是结算清单的费用类别。",
                            f"Deduction {key!r} is not a fee category of the settlement list.")
        spent = case.fees_fen.get(key)
        if itemised and not spent and amount:
            names = Text("、", ", ").join(Text(f"{k}（{FEE_NAMES[k].zh}）", f"{k} ({FEE_NAMES[k].en})")
                                          if k in FEE_NAMES else Text(k, k) for k in has) if has else Text("无", "none")
            names_zh, names_en = names.zh, names.en
            raise UserError(f"该病例没有 {key} 费用，不能从中扣减；它有的费用类别：{names_zh}。",
                            f"The case has no {key} fee to deduct from; the fee categories it has: {names_en}.")
        if amount < 0:
            raise UserError(f"{key} 的扣减金额不能为负数。", f"The deduction for {key} cannot be negative.")
        if spent is not None and amount > spent:
            raise UserError(f"{key} 扣减 {fen_to_yuan_text(amount)} 元，超过该项费用 {fen_to_yuan_text(spent)} 元。",
                            f"The deduction for {key} ({fen_to_yuan_text(amount)} yuan) exceeds that fee "
                            f"({fen_to_yuan_text(spent)} yuan).")
    if sum(deductions.values()) > case.total_cost_fen:
        raise UserError("扣减合计超过病例总费用。", "The deductions add up to more than the case's total cost.")


def settle(method: Method, case: CaseMoney, rules: Rules, *, high_value_apart: bool,
           deductions: Mapping[str, int] | None = None, points: Fraction | None = None,
           amount_fen: int | None = None) -> Settlement:
    deductions = dict(deductions or {})
    if method == Method.KEEP_DRG:
        return Settlement(method, case.result_points, case.result_payment_fen, 0, 0)
    if method == Method.ADJUST_POINTS:
        if points is None and amount_fen is not None:
            if not case.point_value:
                raise UserError("本结算期没有点值，无法把金额换算为点数：请给出点数。",
                                "The period has no point value to turn an amount into points: give points.")
            points = Fraction(amount_fen, 100) / case.point_value
        if points is None:
            raise UserError("调整点数需要给出点数或金额。", "Adjusting the points needs the points or an amount.")
        rounded = round_half_up(points, rules.points_decimals)
        return Settlement(method, rounded, estimated_payment_fen(rounded, case.point_value), 0, 0)
    check_deductions(deductions, case)
    separate = 0
    converted_cost = case.total_cost_fen
    if high_value_apart and (case.fees_fen.get(HIGH_VALUE) or 0) > 0:
        separate = int(case.fees_fen[HIGH_VALUE] or 0) - deductions.get(HIGH_VALUE, 0)
        converted_cost -= int(case.fees_fen[HIGH_VALUE] or 0)
    by_item_deductions = sum(v for k, v in deductions.items() if not (separate and k == HIGH_VALUE))
    no_benchmark = Benchmark(avg_cost_fen=None, source="none", n=0, weight=None, base_points=None,
                             payable_by_drg=False)
    exact = exact_points(BY_ITEM, converted_cost, no_benchmark, Fraction(1), rules, case.overall_avg_cost_fen,
                         deductions_fen=by_item_deductions)
    amount = round_fen(exact * case.point_value * 100)  # the exact amount first (see the module's note)
    rounded = round_half_up(exact, rules.points_decimals)
    payment = amount + round_fen(separate)
    return Settlement(method, rounded, payment, sum(deductions.values()), separate)
