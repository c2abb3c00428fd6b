"""The rules of the outlier and points engine, read from a TOML rules file.

``resources/rules/default.toml`` holds every parameter with its source; a
region's file is merged over it (``merge_rules``) and the result validated
into a frozen ``Rules``. Every multiple and amount is kept exact as a
``Fraction`` (and as the text the administrator wrote, for display).
"""
from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Any

from workstation.domain.bounds import beyond, rules_bound
from workstation.domain.messages import UserError
from workstation.paths import resource

DEFAULT_RULES_PATH = resource("rules", "default.toml")
PRECEDENCE_CODES = frozenset({"UNGROUPED", "HIGH", "LOW", "INCOMPLETE"})
HIGH_BASES = ("base_points", "hospital_level")


@dataclass(frozen=True)
class HighTier:
    up_to: Fraction | None  # inclusive upper bound of base points; None = no bound
    multiple: Fraction
    multiple_text: str


@dataclass(frozen=True)
class Rules:
    name: str
    high_basis: str
    high_tiers: tuple[HighTier, ...]
    high_by_level: dict[int | None, tuple[Fraction, str]]  # level (None = unknown) -> (k, text)
    high_extra_factor: Fraction
    low_multiple: Fraction
    low_multiple_text: str
    long_stay_days: int
    incomplete_modes: frozenset[int]
    ungrouped_codes: frozenset[str]
    ungrouped_suffixes: tuple[str, ...]
    ungrouped_not_in_table: bool
    small_group_min_cases: int
    special_case_cap: Fraction
    readmit_window_days: int
    readmit_points_factor: Fraction
    readmit_points_factor_text: str
    fee_mismatch_tolerance_fen: int
    overall_avg_cost_fen: int | None
    point_value_default: Fraction | None  # yuan per point
    point_value_by_period: dict[str, Fraction]
    precedence: tuple[str, ...]
    points_decimals: int
    raw: dict  # the merged TOML document these rules were read from
    # [group_table]; defaults for rule sets stored before these keys existed.
    review_attributes: frozenset[str] = frozenset({"single_review"})
    base_group_same_payment: bool = True
    max_rejected_share: Fraction = Fraction(1, 50)
    # [recalibration] and [opinions]; defaults for rule sets stored before these keys existed.
    recalibration_threshold: Fraction = Fraction(1, 10)
    recalibration_min_cases: int = 30
    recalibration_trim_flags: tuple[str, ...] = ("HIGH", "LOW", "LONG_STAY", "INCOMPLETE", "NEW_TECH")
    recalibration_decimals: int = 4
    opinion_answer_days: int = 15
    # Not a rules-file key: the per-case columns the recompute needs read beyond the usual ones
    # (hospital_level, insurance_type when the group table splits by them). It travels with the
    # rules to the read helper process, which builds the query from them.
    case_columns: tuple[str, ...] = ()

    def high_multiple_for(self, base_points: Fraction | None, level: int | None) -> tuple[Fraction, str] | None:
        """k for HIGH, as (exact value, text written in the rules); None when it cannot apply."""
        if self.high_basis == "hospital_level":
            return self.high_by_level.get(level, self.high_by_level[None])
        if base_points is None:
            return None
        for tier in self.high_tiers:
            if tier.up_to is None or base_points <= tier.up_to:
                return tier.multiple, tier.multiple_text
        raise AssertionError("validated rules always end with an unbounded tier")

    def point_value_yuan(self, period: str) -> Fraction | None:
        """The point value set for ``period`` (or the default); None = derive from the overall average."""
        return self.point_value_by_period.get(period, self.point_value_default)


def _bad(key: str, value: Any, zh_hint: str, en_hint: str) -> UserError:
    return UserError(f"规则文件中 {key} 的值 {value!r} 无效：{zh_hint}。请改正规则文件后重新加载。",
                     f"Rules file: {key} = {value!r} is not valid: {en_hint}. Fix the rules file and load it again.")


def _decimal(doc: dict, key: str, *, positive: bool = False, max_places: int | None = None) -> tuple[Fraction, str]:
    """A decimal the rules require (never empty)."""
    value, text = _optional_decimal(doc, key, positive=positive, max_places=max_places)
    assert value is not None  # without allow_empty, _optional_decimal refuses an empty value
    return value, text


def _optional_decimal(doc: dict, key: str, *, allow_empty: bool = False, positive: bool = False,
             max_places: int | None = None) -> tuple[Fraction | None, str]:
    value = _get(doc, key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _bad(key, value, "应为用引号括起的小数文本，如 \"3.0\"", 'write a decimal in quotes, such as "3.0"')
    text = value.strip()
    if text == "" and allow_empty:
        return None, ""
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise _bad(key, value, "不是小数", "not a decimal number")
    if number < 0 or (positive and number == 0):
        raise _bad(key, value, "必须大于 0" if positive else "不能为负数",
                   "must be greater than 0" if positive else "must not be negative")
    if max_places is not None and -int(number.as_tuple().exponent) > max_places:
        raise _bad(key, value, f"最多 {max_places} 位小数", f"at most {max_places} decimals")
    refusal = beyond(rules_bound(key), number)  # 1e20 overflowed the engine's integers
    if refusal is not None:
        raise _bad(key, value, refusal.zh, refusal.en)
    return Fraction(number), text


def _int(doc: dict, key: str, minimum: int) -> int:
    value = _get(doc, key)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise _bad(key, value, f"应为不小于 {minimum} 的整数", f"must be a whole number >= {minimum}")
    refusal = beyond(rules_bound(key, whole=True), value)
    if refusal is not None:
        raise _bad(key, value, refusal.zh, refusal.en)
    return value


def _get(doc: dict, key: str) -> Any:
    node: Any = doc
    for part in key.split("."):
        node = node[part]
    return node


def _str_list(doc: dict, key: str) -> list[str]:
    value = _get(doc, key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(key, value, "应为文本列表", "must be a list of texts")
    return value


def _parse_high(doc: dict) -> tuple[tuple[HighTier, ...], dict]:
    tiers_doc = _get(doc, "high.tiers")
    if not isinstance(tiers_doc, list) or not tiers_doc:
        raise _bad("high.tiers", tiers_doc, "应为至少一档的列表", "must be a non-empty list of tiers")
    tiers: list[HighTier] = []
    for i, tier in enumerate(tiers_doc):
        key = f"high.tiers[{i}]"
        if not isinstance(tier, dict) or set(tier) - {"up_to", "multiple"} or "multiple" not in tier:
            raise _bad(key, tier, "每档应为 { up_to = \"100\", multiple = \"3.0\" }",
                       'each tier is { up_to = "100", multiple = "3.0" }')
        named = {"high": {f"tiers[{i}]": tier}}  # so that a message names the key in full
        multiple, text = _decimal(named, f"{key}.multiple", positive=True)
        up_to = None
        if "up_to" in tier:
            up_to, _ = _decimal(named, f"{key}.up_to")
            if tiers and tiers[-1].up_to is not None and up_to <= tiers[-1].up_to:
                raise _bad(key, tier, "各档上限应递增", "tier bounds must increase")
        elif i != len(tiers_doc) - 1:
            raise _bad(key, tier, "只有最后一档可以不设上限", "only the last tier may have no up_to")
        tiers.append(HighTier(up_to, multiple, text))
    if tiers[-1].up_to is not None:
        raise _bad("high.tiers", tiers_doc, "最后一档不能设上限", "the last tier must have no up_to")
    levels: dict[int | None, tuple[Fraction, str]] = {}
    for name, level in (("level_3", 3), ("level_2", 2), ("level_1", 1), ("unknown", None)):
        value, text = _decimal(doc, f"high.by_level.{name}", positive=True)
        levels[level] = (value, text)
    return tuple(tiers), levels


def rules_from_document(doc: dict) -> Rules:
    """Validate a merged rules document; a bad value raises a UserError naming the key."""
    basis = _get(doc, "high.basis")
    if basis not in HIGH_BASES:
        raise _bad("high.basis", basis, "应为 base_points 或 hospital_level",
                   "must be base_points or hospital_level")
    tiers, levels = _parse_high(doc)
    low, low_text = _decimal(doc, "low.multiple", positive=True)
    smallest_high = min([t.multiple for t in tiers] + [v for v, _ in levels.values()])
    if low >= smallest_high or smallest_high < 1:
        raise _bad("low.multiple", low_text, "低倍率倍数必须小于所有高倍率倍数（高倍率倍数不小于 1）",
                   "the low multiple must be below every high multiple (and those at least 1)")
    modes = _get(doc, "incomplete.discharge_modes")
    if not isinstance(modes, list) or not all(isinstance(m, int) and m in (1, 2, 3, 4, 5, 9) for m in modes):
        raise _bad("incomplete.discharge_modes", modes, "应为离院方式代码列表（1/2/3/4/5/9）",
                   "must be a list of discharge mode codes (1/2/3/4/5/9)")
    order = _str_list(doc, "precedence.order")
    if sorted(order) != sorted(PRECEDENCE_CODES):
        raise _bad("precedence.order", order, "应恰好包含 UNGROUPED、HIGH、LOW、INCOMPLETE 各一次",
                   "must list UNGROUPED, HIGH, LOW and INCOMPLETE once each")
    not_in_table = _get(doc, "ungrouped.not_in_group_table")
    if not isinstance(not_in_table, bool):
        raise _bad("ungrouped.not_in_group_table", not_in_table, "应为 true 或 false", "must be true or false")
    name = _get(doc, "ruleset.name")
    if not isinstance(name, str) or not name.strip():
        raise _bad("ruleset.name", name, "规则名称不能为空", "the rules need a name")
    tolerance, _ = _decimal(doc, "fee_mismatch.tolerance", max_places=2)
    overall, _ = _optional_decimal(doc, "overall_avg_cost.value", allow_empty=True, positive=True, max_places=2)
    point_default, _ = _optional_decimal(doc, "point_value.default", allow_empty=True, positive=True)
    by_period = {}
    periods_doc = _get(doc, "point_value.periods")
    if not isinstance(periods_doc, dict):
        raise _bad("point_value.periods", periods_doc, "应为 结算期 = \"点值\" 的表", 'must be a table of period = "value"')
    from workstation.domain.periods import PeriodError, normalise_period

    for period, _value in periods_doc.items():
        try:
            label = normalise_period(period)
        except PeriodError:
            raise _bad(f"point_value.periods.{period}", period, "结算期应写作 2024-03、2024Q1、2024H1 或 2024",
                       "a period is written 2024-03, 2024Q1, 2024H1 or 2024") from None
        by_period[label], _ = _decimal(periods_doc, period, positive=True)
    cap, _ = _decimal(doc, "special_case.cap")
    if cap > 1:
        raise _bad("special_case.cap", _get(doc, "special_case.cap"), "比例不能大于 1", "a share cannot exceed 1")
    factor, factor_text = _decimal(doc, "readmission.points_factor")
    return Rules(
        name=name.strip(), high_basis=basis, high_tiers=tiers, high_by_level=levels,
        high_extra_factor=_decimal(doc, "high.extra_points_factor")[0],
        low_multiple=low, low_multiple_text=low_text,
        long_stay_days=_int(doc, "long_stay.days", 1),
        incomplete_modes=frozenset(modes),
        ungrouped_codes=frozenset(c.strip().upper() for c in _str_list(doc, "ungrouped.codes")),
        ungrouped_suffixes=tuple(s.strip().upper() for s in _str_list(doc, "ungrouped.suffixes") if s.strip()),
        ungrouped_not_in_table=not_in_table,
        small_group_min_cases=_int(doc, "small_group.min_cases", 0),
        special_case_cap=cap,
        readmit_window_days=_int(doc, "readmission.window_days", 0),
        readmit_points_factor=factor, readmit_points_factor_text=factor_text,
        fee_mismatch_tolerance_fen=int(tolerance * 100),
        overall_avg_cost_fen=None if overall is None else int(overall * 100),
        point_value_default=point_default, point_value_by_period=by_period,
        precedence=tuple(order),
        points_decimals=_points_decimals(doc),
        raw=doc,
        **_group_table(doc),
        **_recalibration(doc),
    )


GROUP_ATTRIBUTES = ("single_review", "unstable", "tcm_advantage", "base_group")


def _group_table(doc: dict) -> dict[str, Any]:
    """[group_table]; a rule set stored before it existed keeps the defaults."""
    section = doc.get("group_table")
    if section is None:
        return {}
    attributes = _str_list(doc, "group_table.review_attributes")
    unknown = [a for a in attributes if a not in GROUP_ATTRIBUTES]
    if unknown:
        raise _bad("group_table.review_attributes", unknown, "可用属性为 " + "、".join(GROUP_ATTRIBUTES),
                   "the attributes are " + ", ".join(GROUP_ATTRIBUTES))
    same = _get(doc, "group_table.base_group_same_payment")
    if not isinstance(same, bool):
        raise _bad("group_table.base_group_same_payment", same, "应为 true 或 false", "must be true or false")
    share, _ = _decimal(doc, "group_table.max_rejected_share")
    if share > 1:
        raise _bad("group_table.max_rejected_share", share, "比例不能大于 1", "a share cannot exceed 1")
    return {"review_attributes": frozenset(attributes), "base_group_same_payment": same,
            "max_rejected_share": share}


def _recalibration(doc: dict) -> dict[str, Any]:
    """[recalibration] and [opinions]; a rule set stored before they existed keeps the defaults."""
    values: dict[str, Any] = {}
    if doc.get("recalibration") is not None:
        threshold, _ = _decimal(doc, "recalibration.threshold", positive=True)
        if threshold >= 1:
            raise _bad("recalibration.threshold", _get(doc, "recalibration.threshold"), "应小于 1（如 0.10 即 10%）",
                       "must be below 1 (0.10 = 10%)")
        from workstation.domain.flags import FLAGS_BY_CODE

        flags = [f.strip().upper() for f in _str_list(doc, "recalibration.trim_flags")]
        unknown = [f for f in flags if f not in FLAGS_BY_CODE]
        if unknown:
            raise _bad("recalibration.trim_flags", unknown, "不是已知的标记代码", "not known flag codes")
        decimals = _int(doc, "recalibration.decimals", 0)
        if decimals > 6:
            raise _bad("recalibration.decimals", decimals, "应为 0 到 6", "must be 0 to 6")
        values.update(recalibration_threshold=threshold,
                      recalibration_min_cases=_int(doc, "recalibration.min_cases", 1),
                      recalibration_trim_flags=tuple(flags), recalibration_decimals=decimals)
    if doc.get("opinions") is not None:
        values["opinion_answer_days"] = _int(doc, "opinions.answer_days", 1)
    return values


def _points_decimals(doc: dict) -> int:
    decimals = _int(doc, "points.decimals", 0)
    if decimals > 6:
        raise _bad("points.decimals", decimals, "应为 0 到 6", "must be 0 to 6")
    return decimals


def merge_rules(base: dict, override: dict, prefix: str = "") -> dict:
    """``override`` merged over ``base`` key by key; an unknown key is refused (a typo must not pass)."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        path = f"{prefix}{key}"
        if key not in base:
            if prefix == "point_value.periods.":
                merged[key] = value
                continue
            raise UserError(f"规则文件中的参数 {path} 不存在，请检查拼写（可用参数见默认规则文件）。",
                            f"Rules file: there is no parameter {path}; check the spelling "
                            "(the default rules file lists them all).")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise _bad(path, value, "应为一个表", "must be a table")
            merged[key] = merge_rules(base[key], value, f"{path}.")
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def parse_toml_text(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"规则文件 {source} 不是有效的 TOML：{exc}。请按默认规则文件的格式改正。",
                        f"Rules file {source} is not valid TOML: {exc}. Follow the format of the default "
                        "rules file.") from None


@lru_cache(maxsize=1)
def default_document() -> dict:
    return parse_toml_text(DEFAULT_RULES_PATH.read_text(encoding="utf-8"), str(DEFAULT_RULES_PATH))


def default_rules() -> Rules:
    return rules_from_document(copy.deepcopy(default_document()))


def override_document(overrides: dict[str, Any]) -> dict:
    """A region document from dotted keys: ``{"low.multiple": "0.4"}`` -> ``{"low": {"multiple": "0.4"}}``."""
    doc: dict = {}
    for dotted, value in overrides.items():
        node = doc
        *parents, last = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return doc


def rules_with(**overrides: Any) -> Rules:
    """The default rules with dotted keys overridden, e.g. ``rules_with(**{"low.multiple": "0.4"})``."""
    return rules_from_document(merge_rules(default_document(), override_document(overrides)))


# The readers other domain modules build on (domain.review.policy reads its own section of the
# rules file with them), under public names; the underscored ones stay for this module's use.
bad_value = _bad
required_decimal = _decimal
value_at = _get
whole_number = _int
text_list = _str_list
