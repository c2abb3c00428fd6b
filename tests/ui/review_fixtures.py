"""A workspace over synthetic review data, for the queue, detail and chart tests."""
from __future__ import annotations

import pytest

from tests.ui.factory import build_review_database
from workstation.store.db import open_database


@pytest.fixture
def review_workspace(db_path, qtbot):
    from workstation.ui.workspace import Workspace

    db = open_database(db_path)
    build_review_database(db, 600, seed=5, periods=("2024-03", "2024-04"), hospitals=4, groups=6)
    db.close()
    workspace = Workspace(db_path)
    assert workspace.period == "2024-04"  # the desk opens on the latest period ...
    workspace.set_period("")  # ... these tests look at both
    yield workspace
    workspace.close()
