"""Bounds for every number of the reference tables and the rules file.

A weight of 1e12 was accepted and the summary showed a 12-quadrillion-yuan payment; a weight of
1e15, a coefficient of 1e308 or a rules factor of 1e20 ended in an OverflowError. No real table
comes near these bounds (CHS-DRG weights are below 50, base points below 5,000, hospital
coefficients around 1, a group's payment standard below a million yuan), and within them every
product the engine forms fits its 64-bit integers. A value outside is refused with the bound
named, the row or key named by the caller.

| number | allowed |
|---|---|
| group weight (权重/RW) | above 0, at most 1000 |
| group base points (基准点数) | above 0, at most 100000 |
| group average cost / payment standard (均次费用/支付标准) | 0 to 10000000 yuan |
| group average stay (平均住院日) | above 0, at most 3650 days |
| hospital coefficient (差异系数) | above 0, at most 10 |
| rules multiples (high tiers, by level, low) | at most 100 |
| rules factors (extra points, readmission) | at most 10 |
| rules tier bounds (up_to, base points) | at most 100000 |
| rules amounts (point value, overall average cost, tolerance) | at most 10000000 yuan |
| rules whole numbers (days, cases) | at most 100000 |
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from workstation.domain.messages import Text, UserError


@dataclass(frozen=True)
class Bound:
    highest: int
    label: Text  # what the number is, in a message


WEIGHT = Bound(1000, Text("权重", "weight"))
BASE_POINTS = Bound(100_000, Text("基准点数", "base points"))
AVG_COST_YUAN = Bound(10_000_000, Text("均次费用", "average cost"))
AVG_LOS = Bound(3650, Text("平均住院日", "average stay"))
COEFFICIENT = Bound(10, Text("差异系数", "coefficient"))

# Rules keys -> their bound (by the key's last part); any other rules number: RULES_OTHER.
RULES_MULTIPLE = Bound(100, Text("倍数", "multiple"))
RULES_FACTOR = Bound(10, Text("系数", "factor"))
RULES_POINTS = Bound(100_000, Text("点数", "points"))
RULES_AMOUNT = Bound(10_000_000, Text("金额", "amount"))
RULES_OTHER = Bound(100_000, Text("数值", "number"))
_RULES_BY_NAME = {
    "multiple": RULES_MULTIPLE, "level_3": RULES_MULTIPLE, "level_2": RULES_MULTIPLE,
    "level_1": RULES_MULTIPLE, "unknown": RULES_MULTIPLE,
    "extra_points_factor": RULES_FACTOR, "points_factor": RULES_FACTOR,
    "up_to": RULES_POINTS,
    "tolerance": RULES_AMOUNT, "value": RULES_AMOUNT, "default": RULES_AMOUNT,
}


def beyond(bound: Bound, value: Decimal | Fraction | int | None) -> Text | None:
    """Why ``value`` is refused (above the bound), or None when it is within it (or absent)."""
    if value is None or value <= bound.highest:
        return None
    return Text("{label}“{value}”超出合理范围（不大于 {highest}），多半是数据有误",
                "{label} \"{value}\" is beyond any real value (at most {highest}); the data is likely wrong").format(
        label=bound.label, value=_shown(value), highest=f"{bound.highest:,}")


def group_row_refusal(weight: Decimal | None, base_points: Decimal | None, avg_los: Decimal | None,
                      avg_cost_fen: int | None) -> Text | None:
    """The first bound a group-table row breaks, or None."""
    return (beyond(WEIGHT, weight) or beyond(BASE_POINTS, base_points) or beyond(AVG_LOS, avg_los)
            or beyond(AVG_COST_YUAN, None if avg_cost_fen is None else Fraction(avg_cost_fen, 100)))


def rules_bound(key: str, *, whole: bool = False) -> Bound:
    """The bound of a rules key (``high.tiers[0].multiple``, ``point_value.periods.2024-03`` …)."""
    if key.startswith("point_value."):
        return RULES_AMOUNT
    return RULES_OTHER if whole else _RULES_BY_NAME.get(key.rsplit(".", 1)[-1], RULES_OTHER)


def _shown(value: Decimal | Fraction | int) -> str:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    text = str(value)
    return text if len(text) <= 24 else f"{Decimal(text):.3E}"


# Free text: every field a person types or a file brings has a stated maximum, refused on entry
# (command line, GUI and imported files alike) with the limit named. A 20,000-character reply
# made a numbered notice unprintable; no real reason, reply or name comes near these.
#
# | text | at most (characters) |
# |---|---|
# | reasons, replies, notes, comments, grounds, missing documents, statements, proposals | 2,000 |
# | names, titles, departments, display names, user names, specialties, series, bureau | 200 |
FREE_TEXT_CHARS = 2_000
NAME_CHARS = 200


@dataclass(frozen=True)
class TextBound:
    longest: int
    label: Text  # what the text is, in a message


REASON = TextBound(FREE_TEXT_CHARS, Text("理由", "reason"))
REPLY = TextBound(FREE_TEXT_CHARS, Text("答复", "reply"))
NOTE = TextBound(FREE_TEXT_CHARS, Text("说明", "note"))
COMMENT = TextBound(FREE_TEXT_CHARS, Text("意见", "comment"))
GROUNDS = TextBound(FREE_TEXT_CHARS, Text("申诉理由", "grounds"))
MISSING = TextBound(FREE_TEXT_CHARS, Text("需补充的材料", "missing documents"))
STATEMENT = TextBound(FREE_TEXT_CHARS, Text("申报理由", "statement"))
DOCUMENTS = TextBound(FREE_TEXT_CHARS, Text("申报材料", "documents"))
PROPOSAL = TextBound(FREE_TEXT_CHARS, Text("方案说明", "proposal text"))
USER_NAME = TextBound(NAME_CHARS, Text("用户名", "user name"))
DISPLAY_NAME = TextBound(NAME_CHARS, Text("姓名", "display name"))
PERSON_NAME = TextBound(NAME_CHARS, Text("姓名", "name"))
SPECIALTY = TextBound(NAME_CHARS, Text("专业", "specialty"))
TITLE = TextBound(NAME_CHARS, Text("名称", "title"))
DEPARTMENT = TextBound(NAME_CHARS, Text("科室", "department"))
HOSPITAL_NAME = TextBound(NAME_CHARS, Text("机构名称", "hospital name"))
GROUP_NAME = TextBound(NAME_CHARS, Text("DRG 名称", "DRG name"))
SETTING = TextBound(NAME_CHARS, Text("设置", "setting"))


def too_long(bound: TextBound, value: str | None) -> Text | None:
    """Why ``value`` is refused (longer than the bound), or None when it fits."""
    if value is None or len(value) <= bound.longest:
        return None
    return Text("{label}过长：{n:,} 个字符，最多 {longest:,} 个字符",
                "the {label} is too long: {n:,} characters, at most {longest:,}").format(
        label=bound.label, n=len(value), longest=bound.longest)


def check_text(bound: TextBound, value: str | None) -> None:
    """Refuse ``value`` when it is longer than ``bound`` (a UserError naming the limit)."""
    reason = too_long(bound, value)
    if reason is not None:
        raise UserError(reason.zh + "。", reason.en[0].upper() + reason.en[1:] + ".")


def check_texts(*fields: tuple[TextBound, str | None]) -> None:
    """``check_text`` for each (bound, value): one line at the top of a service."""
    for bound, value in fields:
        check_text(bound, value)
