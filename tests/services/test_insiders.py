"""An insider who wants a particular outcome, step by step: every attempt refused with a clear
message naming its rule, and what is allowed kept on record."""
from __future__ import annotations

import json

import pytest

from tests.services.test_authority_table import _drawn, _submitted
from workstation.domain.accounts import Role
from workstation.domain.authority import AuthorityError
from workstation.domain.messages import UserError
from workstation.services import operations, personal_data
from workstation.services import review as R
from workstation.services.applications import import_applications
from workstation.services.context import Actor
from workstation.services.report_settings import set_report_setting
from workstation.store.audit import verify_chain

LI = Actor("li", Role.REVIEWER)
WANG = Actor("wang", Role.SUPERVISOR)
CHEN = Actor("chen", Role.EXPERT)
ADMIN = Actor("admin", Role.ADMIN)


def _refused(rule: str, call, *args, **kwargs) -> AuthorityError:
    with pytest.raises(AuthorityError) as refused:
        call(*args, **kwargs)
    assert refused.value.rule == rule, refused.value
    assert f"（规则：{rule}）" in refused.value.text.zh and f"(rule: {rule})" in refused.value.text.en
    return refused.value


def test_the_draw_is_nobodys_choice_and_replays_from_its_record(walk_store):
    db, _ = walk_store
    app = _submitted(db)
    R.accept(db, LI, app)
    with pytest.raises(UserError, match="至少 3 位"):
        R.draw_experts(db, LI, app, size=2)
    draw = R.draw_experts(db, LI, app)  # no seed: the service's own, from secrets
    row = next(db.query("SELECT * FROM expert_draws WHERE application_id = ?", [app]))
    assert row["seed_source"] == "secrets" and row["seed"] == draw.seed and len(draw.seed) >= 16
    assert json.loads(row["excluded"]) == {"1": "affiliated"}  # 专家0 works at H001
    # A second draw on a drawn round: refused, whoever asks.
    _refused("one-panel-per-round", R.draw_experts, db, WANG, app)
    # A top-up with nobody lost: refused.
    _refused("top-up-only-for-lost-member", R.top_up, db, LI, app, reason="想多要一位")
    # One member cannot sit: a top-up, its reason recorded.
    lost = draw.drawn[0]
    _refused("written-reason", R.top_up, db, LI, app, reason=" ", unavailable=lost)
    more = R.top_up(db, LI, app, reason="出差不能到会", unavailable=lost)
    assert len(more.drawn) == 1 and more.drawn[0] not in draw.drawn
    top = db.execute("SELECT kind, reason, seed_source FROM expert_draws WHERE id = 2").fetchone()
    assert tuple(top) == ("top_up", "出差不能到会", "secrets")
    assert [same for _, same in R.replay_draws(db, app)] == [True, True]


def test_a_decided_panel_is_never_topped_up(walk_store):
    db, _ = walk_store
    app, drawn = _drawn(db)
    for expert in drawn:
        R.vote(db, LI, app, expert, "support")
    _refused("decided-panel-is-final", R.top_up, db, LI, app, reason="再加一位", unavailable=None)
    R.conclude(db, LI, app)
    _refused("decided-panel-is-final", R.top_up, db, WANG, app, reason="再加一位")


def test_after_votes_only_a_supervisor_with_a_reason_recuses_and_the_struck_vote_stays(walk_store):
    db, _ = walk_store
    app, drawn = _drawn(db)
    R.vote(db, LI, app, drawn[0], "support")
    R.vote(db, LI, app, drawn[1], "oppose")
    R.vote(db, LI, app, drawn[2], "oppose")
    # The reviewer recusing an opposing expert after the votes:
    _refused("role:review.conflict_after_votes", R.declare_conflict, db, LI, app, drawn[1], "利益冲突")
    # The opposing expert's colleague, an expert, declaring one for him:
    db.execute("UPDATE experts SET username = 'chen' WHERE id = ?", [drawn[0]])
    _refused("role:review.conflict_after_votes", R.declare_conflict, db, CHEN, app, drawn[2], "利益冲突")
    _refused("written-reason", R.declare_conflict, db, WANG, app, drawn[1], "")
    R.declare_conflict(db, WANG, app, drawn[1], "投票后发现其为申报医院会诊专家")
    struck = next(m for m in R.members(db, app) if m["expert_id"] == drawn[1])
    assert struck["recused"] == 1 and struck["vote"] == "oppose"  # kept, no longer counted
    event = json.loads(db.execute("SELECT after FROM audit_log WHERE action = 'review.conflict'").fetchone()[0])
    assert event["after_votes"] and event["struck_vote"] == "oppose"
    assert R.current_tally(db, app).outcome == "too_few"


def test_an_expert_declares_a_conflict_only_for_themselves_before_votes(walk_store):
    db, _ = walk_store
    app, drawn = _drawn(db)
    db.execute("UPDATE experts SET username = 'chen' WHERE id = ?", [drawn[0]])
    _refused("own-vote-only", R.declare_conflict, db, CHEN, app, drawn[1], "他与医院有关")
    R.declare_conflict(db, CHEN, app, drawn[0], "本人曾在该院会诊")
    assert next(m for m in R.members(db, app) if m["expert_id"] == drawn[0])["recused"] == 1


def test_a_vote_is_its_experts_and_a_change_says_so(walk_store):
    db, _ = walk_store
    app, drawn = _drawn(db)
    db.execute("UPDATE experts SET username = 'chen' WHERE id = ?", [drawn[0]])
    own = R.vote(db, CHEN, app, drawn[0], "oppose", "费用不合理")
    assert not own.on_behalf and "已录入" in own.message().zh
    # Nobody replaces the expert's own vote: not a reviewer, not a supervisor, not without accounts.
    _refused("vote-belongs-to-expert", R.vote, db, LI, app, drawn[0], "support")
    _refused("vote-belongs-to-expert", R.vote, db, WANG, app, drawn[0], "support")
    _refused("vote-belongs-to-expert", R.vote, db, Actor("li"), app, drawn[0], "support")
    # The expert may change it before the conclusion; the change says so, and both stay on record.
    changed = R.vote(db, CHEN, app, drawn[0], "support", "补充材料后同意")
    assert changed.changed and str(changed.message().zh) == f"专家 {drawn[0]} 的意见由 不同意 改为 同意"
    assert changed.message().en == f"expert {drawn[0]}: vote changed from oppose to support"
    # A vote entered from the signed form, on the expert's behalf: flagged, both names kept.
    on_behalf = R.vote(db, LI, app, drawn[1], "support")
    row = next(m for m in R.members(db, app) if m["expert_id"] == drawn[1])
    assert on_behalf.on_behalf and row["on_behalf"] == 1 and row["voted_by"] == "li"
    events = [json.loads(r[0]) for r in db.execute(
        "SELECT after FROM audit_log WHERE action = 'review.vote' ORDER BY id")]
    assert [e["vote"] for e in events] == ["oppose", "support", "support"]
    assert events[1]["changed_from"] == "oppose" and events[2]["on_behalf"] and events[2]["entered_by"] == "li"
    # An expert off the panel has no vote to enter.
    off = next(e for e in range(2, 7) if e not in drawn)
    db.execute("UPDATE experts SET username = 'sun' WHERE id = ?", [off])
    _refused("panel-member", R.vote, db, Actor("sun", Role.EXPERT), app, off, "support")


def test_a_vote_edited_in_the_file_does_not_decide(walk_store):
    db, _ = walk_store
    app, drawn = _drawn(db)
    for expert, value in zip(drawn, ("support", "oppose", "oppose"), strict=True):
        R.vote(db, LI, app, expert, value)
    db.execute("UPDATE panel_members SET vote = 'support' WHERE application_id = ? AND expert_id = ?",
               [app, drawn[1]])
    with pytest.raises(UserError, match="被改动过") as refused:
        R.conclude(db, LI, app)
    assert "the file was changed" in refused.value.text.en
    assert R.application(db, app)["status"] == "expert_review"


def test_the_conclusion_is_a_row_written_with_its_event_and_is_final(walk_store):
    db, _ = walk_store
    app, drawn = _drawn(db)
    for expert, value in zip(drawn, ("support", "oppose", "oppose"), strict=True):
        R.vote(db, LI, app, expert, value)
    R.conclude(db, LI, app)
    row = R.conclusion(db, app)
    event = db.execute("SELECT id, action FROM audit_log WHERE id = ?", [row["event_id"]]).fetchone()
    assert (row["outcome"], row["support"], row["oppose"], row["members"]) == ("opposed", 1, 2, 3)
    assert event[1] == "review.conclude"
    with pytest.raises(Exception, match="never edited"):
        db.execute("UPDATE panel_conclusions SET outcome = 'supported'")
    with pytest.raises(Exception, match="never edited"):
        db.execute("UPDATE panel_members SET vote = 'support' WHERE application_id = ?", [app])
    assert verify_chain(db) == []


def test_an_expert_changes_nothing_of_the_bureaus(walk_store):
    db, folder = walk_store
    evil = folder / "evil.toml"
    evil.write_text('[review]\npanel_size = 1\nmajority_share = "0.1"\nappeal_days = 3650\n', encoding="utf-8")
    _refused("role:rules.load", operations.load_rules, db, evil, actor=CHEN)
    _refused("role:notice.settings", set_report_setting, db, CHEN, "bureau_name", "假医保局")
    _refused("role:reference.hospitals", operations.load_hospitals, db, folder / "h.csv", actor=CHEN)
    _refused("role:batch.import", operations.import_file, db, folder / "b.csv", actor=CHEN)
    _refused("role:application.submit", import_applications, db, folder / "a.csv", actor=CHEN)
    _refused("role:personal.unmask", personal_data.unmask, db, CHEN, where="queue")
    # A name alone cannot pass for a user once the store has accounts.
    db.execute("INSERT INTO users (username, display_name, role, password_hash, active, created_at, created_by)"
               " VALUES ('admin', 'admin', 'admin', 'x', 1, '2024-01-01', 'admin')")
    with pytest.raises(UserError, match="已启用登录"):
        operations.load_rules(db, evil, actor="chen")


def test_a_rules_file_stays_within_the_bounds_and_the_ceilings(walk_store):
    db, folder = walk_store
    for body, key in (('[review]\npanel_size = 1\n', "review.panel_size"),
                      ('[review]\nmajority_share = "0.1"\n', "review.majority_share"),
                      ('[review]\nappeal_days = 3650\n', "review.appeal_days"),
                      ('[authority]\n"rules.load" = ["admin", "expert"]\n', "rules.load"),
                      ('[authority]\n"review.sign" = []\n', "review.sign")):
        path = folder / "r.toml"
        path.write_text(body, encoding="utf-8")
        with pytest.raises(UserError, match=key.replace(".", r"\.")):
            operations.load_rules(db, path, actor=ADMIN)
    # Within the ceiling a region changes who may: here only supervisors draw.
    path = folder / "ok.toml"
    path.write_text('[authority]\n"review.draw" = ["supervisor"]\n', encoding="utf-8")
    operations.load_rules(db, path, actor=ADMIN)
    app = _submitted(db)
    R.accept(db, LI, app)
    _refused("role:review.draw", R.draw_experts, db, LI, app)
    R.draw_experts(db, WANG, app)
