"""Each review-desk panel runs on its own (python -m ...), on a given or a fresh demo database."""
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from tests.conftest import ROOT
from tests.ui.factory import build_review_database
from workstation.store.db import open_database

PANELS = ["workstation.ui.queue.page", "workstation.ui.detail.widget", "workstation.ui.charts.page"]


def _run(module, *args, tmp_path):
    shot = tmp_path / f"{module}.png"
    done = subprocess.run([sys.executable, "-m", module, *args, "--screenshot", str(shot), "--size", "1024x700"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 700)
    return image


@pytest.mark.parametrize("module", PANELS)
def test_panel_runs_on_a_given_database(module, db_path, tmp_path):
    db = open_database(db_path)
    build_review_database(db, 300, seed=2)
    db.close()
    _run(module, "--db", str(db_path), "--lang", "en", tmp_path=tmp_path)


def test_panel_makes_a_demo_database_when_none_is_given(tmp_path):
    image = _run("workstation.ui.queue.page", "--cases", "400", tmp_path=tmp_path)
    # Not a blank window: the table drew rows of text in several colours.
    colours = {image.pixel(x, y) for x in range(0, 1024, 16) for y in range(120, 700, 16)}
    assert len(colours) > 5
