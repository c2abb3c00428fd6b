"""`groups` and `hospitals` commands end to end, as a user runs them."""
from __future__ import annotations

import sqlite3

from tests.conftest import ROOT, run_cli

WUHAN = str(ROOT / "resources" / "drg" / "wuhan-2022.csv")
BEIJING = str(ROOT / "resources" / "drg" / "beijing-2022.csv")


def test_groups_command_prints_summary_and_loads(tmp_path):
    db = tmp_path / "w.db"
    done = run_cli("groups", BEIJING, "--label", "北京2022", "--db", str(db), "--user", "admin")
    assert done.returncode == 0, done.stderr
    assert "载入 696 病组" in done.stdout and "按项目据实支付" in done.stdout and "WB19" in done.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT label, loaded_by FROM reference_versions").fetchone() == ("北京2022", "admin")


def test_groups_command_cost_column_and_english(tmp_path):
    db = tmp_path / "w.db"
    done = run_cli("--lang", "en", "--db", str(db), "groups", WUHAN, "--cost-column", "居民")
    assert done.returncode == 0, done.stderr
    assert "660 groups" in done.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT avg_cost_fen FROM drg_groups WHERE drg_code = 'AE19'").fetchone() == (10946600,)


def test_groups_command_refuses_a_wrong_file_without_traceback(tmp_path):
    wrong = tmp_path / "cases.csv"
    wrong.write_text("就诊ID,医疗总费用\n1,100\n", encoding="utf-8")
    done = run_cli("groups", str(wrong), "--db", str(tmp_path / "w.db"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "cases.csv" in done.stderr and "表头" in done.stderr


def test_hospitals_command(tmp_path):
    table = tmp_path / "h.csv"
    table.write_text("机构编码,机构名称,级别,差异系数\nH1,甲医院,三级,1.05\nH2,乙医院,二级,\nH3,丙,特级,1\n",
                     encoding="gb18030")
    # One row of three refused is more than the rules' 2%: the table is not loaded ...
    done = run_cli("hospitals", str(table), "--db", str(tmp_path / "w.db"), "--rejected-out", str(tmp_path / "r.csv"))
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("4,H3,级别“特级”无法识别")
    assert "1 行被拒收（共 3 行" in done.stderr and "第 4 行 H3" in done.stderr and "--accept-partial" in done.stderr
    with sqlite3.connect(tmp_path / "w.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM reference_versions").fetchone() == (0,)
    # ... until the user accepts the partial load, which is audited.
    done = run_cli("hospitals", str(table), "--db", str(tmp_path / "w.db"), "--accept-partial")
    assert done.returncode == 0, done.stderr
    assert "载入 2 家机构" in done.stdout and "第 4 行 H3" in done.stdout and "按 1.0 计" in done.stdout
    assert "部分载入" in done.stdout
    with sqlite3.connect(tmp_path / "w.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'hospitals.accept_partial'"
                            ).fetchone() == (1,)


def test_help_is_bilingual():
    for command in ("groups", "hospitals"):
        done = run_cli(command, "--help")
        assert done.returncode == 0
        assert "载入" in done.stdout
        english = run_cli("--lang", "en", command, "--help")
        assert english.returncode == 0
        assert "Load" in english.stdout and "载入" not in english.stdout
    assert "--cost-column" in run_cli("groups", "--help").stdout
