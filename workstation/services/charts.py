"""The Charts page's data in one read: the period's groups and hospitals to choose from, the
group shown, and the three charts' plain data (see queue_charts)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from workstation.services.queue.charts import (
    CostVsStay,
    GroupCostDistribution,
    HospitalStats,
    cost_vs_stay,
    group_cost_distribution,
    hospital_comparison,
    largest_group,
)
from workstation.services.queue.choices import filter_choices


@dataclass
class ChartsData:
    period: str
    groups: list[tuple[str, str]]  # (DRG code, name) present in the period
    hospitals: list[tuple[str, str]]  # (hospital code, name) present in the period
    group: str | None  # the group whose distribution is shown
    scope: str  # of cost against stay: "" the period, "group", "hospital:CODE" (see cost_stay_for)
    distribution: GroupCostDistribution | None
    cost_stay: CostVsStay
    hospital_stats: list[HospitalStats]


def cost_stay_for(db: Database, period: str, scope: str, group: str | None) -> CostVsStay:
    """Cost against stay for a scope: "" the whole period, "group" the group shown,
    "hospital:CODE" one hospital."""
    kind, _, code = scope.partition(":")
    if kind == "group":
        kind, code = "drg", group or ""
    return cost_vs_stay(db, period, drg_code=code if kind == "drg" else "",
                        hospital_code=code if kind == "hospital" else "")


def group_charts(db: Database, period: str, group: str | None, scope: str
                 ) -> tuple[GroupCostDistribution | None, CostVsStay | None]:
    """A group chosen: its distribution, and cost against stay when that follows the group."""
    distribution = group_cost_distribution(db, period, group) if group else None
    return distribution, (cost_stay_for(db, period, scope, group) if scope == "group" else None)


def charts_data(db: Database, period: str, group: str | None = None, scope: str = "") -> ChartsData:
    """Everything the page shows for a period. ``group`` is kept when the period has it;
    otherwise the period's largest group is shown."""
    choices = filter_choices(db, period)
    codes = {code for code, _ in choices["drgs"]}
    if group not in codes:
        # Start on the period's largest named group: an empty or ungrouped code says little.
        group = largest_group(db, period) or (choices["drgs"][0][0] if choices["drgs"] else None)
    if scope.startswith("hospital:") and scope.partition(":")[2] not in {c for c, _ in choices["hospitals"]}:
        scope = ""  # that hospital has no cases in this period
    return ChartsData(period=period, groups=choices["drgs"], hospitals=choices["hospitals"], group=group,
                      scope=scope,
                      distribution=group_cost_distribution(db, period, group) if group else None,
                      cost_stay=cost_stay_for(db, period, scope, group),
                      hospital_stats=hospital_comparison(db, period))
