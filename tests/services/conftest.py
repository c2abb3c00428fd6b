"""Fixtures of the services' tests: a small store with cases, results and an expert pool, built
once per session and copied for each test that walks the authority."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.engine.factory import add_batch, add_case, add_groups
from workstation.engine.recompute import recompute
from workstation.services.context import Actor
from workstation.services.experts import add_expert
from workstation.store.db import open_database


@pytest.fixture(scope="session")
def walk_template(tmp_path_factory) -> Path:
    """40 DRG cases of H001 (a quota of 2 at 5 %) and six experts, 专家0 affiliated with H001."""
    path = tmp_path_factory.mktemp("authority") / "template.db"
    db = open_database(path)
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    for _ in range(40):
        add_case(db, batch, cost="9000.00")
    recompute(db, actor="t")
    for i in range(6):
        add_expert(db, Actor("setup"), f"专家{i}", hospital_codes="H001" if i == 0 else "")
    db.close()
    return path


@pytest.fixture
def walk_store(walk_template, tmp_path):
    path = tmp_path / "w.db"
    shutil.copy(walk_template, path)
    db = open_database(path)
    yield db, tmp_path
    db.close()
