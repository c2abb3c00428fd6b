"""A panel session from planning to minutes on a real store, through the services."""
from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from tests.services.panel_store import ADMIN, REVIEWER, SUPERVISOR, build_panel_store
from workstation.domain.accounts import Role
from workstation.domain.messages import UserError
from workstation.services import panel
from workstation.services.context import Actor
from workstation.services.panel.desk import waiting_for
from workstation.store.audit import verify_chain


def test_a_mock_panel_from_planning_to_minutes(db, tmp_path):
    store = build_panel_store(db)
    chen, liu, sun = store.experts
    view = panel.load_session(db, store.session)
    assert [i.application_id for i in view.items] == store.apps  # same deadline: submission order
    assert [i.letter for i in view.items] == ["A", "B", "C", "D", "E"]
    assert all(i.room.quorum and i.room.voters == tuple(sorted(i.room.voters, key=[m["expert_id"]
               for m in i.members].index)) for i in view.items)
    assert sorted(view.invited) == [chen, liu, sun]

    # 孙 declares a conflict in the room for the fourth item: it leaves quorum, and is flagged.
    fourth = store.apps[3]
    panel.declare_in_room(db, REVIEWER, store.session, fourth, sun, "曾参与该病例会诊")
    item = panel.load_session(db, store.session).item(fourth)
    assert sun in item.room.recused and not item.room.quorum
    with pytest.raises(UserError, match="top-up|补抽"):
        panel.vote_in_room(db, REVIEWER, store.session, fourth, chen, "support")

    # The secretary enters the votes in the room; each item closes when the last present vote is in.
    for app in store.apps[:3] + store.apps[4:]:
        panel.start_item(db, REVIEWER, store.session, app)
        assert panel.vote_in_room(db, REVIEWER, store.session, app, chen, "support").status == "open"
        panel.vote_in_room(db, REVIEWER, store.session, app, liu, "support")
        assert panel.vote_in_room(db, REVIEWER, store.session, app, sun, "oppose", "费用构成不清").status == "decided"
        # supported: the application moves on to the negotiation with the hospital
        assert db.execute("SELECT status FROM applications WHERE id = ?", [app]).fetchone()[0] == "negotiation"

    out = tmp_path / "minutes.pdf"
    closed = panel.close_session(db, REVIEWER, store.session, out)
    assert closed.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    statuses = {i.application_id: i.status for i in closed.view.items}
    assert statuses[fourth] == "deferred" and list(statuses.values()).count("decided") == 4
    event = db.execute("SELECT after FROM audit_log WHERE action = 'panel.close'").fetchone()
    assert json.loads(event[0])["minutes_sha256"] == closed.sha256
    votes = db.execute("SELECT COUNT(*), SUM(on_behalf) FROM panel_session_votes").fetchone()
    assert votes == (12, 12)
    assert verify_chain(db) == []
    with pytest.raises(UserError):
        panel.set_absent(db, REVIEWER, store.session, chen)  # a closed session does not change


def test_an_absent_member_leaves_every_item_of_theirs_without_quorum(db):
    store = build_panel_store(db)
    panel.set_absent(db, REVIEWER, store.session, store.experts[2], "出差")
    view = panel.load_session(db, store.session)
    assert [e["id"] for e in view.present] == store.experts[:2]
    assert not any(i.room.quorum for i in view.items)


def test_an_expert_votes_only_for_themself_and_lands_on_their_waiting_items(db):
    store = build_panel_store(db)
    chen, liu, _ = store.experts
    me = Actor("chen", Role.EXPERT)
    waiting = waiting_for(db, chen)
    assert [w.item.application_id for w in waiting] == store.apps
    assert {w.session_id for w in waiting} == {store.session}
    with pytest.raises(UserError):
        panel.vote_in_room(db, me, store.session, store.apps[0], liu, "support")
    panel.vote_in_room(db, me, store.session, store.apps[0], chen, "support")
    assert [w.item.application_id for w in waiting_for(db, chen)] == store.apps[1:]
    row = db.execute("SELECT on_behalf, entered_by FROM panel_session_votes").fetchone()
    assert row == (0, "chen")


def test_planning_is_the_offices(db):
    store = build_panel_store(db, plan=False)
    with pytest.raises(UserError):
        panel.new_session(db, Actor("chen", Role.EXPERT), date(2024, 4, 1))
    with pytest.raises(UserError):
        panel.new_session(db, ADMIN, date(2024, 4, 1))
    session = panel.new_session(db, SUPERVISOR, date(2024, 4, 1))
    panel.add_items(db, REVIEWER, session, [store.apps[2], store.apps[0]])
    panel.order_items(db, REVIEWER, session, [store.apps[2]])
    assert [i.application_id for i in panel.load_session(db, session).items] == [store.apps[2], store.apps[0]]
    other = panel.new_session(db, REVIEWER, date(2024, 4, 2))
    with pytest.raises(UserError, match="already|已在"):
        panel.add_items(db, REVIEWER, other, [store.apps[0]])


def test_an_absent_member_whose_signed_form_is_in_still_counts_and_the_rest_is_topped_up(db):
    from workstation.services import review

    store = build_panel_store(db)
    first, second = store.apps[0], store.apps[1]
    away = store.experts[2]
    review.vote(db, REVIEWER, first, away, "support", "书面意见")  # their signed form, before the day
    panel.set_absent(db, REVIEWER, store.session, away, "出差")
    view = panel.load_session(db, store.session)
    assert view.item(first).room.quorum and away in view.item(first).room.voters
    assert not view.item(second).room.quorum  # no vote of theirs there: a top-up replaces them
    from workstation.services.experts import add_expert

    add_expert(db, ADMIN, "周医生", specialty="心内科")  # the pool needs someone to draw
    panel.top_up(db, REVIEWER, store.session, second, "专家出差")
    assert panel.load_session(db, store.session).item(second).room.quorum
