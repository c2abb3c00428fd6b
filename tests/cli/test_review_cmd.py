"""The workflow from the command line, as a script would run it: file in, signed decision out."""
from __future__ import annotations

from tests.conftest import run_cli
from tests.engine.factory import add_batch, add_case, add_groups
from workstation.engine.recompute import recompute
from workstation.store.db import open_database


def test_an_application_file_through_to_a_notified_decision(tmp_path):
    path = tmp_path / "w.db"
    db = open_database(path)
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    for i in range(40):
        add_case(db, batch, case_id=f"C{i:03d}", cost="50000.00" if i == 0 else "9000.00")
    recompute(db, actor="t")
    db.close()
    apps = tmp_path / "申报.csv"
    apps.write_text("定点医药机构编码,就诊ID,申报类型,申报理由,申请金额\n"
                    "H001,C000,医疗费用高,多次手术,\"12,345.60\"\n"
                    "H001,C001,便宜,x,\n"
                    "H002,C002,HIGH_COST,x,\n", encoding="gb18030")

    def cli(*args, user="li"):
        return run_cli("--db", str(path), "--user", user, *args)

    for i in range(3):
        assert cli("experts", "add", f"专家{i}").returncode == 0
    imported = cli("applications", "import", str(apps))
    assert "读取 3 行 = 接收 1 件 + 隔离 2 行" in imported.stdout
    assert "便宜" in imported.stdout and "C002" in imported.stdout
    assert "已导入过" in cli("applications", "import", str(apps)).stdout
    header, *listed = cli("applications", "list").stdout.splitlines()
    assert header.split() == ["编号", "医院", "就诊ID", "申报类型", "状态", "评审周期", "标记"] and "已申报" in listed[0]
    assert cli("experts", "list").stdout.splitlines()[1].split()[:2] == ["1", "专家0"]
    refused = cli("review", "sign", "1")
    assert refused.returncode == 2 and "现在可以办理：受理、退回补充、不予受理" in refused.stderr
    chosen = cli("review", "draw", "1", "--seed", "x")  # nobody chooses the draw: refused by its rule, nothing drawn
    assert chosen.returncode == 2 and "（规则：draw-nobody-chooses）" in chosen.stderr, chosen.stderr
    assert "--seed" not in cli("review", "draw", "--help").stdout
    steps = [("accept",), ("draw",), *[("vote", "--expert", str(e), "--vote", "support")
                                                     for e in (1, 2, 3)],
             ("conclude",), ("propose", "--deduct", "fee_western=100.00"), ("answer", "--reply", "agree"),
             ("draft", "--reasons", "评审通过")]
    for step in steps:
        done = cli("review", step[0], "1", *step[1:])
        assert done.returncode == 0, (step, done.stderr)
    assert "决定 1：按项目付费（扣减后），点数" in done.stdout  # the method by its name, not its code
    replayed = cli("review", "replay-draw", "1")
    assert replayed.returncode == 0 and "secrets" in replayed.stdout and replayed.stdout.splitlines()[-1].split()[6] == "是"
    again = cli("review", "vote", "1", "--expert", "1", "--vote", "oppose")
    assert again.returncode == 2 and "decided-panel-is-final" in again.stderr  # concluded: the votes stand
    own = cli("review", "sign", "1")
    assert own.returncode == 2 and "四眼原则" in own.stderr and "four-eyes" in own.stderr
    assert cli("review", "sign", "1", user="wang").returncode == 0
    assert "已告知医院" in cli("review", "notify", "1").stdout
    verified = cli("audit", "verify")
    assert verified.returncode == 0 and "审计链完整" in verified.stdout
    history = cli("audit", "history", "1").stdout
    assert history.index("review.submit") < history.index("review.sign") < history.index("review.notify")
