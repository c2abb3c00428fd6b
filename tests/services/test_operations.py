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
