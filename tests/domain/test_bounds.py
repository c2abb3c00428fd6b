"""Absurd reference and rules numbers are refused with the bound named, never an overflow
(issue 18, point 6)."""
from __future__ import annotations

import pytest

from tests.engine.factory import add_batch, add_case
from workstation.domain.messages import UserError
from workstation.domain.rules import rules_with
from workstation.engine.recompute import recompute
from workstation.reference.groups import load_group_table
from workstation.reference.hospitals import load_hospital_table


@pytest.mark.parametrize("key,value", [("high.extra_points_factor", "1e20"), ("readmission.points_factor", "11"),
                                       ("low.multiple", "1e308"), ("point_value.default", "1e15"),
                                       ("overall_avg_cost.value", "99999999999"), ("long_stay.days", 10**18),
                                       ("high.by_level.level_3", "1e12")])
def test_an_absurd_rules_number_is_refused_naming_its_key_and_bound(key, value):
    with pytest.raises(UserError) as refused:
        rules_with(**{key: value})
    assert key in refused.value.text.zh and "超出合理范围" in refused.value.text.zh
    assert "beyond any real value" in refused.value.text.en


def test_a_tier_multiple_beyond_the_bound_is_refused():
    with pytest.raises(UserError) as refused:
        rules_with(**{"high.tiers": [{"up_to": "1e30", "multiple": "2"}, {"multiple": "1.5"}]})
    assert "high.tiers[0].up_to" in refused.value.text.en and "at most 100,000" in refused.value.text.en
    with pytest.raises(UserError) as refused:
        rules_with(**{"high.tiers": [{"up_to": "100", "multiple": "2"}, {"multiple": "150"}]})
    assert "high.tiers[1].multiple" in refused.value.text.en


@pytest.mark.parametrize("row,fragment", [("FM19,心肌梗死,1e15,", "权重“1E+15”"),
                                          ("FM19,心肌梗死,1e12,", "权重“1E+12”"),
                                          ("FM19,心肌梗死,1.2,1e13", "均次费用"),
                                          ("FM19,心肌梗死,1001,", "不大于 1,000")])
def test_an_absurd_group_row_is_rejected_with_the_bound(db, tmp_path, row, fragment):
    path = tmp_path / "groups.csv"
    path.write_text("DRG编码,DRG名称,权重,均次费用\nGB11,胃手术,0.9,5000\n" + row + "\n", encoding="utf-8")
    result = load_group_table(db, path, actor="admin")
    assert result.rows_loaded == 1
    assert [r.code for r in result.rejected] == ["FM19"]
    assert fragment in result.rejected[0].reason.zh


def test_an_absurd_coefficient_is_rejected_and_the_engine_runs(db, tmp_path):
    path = tmp_path / "hospitals.csv"
    path.write_text("机构编码,机构名称,级别,差异系数\nH001,一院,三级,1e308\nH002,二院,二级,1.1\n", encoding="utf-8")
    result = load_hospital_table(db, path, actor="admin")
    assert [r.code for r in result.rejected] == ["H001"]
    assert "差异系数“1E+308”超出合理范围" in result.rejected[0].reason.zh
    add_case(db, add_batch(db), hospital="H002")
    recompute(db, actor="t")  # no OverflowError


@pytest.mark.parametrize("row,fragment", [("FM19,心肌梗死,1.2,5000,1e13,1.0", "均次费用"),
                                          ("FM19,心肌梗死,1.2,5000,6000,1e308", "差异系数“1E+308”")])
def test_an_absurd_per_level_standard_or_coefficient_is_rejected(db, tmp_path, row, fragment):
    path = tmp_path / "groups.csv"
    path.write_text("DRG编码,DRG名称,权重,均次费用,三级医院支付标准,三级医院系数\nGB11,胃手术,0.9,5000,5200,1.05\n"
                    + row + "\n", encoding="utf-8")
    result = load_group_table(db, path, actor="admin")
    assert result.rows_loaded == 1 and [r.code for r in result.rejected] == ["FM19"]
    assert fragment in result.rejected[0].reason.zh
