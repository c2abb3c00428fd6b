"""Review cycles and their settlement deadline in working days.

An application belongs to the cycle (month or quarter) of the day it was
submitted; the cycle's decisions are due within N working days after the
cycle closes (NHSA 2024: 30). Working days skip weekends and the region's
holidays, and count the weekend days worked in exchange (调休).
"""
from __future__ import annotations

from datetime import date, timedelta

from workstation.domain.periods import period_bounds
from workstation.domain.review.policy import ReviewPolicy


def cycle_of(day: date, kind: str) -> str:
    """The cycle's label: ``2024-03`` for a month, ``2024Q1`` for a quarter (the periods' notation)."""
    if kind == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def is_working_day(day: date, policy: ReviewPolicy) -> bool:
    if day in policy.extra_working_days:
        return True
    return day.weekday() < 5 and day not in policy.holidays


def add_working_days(start: date, days: int, policy: ReviewPolicy) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, policy):
            counted += 1
    return day


def settlement_deadline(cycle: str, policy: ReviewPolicy) -> date:
    _, last = period_bounds(cycle)
    return add_working_days(last, policy.settlement_working_days, policy)


def appeal_deadline(notified: date, policy: ReviewPolicy) -> date:
    return notified + timedelta(days=policy.appeal_days)


def is_overdue(cycle: str, today: date, policy: ReviewPolicy) -> bool:
    return today > settlement_deadline(cycle, policy)
