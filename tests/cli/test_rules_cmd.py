"""`rules` shows the rules in force with each parameter's meaning in the user's language."""
from __future__ import annotations

import tomllib

from tests.conftest import run_cli


def test_rules_are_shown_with_meanings_in_chinese_and_in_english(db_path, tmp_path):
    region = tmp_path / "region.toml"
    region.write_text('[low]\nmultiple = "0.4"\n[point_value.periods]\n"2024-03" = "85.50"\n', encoding="utf-8")
    assert run_cli("--db", str(db_path), "rules", str(region)).returncode == 0
    chinese = run_cli("--db", str(db_path), "rules")
    assert chinese.returncode == 0, chinese.stderr
    lines = chinese.stdout.splitlines()
    at = lines.index('multiple = "0.4"')
    assert lines[at - 1].startswith("# 低倍率病例（LOW）：病例总费用 ≤ 本倍数 × 该病组均次费用")
    assert lines[lines.index('2024-03 = "85.50"') - 1] == "# 该结算期的点值（元/点），优先于默认点值。"
    english = run_cli("--db", str(db_path), "--lang", "en", "rules")
    lines = english.stdout.splitlines()
    assert lines[lines.index('multiple = "0.4"') - 1].startswith("# Low-cost outlier (LOW): total cost at most")
    assert tomllib.loads(english.stdout)["low"]["multiple"] == "0.4", "the output is still a valid rules file"
