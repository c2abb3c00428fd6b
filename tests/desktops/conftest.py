"""Stores for the offline-desktop tests: a demo desk with applications in every status, made once."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workstation.cli import main
from workstation.demo.bootstrap import create_demo_database
from workstation.domain.messages import language, set_language


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "desk.db"
    create_demo_database(path, cases=300)
    return path


@pytest.fixture
def desk(demo_template, tmp_path) -> Path:
    (tmp_path / "desk").mkdir()
    target = tmp_path / "desk" / "desk.db"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run a command in-process as a signed-in demo user; returns (status, stdout, stderr)."""
    monkeypatch.setenv("DRG_WORKSTATION_PASSWORD", "demo1234")

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--lang", "en", *args])
        out = capsys.readouterr()
        return status, out.out, out.err

    before = language()
    yield run
    set_language(before)  # `--lang en` sets the process's language: leave it as found
