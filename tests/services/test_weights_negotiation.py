"""From proposals to a negotiation to a new group-table version, on generated data."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from tests.engine.recalibration_data import SHIFTS, build_store
from workstation.domain.authority import AuthorityError
from workstation.domain.messages import UserError
from workstation.engine.summary import hospital_summary
from workstation.services import operations
from workstation.services.context import Actor
from workstation.services.negotiations import (
    Participant,
    negotiation,
    open_negotiation,
    record_outcomes,
    record_positions,
)
from workstation.services.reference import current_groups
from workstation.services.reference_export import export_groups_csv
from workstation.services.weight_adoption import adopt_negotiation
from workstation.services.weights import weight_proposals

LI = Actor("li")
PEOPLE = [Participant("bureau", "张科长", title="医保中心主任"), Participant("hospital", "李院长", "H001"),
          Participant("hospital", "王主任", "H002"), Participant("expert", "刘教授")]


@pytest.fixture
def store(tmp_path):
    db = build_store(tmp_path)
    yield db
    db.close()


def _negotiate(db, outcomes):
    result = weight_proposals(db, LI, "2024-03")
    number = open_negotiation(db, LI, result, held_on=date(2024, 4, 10), title="2024 年权重协商", participants=PEOPLE)
    record_positions(db, LI, number, "H001", {"ZZ03": "agree", "ZZ08": "disagree"})
    record_positions(db, LI, number, "H002", {"ZZ03": "agree", "ZZ08": "1.9000"}, note="分步调整")
    record_outcomes(db, LI, number, outcomes)
    return result, number


def test_agreed_proposals_become_a_version_that_round_trips_through_export_and_load(store, tmp_path):
    result, number = _negotiate(store, {"ZZ03": "proposed", "ZZ08": "1.9000"})
    before = {g["drg_code"]: g["weight"] for g in current_groups(store)}
    outcome = adopt_negotiation(store, Actor("admin"), number)
    after = {g["drg_code"]: g["weight"] for g in current_groups(store)}
    proposed = next(g for g in result.groups if g.code == "ZZ03").published
    assert after == {**before, "ZZ03": format(proposed.normalize(), "f"), "ZZ08": "1.9"}
    assert negotiation(store, number).adopted_version_id == outcome.result.version_id
    event = store.execute("SELECT after FROM audit_log WHERE action = 'groups.adopt'").fetchone()
    assert json.loads(event[0])["negotiation_id"] == number
    assert json.loads(event[0])["changes"]["changed_count"] == 2
    exported = tmp_path / "exported.csv"
    export_groups_csv(store, exported)
    operations.load_groups(store, exported, actor="test")
    assert {g["drg_code"]: Decimal(g["weight"]) for g in current_groups(store)} == \
        {code: Decimal(w) for code, w in after.items()}


def test_recompute_under_the_new_version_gives_the_effects_that_were_foreseen(store):
    result, number = _negotiate(store, {"ZZ03": "proposed", "ZZ08": "proposed"})
    foreseen = {e.hospital_code: e for e in result.effects}
    adopt_negotiation(store, Actor("admin"), number, recompute=True)
    for line in hospital_summary(store, "2024-03"):
        effect = foreseen[line.hospital_code]
        assert line.total_points == effect.points_after
        assert line.estimated_payment_fen == effect.payment_after_fen
        assert effect.points_after != effect.points_before


def test_the_record_refuses_what_did_not_happen(store):
    result, number = _negotiate(store, {"ZZ03": "reject", "ZZ08": "defer"})
    with pytest.raises(UserError, match="H003"):
        record_positions(store, LI, number, "H003", {"ZZ03": "agree"})
    with pytest.raises(UserError, match="ZZ05"):
        record_outcomes(store, LI, number, {"ZZ05": "proposed"})
    with pytest.raises(UserError, match="0.00001"):
        record_outcomes(store, LI, number, {"ZZ03": "0.00001"})
    with pytest.raises(UserError, match="ZZ01"):
        open_negotiation(store, LI, result, held_on=date(2024, 4, 10), title="x", participants=PEOPLE,
                         codes=["ZZ01"])
    with pytest.raises(UserError):  # nothing agreed: nothing to adopt
        adopt_negotiation(store, Actor("admin"), number)


def test_only_an_administrator_adopts_and_only_once(store):
    _, number = _negotiate(store, {"ZZ03": "proposed"})
    with pytest.raises(AuthorityError):
        adopt_negotiation(store, Actor("li", "reviewer"), number)  # type: ignore[arg-type]
    adopt_negotiation(store, Actor("root", "admin"), number)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="已生成|adopted"):
        adopt_negotiation(store, Actor("root", "admin"), number)  # type: ignore[arg-type]
    with pytest.raises(UserError):  # an adopted record does not change
        record_outcomes(store, LI, number, {"ZZ08": "proposed"})
    assert set(SHIFTS) == {"ZZ03", "ZZ08"}



def test_an_agreed_level_coefficient_makes_a_hospital_table_version(tmp_path):
    db = build_store(tmp_path, hospital_shift={"H003": 1.25})  # the level-1 hospital costs 25% more
    try:
        result = weight_proposals(db, LI, "2024-03")
        assert "LEVEL-1" in {p.key for p in result.proposals}
        number = open_negotiation(db, LI, result, held_on=date(2024, 4, 10), title="系数", participants=PEOPLE,
                                  codes=["LEVEL-1"])
        record_outcomes(db, LI, number, {"LEVEL-1": "1.1000"})
        before = dict(db.execute("SELECT hospital_code, coefficient FROM current_hospitals").fetchall())
        outcome = adopt_negotiation(db, Actor("admin"), number)
        after = dict(db.execute("SELECT hospital_code, coefficient FROM current_hospitals").fetchall())
        assert outcome.result.hospitals_version_id is not None
        assert before == {"H001": "1.0", "H002": "1.0", "H003": "1.0"}
        assert after == {"H001": "1.0", "H002": "1.0", "H003": "1.1"}
    finally:
        db.close()
