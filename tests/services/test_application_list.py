"""The applications page's reads agree with list_applications, page by page."""
from __future__ import annotations

from datetime import date

import pytest

from tests.engine.factory import add_batch, add_case, add_groups
from workstation.domain.accounts import Role
from workstation.domain.authority import AuthorityError
from workstation.engine.recompute import recompute
from workstation.services import review as R
from workstation.services.application_list import (
    ApplicationSort,
    application_marks,
    application_page,
    count_applications,
    quota_gauges,
)
from workstation.services.applications import ApplicationFilter, create_from_case, list_applications
from workstation.services.context import Actor
from workstation.services.review.view import application_view, preview_settlement, steps_for

REVIEWER = Actor("li", Role.REVIEWER)


def _store(db):
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    pks = [add_case(db, batch, cost="9000.00") for _ in range(40)]
    pks += [add_case(db, batch, cost="9000.00", hospital="H002") for _ in range(20)]
    recompute(db, actor="t")
    apps = [create_from_case(db, REVIEWER, pk, reason="LONG_STAY", statement="s", submitted_on=date(2024, 4, 1))
            for pk in pks[:4] + pks[40:42]]
    R.refuse(db, REVIEWER, apps[1], "不符合")
    return apps


def test_pages_marks_and_filters_agree_with_the_full_list(db):
    apps = _store(db)
    today = date(2024, 9, 1)  # long after the April cycle's settlement deadline
    assert application_marks(db, today).over_quota == frozenset()  # nothing accepted: nothing over
    # H001: 2 allowed of 40 discharges, the refused one does not count; H002: 1 of 20.
    for app in (apps[0], apps[2], apps[4]):
        R.accept(db, REVIEWER, app)
    marks = application_marks(db, today)
    full = {r["id"]: r for r in list_applications(db, today=today)}
    assert marks.over_quota == {i for i, r in full.items() if r["over_quota"]}
    # The ones waiting once their hospital's accepted count reached the quota: what acceptance refuses.
    assert marks.over_quota == {apps[3], apps[5]}
    with pytest.raises(AuthorityError, match="名额"):
        R.accept(db, REVIEWER, apps[3])
    rows = application_page(db, ApplicationFilter(), ApplicationSort("id", False), 0, 4, marks)
    rows += application_page(db, ApplicationFilter(), ApplicationSort("id", False), 4, 4, marks)
    assert [r.id for r in rows] == sorted(full)
    assert all(r.overdue == full[r.id]["overdue"] for r in rows)
    assert count_applications(db, ApplicationFilter(over_quota_only=True), marks) == 2
    assert count_applications(db, ApplicationFilter(overdue_only=True), marks) == 5  # all but the refused
    assert count_applications(db, ApplicationFilter(hospital_code="H002"), marks) == 2
    by_hospital = application_page(db, ApplicationFilter(), ApplicationSort("hospital_code", True), 0, 10, marks)
    assert by_hospital[0].hospital_code == "H002"
    gauges = {g.hospital_code: g for g in quota_gauges(db, "2024-03")}
    assert (gauges["H001"].quota, gauges["H001"].applications, gauges["H001"].over) == (2, 3, 1)
    assert (gauges["H002"].quota, gauges["H002"].applications) == (1, 2)


def test_the_panel_view_offers_the_legal_steps_and_previews_a_settlement(db):
    apps = _store(db)
    view = application_view(db, apps[0])
    assert view.status == "submitted" and view.members == [] and view.tally is None
    assert [s.value for s in steps_for(view.status, REVIEWER)] == ["accept", "return", "refuse"]
    assert steps_for(view.status, Actor("e", Role.EXPERT)) == []
    preview = preview_settlement(db, apps[0], method="adjust_points", points="123.4")
    assert preview.points == "123.4" and preview.settlement.payment_fen > 0
