"""Garbage never crashes the importer; a killed import leaves a consistent database."""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.importer.helpers import GOOD, case, write_batch
from workstation.importer.service import import_batch
from workstation.store.db import open_database, open_memory

KEYS = list(GOOD)
cell = st.text(alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")),
                                  st.sampled_from(list(",\"\n\t;；|¥元 .-0123456789"))), max_size=12)
garbage_row = st.fixed_dictionaries({}, optional={k: cell for k in KEYS})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(garbage_row, min_size=1, max_size=8))
def test_garbage_cells_never_crash_and_rows_reconcile(changes):
    rows = [case(i + 1, **change) for i, change in enumerate(changes)]
    db = open_memory()
    with tempfile.TemporaryDirectory() as folder:
        path = write_batch(Path(folder) / "garbage.csv", rows)
        result = import_batch(db, path, actor="hypothesis", period="2024-03")
    assert result.rows_read == result.rows_imported + result.rows_quarantined
    assert result.rows_read <= len(rows)
    stored = db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    held = db.execute("SELECT COUNT(*) FROM quarantine").fetchone()[0]
    assert (stored, held) == (result.rows_imported, result.rows_quarantined)
    assert sum(result.reasons.values()) == result.rows_quarantined


def big_batch(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        from workstation.domain.fields import FIELDS_BY_KEY

        writer.writerow([FIELDS_BY_KEY[k].zh for k in KEYS])
        template = [GOOD[k] for k in KEYS]
        at = KEYS.index("case_id")
        for n in range(rows):
            template[at] = f"K{n:08d}"
            writer.writerow(template)
    return path


@pytest.mark.slow
def test_kill_during_a_large_import_leaves_the_database_consistent(tmp_path):
    db_path = tmp_path / "ws.db"
    db = open_database(db_path)
    import_batch(db, write_batch(tmp_path / "first.csv", [case(1), case(2)]), actor="tester")
    db.close()
    source = big_batch(tmp_path / "big.csv", 200_000)
    wal, journal = Path(f"{db_path}-wal"), Path(f"{db_path}-journal")
    size_before = db_path.stat().st_size
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "import",
                                str(source)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    journal_seen = None
    try:
        # The batch is being written once its pages reach the write-ahead log or, as a file this
        # big is written under a rollback journal (store.db.bulk_write_journal), once that journal
        # is there and the batch's rows are going in (the file grows, or a second has passed).
        while time.monotonic() < deadline and process.poll() is None:
            if wal.exists() and wal.stat().st_size > 2_000_000:
                break
            if journal.exists():
                journal_seen = journal_seen or time.monotonic()
                if db_path.stat().st_size > size_before + 2_000_000 or time.monotonic() - journal_seen > 1.0:
                    break
            time.sleep(0.02)
        assert process.poll() is None, "the import finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    db = open_database(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # back from the bulk write's journal
        batches = list(db.query("SELECT id, rows_imported FROM batches"))
        assert len(batches) == 1  # the killed import left no batch behind
        for batch in batches:
            held = db.execute("SELECT COUNT(*) FROM cases WHERE batch_id = ?", [batch["id"]]).fetchone()[0]
            assert held == batch["rows_imported"]
        total = db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
        assert total == sum(b["rows_imported"] for b in batches) == 2
        indexes = {r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'cases'"
                                            " AND type = 'index' AND sql IS NOT NULL")}
        assert any("UNIQUE" in (sql or "").upper() for sql in indexes)
        # ... and the same file imports cleanly afterwards.
        assert import_batch(db, source, actor="tester").rows_imported == 200_000
    finally:
        db.close()


def _serving(kind: str) -> list[int]:
    """Processes running a helper of ``kind`` (their command line names it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if kind.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="looks for the worker process in /proc")
def test_kill_during_a_first_import_being_staged_leaves_nothing_behind(tmp_path):
    """Into an empty store a big file's rows go through staging files (importer.staging):
    killed then, the store is as it was, the worker ends, and the next opening sweeps the folder."""
    from workstation.importer import staging

    if not staging.available():
        pytest.skip("staging needs the ADBC driver")
    db_path = tmp_path / "ws.db"
    open_database(db_path).close()
    source = big_batch(tmp_path / "big.csv", 200_000)
    before = set(_serving("importer.worker import serve"))  # (other imports', if any)
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "import",
                                str(source)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if list(tmp_path.glob("ws.db-staging-*/part2.db")):  # two files finished and being copied
                break
            time.sleep(0.02)
        assert process.poll() is None, "the import finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    ended = time.monotonic() + 30
    while time.monotonic() < ended and set(_serving("importer.worker import serve")) - before:
        time.sleep(0.1)
    assert not set(_serving("importer.worker import serve")) - before, "the worker outlived the import"
    db = open_database(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0
        # Swept at this opening (store.leftovers), not only at the next import: it holds ID numbers.
        assert not list(tmp_path.glob("ws.db-staging-*")), "the killed import's staging folder was not swept"
        from workstation.services.operations import import_file

        again = import_file(db, source, actor="tester")
        assert again.result.rows_imported == 200_000 and again.recomputed.cases == 200_000
        assert not list(tmp_path.glob("ws.db-staging-*")), "the next import left its folder"
    finally:
        db.close()
