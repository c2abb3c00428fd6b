"""The demo database comes with the special-case review workflow pre-filled: users of every
role, an expert pool and applications in every status, all made through the services."""
from __future__ import annotations

import json
import shutil
from datetime import date, timedelta

import pytest

from tests.conftest import run_cli
from workstation.demo.bootstrap import create_demo_database
from workstation.demo.review_texts import DEMO_PASSWORD
from workstation.demo.workflow import OVERDUE_DAYS
from workstation.demo.writer import write_demo
from workstation.domain.accounts import Role
from workstation.domain.review.panel import Outcome
from workstation.domain.review.workflow import Status
from workstation.engine.summary import hospital_summary
from workstation.services import review as R
from workstation.services.accounts import list_users, sign_in, sign_in_required
from workstation.services.applications import import_applications, list_applications
from workstation.services.context import Actor
from workstation.services.experts import list_experts
from workstation.services.review import decisions as D
from workstation.store.audit import verify_chain
from workstation.store.db import open_database

ADMIN = Actor("admin", Role.ADMIN)  # users list is an administrator's

TODAY = date(2026, 12, 2)
CASES, SEED = 3000, 1


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    return create_demo_database(tmp_path_factory.mktemp("demo") / "demo.db", cases=CASES, seed=SEED, today=TODAY)


@pytest.fixture
def db(demo_path):
    database = open_database(demo_path)
    yield database
    database.close()


@pytest.fixture
def db_copy(demo_path, tmp_path):
    """A private copy of the module's demo database, free to change."""
    database = open_database(demo_path)
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    shutil.copy(demo_path, tmp_path / "copy.db")
    database = open_database(tmp_path / "copy.db")
    yield database
    database.close()


def _apps(db):
    return {a["id"]: a for a in list_applications(db, today=TODAY)}


def test_users_of_every_role_sign_in_with_the_demo_password(db):
    assert sign_in_required(db)
    users = list_users(db, ADMIN)
    assert {u["role"] for u in users} == {r.value for r in Role}
    assert all(u["active"] and not u["must_change_password"] for u in users)
    for role in Role:
        name = next(u["username"] for u in users if u["role"] == role)
        assert sign_in(db, name, DEMO_PASSWORD).role == role


def test_the_expert_pool_has_specialties_hospitals_and_some_accounts(db):
    experts = list_experts(db)
    hospitals = {r[0] for r in db.execute("SELECT hospital_code FROM current_hospitals")}
    assert 8 <= len(experts) <= 12
    assert all(e["specialty"] and e["active"] for e in experts)
    affiliated = [c for e in experts for c in e["hospital_codes"].split(";") if c]
    assert affiliated and set(affiliated) <= hospitals
    expert_users = {u["username"] for u in list_users(db, ADMIN) if u["role"] == Role.EXPERT}
    assert expert_users and expert_users == {e["username"] for e in experts if e["username"]}


def test_applications_in_every_status_spread_over_hospitals(db):
    apps = _apps(db)
    assert {a["status"] for a in apps.values()} == {s.value for s in Status}
    assert len({a["hospital_code"] for a in apps.values()}) >= 8
    assert all(a["statement"] and a["period"] == "2024-03" for a in apps.values())
    # The case's review status (the queue's filter) follows its application.
    reviews = dict(db.execute("SELECT case_pk, status FROM case_reviews").fetchall())
    assert all(reviews[a["case_pk"]] == a["status"] for a in apps.values())


def test_steps_of_each_stage_are_on_record(db):
    apps = _apps(db)
    by_status: dict[str, list[dict]] = {}
    for app in apps.values():
        by_status.setdefault(app["status"], []).append(app)
    assert all(a["status_note"] for a in by_status["returned"] + by_status["refused"])
    outcomes = {R.current_tally(db, a["id"]).outcome for a in by_status["expert_review"]}
    assert {Outcome.PENDING, Outcome.NO_MAJORITY} <= outcomes  # partial votes; a tie kept in review
    negotiating = by_status["negotiation"][0]["id"]
    assert [r["answer"] for r in D.rounds(db, negotiating)] == ["counter", None]
    assert any(D.decisions(db, a["id"])[-1]["signed_at"] is None for a in by_status["drafted"])
    amended = [d for a in by_status["notified"] for d in D.decisions(db, a["id"]) if d["amends"]]
    assert amended, "an amendment after a notice"
    re_review = [a for a in by_status["expert_review"] if {m["review_round"] for m in R.members(db, a["id"])} == {2}]
    assert re_review, "a re-review after an appeal"
    voters = {m["voted_by"] for a in apps.values() for m in R.members(db, a["id"]) if m["voted_by"]}
    assert {"chen", "li"} & voters and len(voters) >= 3  # experts' own votes and votes recorded for them
    signers = {d["signed_by"] for a in apps.values() for d in D.decisions(db, a["id"]) if d["signed_by"]}
    assert signers and all(d["signed_by"] != d["drafted_by"] for a in apps.values()
                           for d in D.decisions(db, a["id"]) if d["signed_by"])


def test_one_hospital_over_its_quota_by_a_supervisors_override_and_some_overdue(db):
    apps = _apps(db)
    over = [a for a in apps.values() if a["over_quota"]]
    assert len(over) == 1 and over[0]["quota_override"]
    event = db.execute("SELECT actor, after FROM audit_log WHERE action = 'review.quota_override'").fetchone()
    assert event[0] == "wang" and json.loads(event[1])["reason"] == over[0]["quota_override"]
    overdue = [a for a in apps.values() if a["overdue"]]
    open_ones = [a for a in apps.values() if a["status"] not in ("refused", "notified", "closed")]
    assert 1 <= len(overdue) < len(open_ones)
    assert all(date.fromisoformat(a["submitted_on"]) <= TODAY - timedelta(days=OVERDUE_DAYS) for a in overdue)


def test_the_audit_trail_verifies_and_names_the_users(db_copy, tmp_path):
    assert verify_chain(db_copy) == []
    actors = {r[0] for r in db_copy.execute("SELECT DISTINCT actor FROM audit_log WHERE entity = 'application'")}
    assert {"li", "zhang", "wang", "zhao"} <= actors
    done = run_cli("--db", str(tmp_path / "copy.db"), "audit", "verify")
    assert done.returncode == 0, done.stderr


def test_the_summary_shows_decided_cases_with_changed_points_and_payment(db):
    rows = hospital_summary(db, "2024-03")
    signed = {a["hospital_code"] for a in _apps(db).values()
              if any(d["signed_at"] for d in D.decisions(db, a["id"]))}
    decided = [r for r in rows if r.decided_cases]
    assert {r.hospital_code for r in decided} == signed
    changed = [r for r in decided if r.payment_after_fen != r.estimated_payment_fen]
    assert changed and all(r.points_after != r.total_points for r in changed)


def test_the_same_seed_gives_the_same_workflow(db, tmp_path):
    again = open_database(create_demo_database(tmp_path / "again.db", cases=CASES, seed=SEED, today=TODAY))

    def content(store):
        apps = [(a["case_id"], a["status"], a["statement"], a["submitted_on"]) for a in
                sorted(list_applications(store, today=TODAY), key=lambda a: a["id"])]
        votes = store.execute("SELECT application_id, review_round, expert_id, vote, comment FROM panel_members"
                              " ORDER BY 1, 2, 3").fetchall()
        return apps, votes

    try:
        assert content(again) == content(db)
    finally:
        again.close()


def test_the_demo_application_file_imports_with_its_bad_rows_quarantined(db_copy, tmp_path):
    db = db_copy
    files = write_demo(tmp_path / "files", cases=CASES, seed=SEED)  # the first-start demo's own month
    assert files.applications.cases.isdisjoint({a["case_id"] for a in _apps(db).values()})
    done = import_applications(db, files.applications.path, actor=Actor("li", Role.REVIEWER))
    assert done.rows_read == len(done.accepted) + len(done.quarantined)
    assert len(done.accepted) == len(files.applications.good) == 8
    assert {q.code for q in done.quarantined} == {"UNKNOWN_CASE", "OTHER_HOSPITAL", "BAD_REASON", "NO_STATEMENT",
                                                  "BAD_AMOUNT", "DUPLICATE"}
    again = import_applications(db, files.applications.path, actor=Actor("li", Role.REVIEWER))
    assert again.already_imported and not again.accepted
    assert verify_chain(db) == []


def test_without_the_workflow_the_demo_has_no_accounts(tmp_path):
    db = open_database(create_demo_database(tmp_path / "plain.db", cases=400, seed=3, with_workflow=False))
    try:
        assert not sign_in_required(db)
        assert db.execute("SELECT COUNT(*) FROM applications").fetchone()[0] == 0
    finally:
        db.close()


def test_a_small_demo_still_gets_every_status(tmp_path):
    db = open_database(create_demo_database(tmp_path / "small.db", cases=400, seed=4, today=TODAY))
    try:
        assert {a["status"] for a in list_applications(db, today=TODAY)} == {s.value for s in Status}
        assert verify_chain(db) == []
    finally:
        db.close()


def test_a_planned_panel_session_has_items_waiting_for_chen(db):
    from workstation.services import panel
    from workstation.services.panel.desk import expert_of, waiting_for

    sessions = panel.list_sessions(db)
    assert [s["status"] for s in sessions] == ["planned"] and sessions[0]["items"] >= 4
    view = panel.load_session(db, sessions[0]["id"])
    assert all(i.room.quorum for i in view.items)
    chen = expert_of(db, Actor("chen", Role.EXPERT))
    waiting = waiting_for(db, chen)
    assert len([w for w in waiting if w.session_id == view.id]) >= 2
