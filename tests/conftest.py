"""Shared fixtures. Qt runs offscreen; one QApplication per session (pytest-qt)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DRG_LANG", "zh")

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workstation.db"


@pytest.fixture
def db(db_path: Path):
    from workstation.store.db import open_database

    database = open_database(db_path)
    yield database
    database.close()


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None):
    """Run `python main.py ARGS` as a user would; returns the CompletedProcess."""
    import subprocess

    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, encoding="utf-8", env=full_env, cwd=cwd or ROOT, timeout=600)
