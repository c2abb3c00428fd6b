"""The special-case quota (特例单议名额), defined once.

A hospital's quota for a period is ``special_case.cap`` × its DRG-paid discharges, rounded down.
Only accepted applications (and those further on) use it: a submitted application is "over
quota" when accepting it now would take the accepted count beyond the quota, which is exactly
when acceptance needs a supervisor's override. The application list's marks, the quota gauges
and acceptance all ask these functions, so they cannot disagree.
"""
from __future__ import annotations

from fractions import Fraction


def quota_of(cap: Fraction, drg_discharges: int) -> int:
    return int(cap * drg_discharges)


def beyond_quota(accepted: int, quota: int) -> bool:
    """Whether accepting one more application goes beyond the quota (``accepted`` so far)."""
    return accepted >= quota


def over_by(accepted: int, quota: int) -> int:
    """How many accepted applications are beyond the quota (accepted with an override)."""
    return max(0, accepted - quota)
