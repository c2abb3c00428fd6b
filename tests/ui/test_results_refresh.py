"""Opening the window brings stale results up to date off the GUI thread (issue 18, point 1)."""
from __future__ import annotations

from tests.importer.helpers import case, write_batch
from workstation.engine.freshness import stale_periods
from workstation.importer.service import import_batch
from workstation.store.db import open_database


def test_a_stale_period_is_recomputed_when_the_window_opens(start_app, db_path, tmp_path, qtbot):
    db = open_database(db_path)
    import_batch(db, write_batch(tmp_path / "b.csv", [case(i) for i in range(1, 4)]), actor="t")
    assert stale_periods(db) == ["2024-03"]
    db.close()
    controller, shown = start_app(db_path)
    window = controller.window
    assert shown and window.refresh_job is not None
    with qtbot.waitSignal(window.refresh_job.finished, timeout=20000):
        pass
    db = open_database(db_path)
    assert stale_periods(db) == [] and db.execute("SELECT COUNT(*) FROM case_results").fetchone()[0] == 3
    db.close()
