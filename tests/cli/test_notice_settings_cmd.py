"""notice-settings lists what is set; the migration's stand-ins are said to be unset."""
from __future__ import annotations

from tests.conftest import run_cli


def test_placeholders_are_listed_as_not_set(tmp_path):
    shown = run_cli("--db", str(tmp_path / "w.db"), "notice-settings")
    assert shown.returncode == 0, shown.stderr
    bureau = next(line for line in shown.stdout.splitlines() if line.startswith("发文机关"))
    assert "未设置" in bureau and "××市医疗保障局" in bureau
    run_cli("--db", str(tmp_path / "w.db"), "notice-settings", "--bureau", "某市医疗保障局")
    bureau = next(line for line in run_cli("--db", str(tmp_path / "w.db"), "notice-settings").stdout.splitlines()
                  if line.startswith("发文机关"))
    assert bureau.endswith(": 某市医疗保障局")
