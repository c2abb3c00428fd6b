"""Reference loads through the operations the CLI and GUI call: no silent partial loads, and a
group table that changes decided cases' benchmarks leaves the decisions as they were."""
from __future__ import annotations

import json

import pytest

from tests.engine.factory import add_batch, add_case
from tests.services.test_review_flow import REVIEWER, SUPERVISOR, _to_negotiation
from workstation.reference.partial import PartialLoadRefused
from workstation.services.context import Actor
from workstation.services.experts import add_expert
from workstation.services.operations import load_groups, load_hospitals
from workstation.services.review import decisions as D
from workstation.store.audit import verify_chain

GOOD = [f"G{i:03d},组{i},1.{i % 9 + 1},{10000 + i}" for i in range(60)]


def _table(tmp_path, rows: list[str], name: str = "groups.csv"):
    path = tmp_path / name
    path.write_text("DRG编码,DRG名称,RW,支付标准\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_more_refused_rows_than_the_rules_allow_change_nothing(db, tmp_path):
    load_groups(db, _table(tmp_path, GOOD[:3], "old.csv"), actor="admin")
    bad = GOOD + ["B001,坏行,x1,100", "B002,坏行,1.0,-5"]  # 2 of 62 refused: 3.2 % > 2 %
    with pytest.raises(PartialLoadRefused) as refused:
        load_groups(db, _table(tmp_path, bad), actor="admin")
    message = refused.value.text
    assert "2 行被拒收（共 62 行，超过规则允许的 2%）" in message.zh and "--accept-partial" in message.zh
    assert "第 62 行 B001：权重“x1”不是数字" in message.zh and "--accept-partial" in message.en
    assert refused.value.exit_code != 0
    assert [r["drg_code"] for r in db.query("SELECT drg_code FROM current_drg_groups")] == ["G000", "G001", "G002"]
    assert db.execute("SELECT COUNT(*) FROM reference_versions").fetchone()[0] == 1


def test_accept_partial_loads_the_rest_and_is_an_audit_event(db, tmp_path):
    bad = GOOD + ["B001,坏行,x1,100", "B002,坏行,1.0,-5"]
    outcome = load_groups(db, _table(tmp_path, bad), actor="admin", accept_partial=True)
    assert outcome.result.rows_loaded == 60 and outcome.result.accepted_partial
    assert "部分载入" in "\n".join(outcome.summary_lines())
    event = next(db.query("SELECT * FROM audit_log WHERE action = 'groups.accept_partial'"))
    after = json.loads(event["after"])
    assert (event["actor"], after["rows_rejected"], after["rows_read"]) == ("admin", 2, 62)
    assert verify_chain(db) == []


def test_one_refused_row_in_sixty_is_within_the_share(db, tmp_path):
    outcome = load_groups(db, _table(tmp_path, GOOD + ["B001,坏行,x1,100"]), actor="admin")
    assert outcome.result.rows_loaded == 60 and not outcome.result.accepted_partial


def test_the_hospital_table_follows_the_same_rule(db, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("机构编码,机构名称,级别\nH1,甲,三级\nH2,乙,特级\n", encoding="gb18030")
    with pytest.raises(PartialLoadRefused):
        load_hospitals(db, path, actor="admin")
    assert db.execute("SELECT COUNT(*) FROM reference_versions").fetchone()[0] == 0
    assert load_hospitals(db, path, actor="admin", accept_partial=True).result.rows_loaded == 1


def test_a_new_table_leaves_decisions_as_they_were_and_lists_the_cases(db, tmp_path):
    load_groups(db, _table(tmp_path, ["FM19,支架,1.0,10000.00"], "v1.csv"), actor="admin")
    batch = add_batch(db)
    for _ in range(39):  # 40 cases: a quota of 2 applications at 5 %
        add_case(db, batch, cost="9000.00")
    long_stay = add_case(db, batch, cost="12000.00", los=70)
    from workstation.engine.recompute import recompute

    recompute(db, actor="t")
    admin = Actor("admin", None)
    for i in range(1, 5):
        add_expert(db, admin, f"专家{i}", specialty="心内科")
    app = _to_negotiation(db, long_stay)
    D.draft(db, REVIEWER, app, reasons="维持", method="keep_drg")
    D.sign(db, SUPERVISOR, app)
    decision = next(db.query("SELECT * FROM decisions"))

    outcome = load_groups(db, _table(tmp_path, ["FM19,支架,1.0,15000.00"], "v2.csv"), actor="admin")
    assert [(c.application_id, c.avg_cost_before, c.avg_cost_after) for c in outcome.decided_changed] == [
        (app, 1000000, 1500000)]
    assert "决定保持不变" in "\n".join(outcome.summary_lines())
    assert next(db.query("SELECT * FROM decisions")) == decision
    event = next(db.query("SELECT * FROM audit_log WHERE action = 'groups.decided_cases_changed'"))
    assert json.loads(event["after"])["count"] == 1
