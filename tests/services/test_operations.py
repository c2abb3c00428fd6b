"""An operation and the recomputation it causes land together: cancel one, keep neither."""
from __future__ import annotations

import pytest

from tests.engine.factory import add_batch, add_case, add_groups, result
from workstation.domain.jobs import Cancelled, JobControl
from workstation.engine.recompute import recompute
from workstation.services.operations import load_rules


def test_cancelling_the_recompute_of_a_rules_load_keeps_the_old_rules_and_results(db, tmp_path):
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    pk = add_case(db, add_batch(db), los=30)
    recompute(db, actor="t")
    rulesets_before = db.execute("SELECT COUNT(*), MAX(id) FROM rulesets").fetchone()
    events_before = db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    assert "LONG_STAY" not in result(db, pk)["flag_codes"]

    region = tmp_path / "region.toml"
    region.write_text("[long_stay]\ndays = 30\n", encoding="utf-8")
    with pytest.raises(Cancelled):
        load_rules(db, region, actor="t", control=JobControl(is_cancelled=lambda: True))

    assert db.execute("SELECT COUNT(*), MAX(id) FROM rulesets").fetchone() == rulesets_before
    assert db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == events_before
    assert "LONG_STAY" not in result(db, pk)["flag_codes"]

    load_rules(db, region, actor="t")  # not cancelled: rules and results change together
    assert "LONG_STAY" in result(db, pk)["flag_codes"]


def _variants(db):
    return {i for (i,) in db.execute("SELECT id FROM result_variants")}


def test_a_rules_load_rewrites_in_one_transaction_with_keys_whole_and_checked_again_after(db, tmp_path, monkeypatch):
    """Loading rules recomputes inside the load's transaction without row-by-row key checks; the
    results still refer only to existing cases, rule sets and variants, variants no result uses
    are gone, and foreign keys are checked again afterwards."""
    import workstation.engine.store_results as store_results

    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    for cost in ("1000.00", "2500.00", "9000.00", "40000.00"):
        add_case(db, batch, cost=cost)
    recompute(db, actor="t")
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 0)  # the bulk rewrite, which drops variants
    monkeypatch.setattr(store_results, "SAMPLE_EVERY", 1)
    before = _variants(db)
    region = tmp_path / "region.toml"
    region.write_text('[low]\nmultiple = "0.5"\n', encoding="utf-8")
    load_rules(db, region, actor="t")
    used = {v for (v,) in db.execute("SELECT DISTINCT variant_id FROM case_results")}
    assert _variants(db) == used and not used & before  # new thresholds: new variants, the old ones gone
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert not db.execute("SELECT name FROM sqlite_master WHERE name LIKE 'temp_%'").fetchall()


def test_a_loader_leaving_a_broken_reference_is_rolled_back_whole(db, tmp_path, monkeypatch):
    """Keys are checked once before the commit: a loader that wrote a group row naming no
    table version (a bug) leaves neither its rows nor new rules or results behind."""
    import workstation.engine.ruleset as ruleset

    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    add_case(db, add_batch(db), cost="1000.00")
    recompute(db, actor="t")
    rulesets_before = db.execute("SELECT COUNT(*) FROM rulesets").fetchone()[0]
    groups_before = db.execute("SELECT COUNT(*) FROM drg_groups").fetchone()[0]
    loaded = ruleset.load_rules_file

    def broken(db_, path, *, actor):
        db_.execute("INSERT INTO drg_groups (version_id, drg_code, drg_name, payable_by_drg)"
                    " VALUES (999999, 'XX99', 'x', 1)")
        return loaded(db_, path, actor=actor)

    monkeypatch.setattr(ruleset, "load_rules_file", broken)
    region = tmp_path / "region.toml"
    region.write_text('[low]\nmultiple = "0.5"\n', encoding="utf-8")
    with pytest.raises(RuntimeError, match="drg_groups"):
        load_rules(db, region, actor="t")
    assert db.execute("SELECT COUNT(*) FROM rulesets").fetchone()[0] == rulesets_before
    assert db.execute("SELECT COUNT(*) FROM drg_groups").fetchone()[0] == groups_before
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_recompute_inside_a_callers_transaction_with_keys_checked_drops_unused_variants(db, tmp_path, monkeypatch):
    """Inside a caller's transaction keys stay checked; dropping the variants no result uses then
    looks each up through a temporary index on the results (without it, a scan of every result per
    variant), which is gone afterwards."""
    import workstation.engine.store_results as store_results
    from workstation.engine.ruleset import load_rules_file

    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    for cost in ("1000.00", "9000.00"):
        add_case(db, batch, cost=cost)
    recompute(db, actor="t")
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 0)
    monkeypatch.setattr(store_results, "SAMPLE_EVERY", 1)
    statements = []
    db.conn.set_trace_callback(statements.append)
    region = tmp_path / "region.toml"
    region.write_text('[low]\nmultiple = "0.5"\n', encoding="utf-8")
    with db.atomic():
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        load_rules_file(db, region, actor="t")
        recompute(db, actor="t")
    db.conn.set_trace_callback(None)
    assert any("CREATE INDEX" in s and "variant_id" in s for s in statements)
    used = {v for (v,) in db.execute("SELECT DISTINCT variant_id FROM case_results")}
    assert _variants(db) == used
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert not db.execute("SELECT name FROM sqlite_master WHERE name LIKE 'temp_%'").fetchall()
