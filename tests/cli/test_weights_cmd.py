"""`weights` and `opinions` from the command line, as the README shows them."""
from __future__ import annotations

import openpyxl
import pytest

from tests.engine.recalibration_data import build_store
from workstation.cli import main
from workstation.domain.messages import set_language


@pytest.fixture(autouse=True)
def chinese_afterwards():
    """``--lang en`` sets the process's language: later tests expect the default again."""
    yield
    set_language("zh")


def test_propose_negotiate_adopt_and_publish(tmp_path, capsys):
    build_store(tmp_path).close()
    db = ["--db", str(tmp_path / "recalibration.db"), "--lang", "en"]
    assert main([*db, "weights", "propose", "--from", "2024-03", "--out", str(tmp_path / "p.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "9 groups listed" in out and "2 proposals" in out and "ZZ03" in out and "ZZ08" in out
    assert openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames[0] == "Groups"
    assert main([*db, "weights", "negotiate", "open", "--from", "2024-03", "--date", "2024-04-10",
                 "--bureau", "Zhang", "--hospital", "H001=Li", "--hospital", "H002=Wang", "--expert", "Liu"]) == 0
    assert main([*db, "weights", "negotiate", "position", "1", "H001", "ZZ03=agree", "ZZ08=1.9"]) == 0
    assert main([*db, "weights", "negotiate", "position", "1", "H009", "ZZ03=agree"]) == 2  # not at the table
    assert main([*db, "weights", "negotiate", "outcome", "1", "ZZ03=proposed", "ZZ08=reject"]) == 0
    capsys.readouterr()
    assert main([*db, "weights", "negotiate", "show", "1"]) == 0
    shown = capsys.readouterr().out
    assert "1.9000" in shown and "agreed" in shown and "rejected" in shown
    assert main([*db, "weights", "negotiate", "minutes", "1", "--out", str(tmp_path / "m.pdf")]) == 0
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")
    assert main([*db, "weights", "adopt", "1", "--recompute"]) == 0
    assert "ZZ03: 1.55 →" in capsys.readouterr().out
    assert main([*db, "weights", "adopt", "1"]) == 2  # once only
    assert main([*db, "opinions", "add", "H001", "--topic", "weights", "--text", "too fast", "--date", "2024-04-01"]) == 0
    assert main([*db, "opinions", "answer", "1", "--text", "discussed", "--date", "2024-04-05"]) == 0
    assert main([*db, "opinions", "publish", "2024H1", "--pdf", str(tmp_path / "o.pdf"),
                 "--xlsx", str(tmp_path / "o.xlsx")]) == 0
    assert "1 opinions published" in capsys.readouterr().out
