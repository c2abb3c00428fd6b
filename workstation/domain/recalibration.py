"""Weight and level-coefficient recalibration (动态调整, domain.md "Weight recalibration"), exact.

Over a span of periods, with T the trimmed cases (grouped, under a current weight, carrying none
of the rules' trim flags) and M the mean cost of T:

- a group's raw implied weight = the mean cost of its cases in T ÷ M;
- one factor s scales every raw weight so that the span stays budget-neutral: Σ over ALL the
  span's grouped cases (outliers included) of the implied weight = Σ of today's weight. A group
  with no case in T (all its cases outliers) keeps today's weight and s is found over the rest;
- a hospital level's raw implied coefficient = the level's trimmed cost ÷ its expected cost under
  today's weights (Σ weight × M over the level's cases in T), scaled by one factor so that
  Σ weight × coefficient over all grouped cases is unchanged.

Everything here is a Fraction, so the neutrality holds exactly; only the published value is
rounded (half-up, to the rules' decimals, 4 as the group tables print weights). A group or
level is proposed when |implied ÷ current − 1| > threshold (strictly) and it has at least the
minimum cases. The confidence mark says how many standard errors of the trimmed mean the
difference lies beyond the threshold (see ``confidence``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from workstation.domain.messages import Text

HIGH, MEDIUM, LOW = "high", "medium", "low"
CONFIDENCE_NAMES = {HIGH: Text("高", "high"), MEDIUM: Text("中", "medium"), LOW: Text("低", "low")}


@dataclass(frozen=True)
class GroupInput:
    """One group's figures over the span (money in fen)."""

    code: str
    current: Fraction  # today's weight
    cases: int  # grouped cases in the span, outliers included
    trimmed_cases: int
    trimmed_cost_fen: int  # Σ cost of the trimmed cases


@dataclass(frozen=True)
class LevelInput:
    """One hospital level's figures over the span."""

    level: int
    current: Fraction  # today's coefficient of the level (see engine.recalibration)
    cases: int
    trimmed_cost_fen: int
    trimmed_weight: Fraction  # Σ today's weight over the level's trimmed cases
    grouped_weight: Fraction  # Σ today's weight over all the level's grouped cases
    grouped_weighted_current: Fraction  # Σ today's weight × the case's hospital coefficient


@dataclass(frozen=True)
class Implied:
    """The implied values of one recalibration and the factor that made them budget-neutral."""

    overall_trimmed_mean_fen: Fraction
    factor: Fraction
    values: dict  # code or level -> Fraction (exact implied value)


def overall_mean(groups: list[GroupInput]) -> Fraction:
    n = sum(g.trimmed_cases for g in groups)
    return Fraction(sum(g.trimmed_cost_fen for g in groups), n) if n else Fraction(0)


def implied_weights(groups: list[GroupInput]) -> Implied:
    """Each group's implied weight, exactly budget-neutral over the span's grouped cases."""
    mean = overall_mean(groups)
    raw = {g.code: Fraction(g.trimmed_cost_fen, g.trimmed_cases) / mean
           for g in groups if g.trimmed_cases and mean}
    kept = sum((g.cases * g.current for g in groups if g.code not in raw), Fraction(0))
    wanted = sum((g.cases * g.current for g in groups), Fraction(0)) - kept
    scaled_raw = sum((g.cases * raw[g.code] for g in groups if g.code in raw), Fraction(0))
    factor = wanted / scaled_raw if scaled_raw else Fraction(1)
    values = {g.code: raw[g.code] * factor if g.code in raw else g.current for g in groups}
    return Implied(mean, factor, values)


def implied_level_coefficients(levels: list[LevelInput], overall_mean_fen: Fraction) -> Implied:
    """Each level's implied coefficient, keeping Σ weight × coefficient over the grouped cases."""
    raw = {lv.level: Fraction(lv.trimmed_cost_fen) / (lv.trimmed_weight * overall_mean_fen)
           for lv in levels if lv.trimmed_weight and overall_mean_fen}
    kept = sum((lv.grouped_weighted_current for lv in levels if lv.level not in raw), Fraction(0))
    wanted = sum((lv.grouped_weighted_current for lv in levels), Fraction(0)) - kept
    scaled_raw = sum((lv.grouped_weight * raw[lv.level] for lv in levels if lv.level in raw), Fraction(0))
    factor = wanted / scaled_raw if scaled_raw else Fraction(1)
    values = {lv.level: raw[lv.level] * factor if lv.level in raw else lv.current for lv in levels}
    return Implied(overall_mean_fen, factor, values)


def published(value: Fraction, decimals: int = 4) -> Decimal:
    """The value as a table prints it: rounded half-up (四舍五入) to ``decimals`` places."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def relative_change(current: Fraction, implied: Fraction) -> Fraction:
    return implied / current - 1 if current else Fraction(0)


def is_proposal(current: Fraction, implied: Fraction, cases: int, threshold: Fraction, min_cases: int) -> bool:
    """Beyond the threshold (strictly, compared exactly) with at least the minimum cases."""
    return cases >= min_cases and bool(current) and abs(relative_change(current, implied)) > threshold


def confidence(current: Fraction, implied: Fraction, trimmed_cases: int, cv: float | None,
               threshold: Fraction) -> str:
    """How far beyond the threshold the difference lies, in standard errors of the trimmed mean.

    The relative standard error of a mean of n costs is CV ÷ √n; z = (|implied ÷ current − 1| −
    threshold) ÷ (CV ÷ √n). high: z ≥ 1.96 (the 95% interval lies wholly beyond the threshold);
    medium: z ≥ 1; low otherwise (the data cannot tell the difference from noise)."""
    if not trimmed_cases or cv is None or not current:
        return LOW
    beyond = float(abs(relative_change(current, implied)) - threshold)
    error = cv / math.sqrt(trimmed_cases)
    if error == 0:
        return HIGH if beyond > 0 else LOW
    z = beyond / error
    return HIGH if z >= 1.96 else MEDIUM if z >= 1 else LOW
