"""Every shell panel runs on its own (python -m ...) and shows a database's data."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from tests.conftest import ROOT


@pytest.mark.parametrize("module", ["workstation.ui.batches.page", "workstation.ui.reference.page",
                                    "workstation.ui.review.page",
                                    "workstation.ui.import_dialog.dialog"])
def test_panel_runs_on_its_own(module, small_db_path, tmp_path):
    picture = tmp_path / "panel.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DRG_WORKSTATION_SETTINGS=str(tmp_path / "s.ini"))
    done = subprocess.run([sys.executable, "-m", module, "--db", str(small_db_path), "--screenshot", str(picture),
                           "--size", "1366x768"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    image = QImage(str(picture))
    assert not image.isNull() and image.width() >= 700
