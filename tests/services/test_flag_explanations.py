"""The case detail explains a flag with the rules its result was computed with, not the bundled ones."""
from __future__ import annotations

from tests.engine.factory import add_batch, add_case, add_groups
from workstation.engine.recompute import recompute
from workstation.services.operations import load_rules
from workstation.services.queue.detail import load_case_detail


def _long_stay_reason(db, pk: int, lang: str = "zh") -> str:
    return next(f.why for f in load_case_detail(db, pk, lang=lang).flags if f.code == "LONG_STAY")


def test_a_regions_long_stay_threshold_is_the_one_the_detail_states(db, tmp_path):
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    pk = add_case(db, add_batch(db), los=61)
    recompute(db, actor="t")
    assert _long_stay_reason(db, pk) == "住院 61 天 ≥ 60 天"  # the bundled rules

    region = tmp_path / "region.toml"
    region.write_text("[long_stay]\ndays = 45\n", encoding="utf-8")
    load_rules(db, region, actor="t")
    assert _long_stay_reason(db, pk) == "住院 61 天 ≥ 45 天"
    assert _long_stay_reason(db, pk, "en") == "Stay of 61 days ≥ 45 days"
