"""A big recompute reads part of its cases in a helper process: the results are exactly those of
reading alone, and cases the helper cannot see (not yet committed) or a failed helper never
cost a result."""
from __future__ import annotations

import numpy as np
import pytest

from workstation.demo.bootstrap import create_demo_database
from workstation.engine import read_helper
from workstation.engine.recompute import recompute
from workstation.store import arrow_read
from workstation.store.db import open_database


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    path = tmp_path_factory.mktemp("helper") / "demo.db"
    create_demo_database(path, cases=4000, seed=5)
    return path


@pytest.fixture
def demo(demo_master, tmp_path):
    db = open_database(demo_master)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    path = tmp_path / "demo.db"
    path.write_bytes(demo_master.read_bytes())
    db = open_database(path)
    yield db
    db.close()


def _results(db):
    return db.execute("SELECT * FROM case_results_full ORDER BY case_pk").fetchall()


@pytest.fixture
def helper_results(monkeypatch):
    """Every helper's answer, as the recompute got it (None: it failed)."""
    got = []
    real = read_helper.ReadHelper.result
    monkeypatch.setattr(read_helper, "HELP_FROM_CASES", 0)
    monkeypatch.setattr(read_helper.ReadHelper, "result", lambda self: got.append(real(self)) or got[-1])
    return got


def test_reading_with_a_helper_gives_the_same_results(demo, helper_results):
    alone = _results(demo)  # computed when the demo was built, below the helper's size
    flags = {row[0] for row in demo.execute("SELECT flag_codes FROM case_results_full")}
    assert any("SEX_CONFLICT" in (f or "") for f in flags) and any("HIGH" in (f or "") for f in flags)
    demo.execute("DELETE FROM case_results")
    recompute(demo, actor="t")
    assert len(helper_results) == 1 and helper_results[0] is not None
    seen, parts = helper_results[0]
    read = sum(len(columns["pk"]) for _, columns in parts)
    if arrow_read.available():  # through ADBC on two threads it reads the most
        total = demo.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
        assert abs(read - round(total * read_helper.HELPER_SHARE_THROUGH_ADBC)) <= 1
    assert read > 1000  # it read its share
    assert _results(demo) == alone


def test_a_helper_that_cannot_read_through_adbc_reads_through_sqlite3(demo, helper_results, monkeypatch):
    if not arrow_read.available():
        pytest.skip("adbc_driver_sqlite is not installed")
    alone = _results(demo)
    # The driver takes a column's type from its first rows: a first batch of cases without a DRG
    # code (NULL, read as whole numbers) and then codes is beyond it.
    first = demo.execute("SELECT MIN(id) FROM cases").fetchone()[0]
    demo.execute("UPDATE cases SET drg_code = NULL WHERE id < ?", [first + 3000])
    demo.conn.commit()
    with arrow_read.reader(demo.execute("PRAGMA database_list").fetchone()[2]) as conn:
        with pytest.raises(arrow_read.ArrowReadError, match="(?i)type"):
            arrow_read.query(conn, "SELECT drg_code FROM cases ORDER BY id")
    recompute(demo, actor="t")  # the helper's threads fail; it reads through sqlite3 instead
    with_helper = _results(demo)
    assert helper_results and helper_results[0] is not None
    assert len(with_helper) == len(alone) and with_helper != alone  # (those cases are ungrouped now)
    monkeypatch.setattr(read_helper, "HELP_FROM_CASES", 10 ** 9)  # and read alone: the same
    demo.execute("DELETE FROM case_results")
    recompute(demo, actor="t")
    assert _results(demo) == with_helper


def test_by_hospital_level_the_helper_reads_the_levels_through_adbc_too(demo, helper_results, tmp_path,
                                                                         monkeypatch):
    from workstation.engine.ruleset import load_rules_file

    rules = tmp_path / "levels.toml"
    rules.write_text('[high]\nbasis = "hospital_level"\n', encoding="utf-8")
    load_rules_file(demo, rules, actor="t")
    monkeypatch.setattr(read_helper, "HELP_FROM_CASES", 10 ** 9)
    recompute(demo, actor="t")
    alone = _results(demo)
    assert not helper_results
    monkeypatch.setattr(read_helper, "HELP_FROM_CASES", 0)
    demo.execute("DELETE FROM case_results")
    recompute(demo, actor="t")
    assert helper_results and helper_results[-1] is not None
    levels = [columns["hospital_level"] for _, columns in helper_results[-1][1]]
    assert levels and all(len(level) for level in levels)
    assert _results(demo) == alone
    # Read through ADBC, not the fall-back (here in the test's process, which writes nothing meanwhile).
    from workstation.domain.outliers import sex_codes
    from workstation.engine.read_cases import plan_parts, read_parts_in_threads
    from workstation.engine.ruleset import current_ruleset

    _, current = current_ruleset(demo, actor="t")
    path = demo.execute("PRAGMA database_list").fetchone()[2]
    periods = [p for (p,) in demo.execute("SELECT DISTINCT period FROM cases")]
    _, parts = read_parts_in_threads(path, current, plan_parts(demo, periods), sex_codes())
    assert sorted(v for _, c in parts for v in c["hospital_level"].tolist() if v is not None) == sorted(
        v for (v,) in demo.execute("SELECT hospital_level FROM cases WHERE hospital_level IS NOT NULL"))


def test_adbc_columns_as_the_engine_wants_them(demo):
    # (ADBC in the test's own process: harmless here, as nothing writes to the file meanwhile.)
    if not arrow_read.available():
        pytest.skip("adbc_driver_sqlite is not installed")
    path = demo.execute("PRAGMA database_list").fetchone()[2]
    with arrow_read.reader(path) as conn:
        got = arrow_read.query(conn, "SELECT id, hospital_code, NULL AS no_value, main_dx,"
                                     " CASE WHEN id % 2 THEN los END AS some_los FROM cases"
                                     " WHERE id <= :last ORDER BY id", {"last": 10 ** 9},
                               int_columns={"id"}, arrow_columns={"main_dx"})
        none = arrow_read.query(conn, "SELECT id, hospital_code FROM cases WHERE id < 0", int_columns={"id"})
        with pytest.raises(arrow_read.ArrowReadError):  # whole numbers wanted, text found
            arrow_read.query(conn, "SELECT hospital_code FROM cases", int_columns={"hospital_code"})
    plain = demo.execute("SELECT id, hospital_code, main_dx, CASE WHEN id % 2 THEN los END FROM cases"
                         " ORDER BY id").fetchall()
    assert got["some_los"].dtype == object and got["some_los"].tolist() == [r[3] for r in plain]
    assert got["id"].dtype == np.int64 and got["id"].tolist() == [r[0] for r in plain]
    assert got["hospital_code"].dtype == object and got["hospital_code"].tolist() == [r[1] for r in plain]
    assert got["no_value"].tolist() == [None] * len(plain)  # no value to type it by: None, not NaN
    assert got["main_dx"].to_pylist() == [r[2] for r in plain]  # kept as Arrow text
    assert len(none["id"]) == 0 and none["hospital_code"].dtype == object


def test_cases_the_helper_cannot_see_yet_are_read_here(demo, helper_results):
    period = demo.execute("SELECT period FROM batches").fetchone()[0]
    with demo.atomic():  # a case appended in this transaction: the helper's connection cannot see it
        last = demo.execute("SELECT MAX(id) FROM cases").fetchone()[0]
        columns = [c for c in demo["cases"].columns_dict if c not in ("id", "batch_id", "case_id")]
        batch = demo.execute("INSERT INTO batches (file_name, file_sha256, period, imported_at, imported_by,"
                             " rows_read, rows_imported, rows_quarantined, first_case_pk, last_case_pk)"
                             " VALUES ('late.csv', 'late', ?, '2024-04-02', 't', 1, 1, 0, ?, ?)",
                             [period, last + 1, last + 1]).lastrowid
        demo.execute(f"INSERT INTO cases (id, batch_id, case_id, {', '.join(columns)})"
                     f" SELECT ?, ?, 'LATE-1', {', '.join(columns)} FROM cases WHERE id = ?", [last + 1, batch, last])
        recompute(demo, [period], actor="t")
        assert helper_results and helper_results[0] is not None  # it answered, for the cases it saw
        row = demo.execute("SELECT case_id, total_cost_fen FROM case_results WHERE case_pk = ?", [last + 1]).fetchone()
        assert row == ("LATE-1", demo.execute("SELECT total_cost_fen FROM cases WHERE id = ?", [last]).fetchone()[0])
        held = demo.execute("SELECT COUNT(*) FROM case_results WHERE period = ?", [period]).fetchone()[0]
        assert held == demo.execute("SELECT COUNT(*) FROM cases WHERE period = ?", [period]).fetchone()[0]


@pytest.mark.parametrize("dies", ["before its job arrives", "while reading"])
def test_a_helper_that_fails_costs_nothing(demo, helper_results, monkeypatch, dies):
    alone = _results(demo)
    code = ("import sys; sys.exit(3)" if dies == "before its job arrives" else
            "import sys, time; sys.stdin.buffer.read(); time.sleep(0.2); sys.exit(3)")
    monkeypatch.setattr(read_helper.ReadHelper, "CODE", code)
    if dies == "before its job arrives":  # make sure it has ended when the job is sent
        real_send = read_helper.ReadHelper.send
        monkeypatch.setattr(read_helper.ReadHelper, "send",
                            lambda self, *a: self.process.wait() is not None and real_send(self, *a))
    demo.execute("DELETE FROM case_results")
    recompute(demo, actor="t")
    assert helper_results == ([] if dies == "before its job arrives" else [None])
    assert _results(demo) == alone



def test_a_period_linked_by_readmissions_is_read_here_beside_the_helpers_share(demo, helper_results, monkeypatch):
    """The helper is given its share of the asked period before the readmissions are looked
    for; a period they link to is read by this process."""
    first = demo.execute("SELECT period FROM batches").fetchone()[0]
    later = "2099-01"
    pks = [pk for (pk,) in demo.execute("SELECT id FROM cases WHERE discharge_mode = 1 ORDER BY id LIMIT 2")]
    last = demo.execute("SELECT MAX(id) FROM cases").fetchone()[0]
    columns = [c for c in demo["cases"].columns_dict
               if c not in ("id", "batch_id", "case_id", "period", "admit_date", "discharge_date", "los")]
    with demo.atomic():  # two stays in a new month, each the same patient, hospital and DRG 3 days later
        batch = demo.execute("INSERT INTO batches (file_name, file_sha256, period, imported_at, imported_by,"
                             " rows_read, rows_imported, rows_quarantined, first_case_pk, last_case_pk)"
                             " VALUES ('next.csv', 'next', ?, '2099-02-01', 't', 2, 2, 0, ?, ?)",
                             [later, last + 1, last + 2]).lastrowid
        for n, pk in enumerate(pks, start=1):
            demo.execute(f"INSERT INTO cases (id, batch_id, case_id, period, admit_date, discharge_date, los,"
                         f" {', '.join(columns)}) SELECT ?, ?, 'NEXT-' || ?, ?, date(discharge_date, '+3 days'),"
                         f" date(discharge_date, '+8 days'), 5, {', '.join(columns)} FROM cases WHERE id = ?",
                         [last + n, batch, n, later, pk])
    result = recompute(demo, [later], actor="t")
    assert result.periods == [first, later]  # the readmissions brought the first month in
    assert helper_results and helper_results[0] is not None  # and the helper read its share
    readmitted = demo.execute("SELECT COUNT(*) FROM case_results_full WHERE case_pk > ?"
                              " AND flag_codes LIKE '%READMIT%'", [last]).fetchone()[0]
    assert readmitted == 2
    with_helper = _results(demo)
    monkeypatch.setattr(read_helper, "HELP_FROM_CASES", 10 ** 9)
    demo.execute("DELETE FROM case_results")
    recompute(demo, actor="t")  # every period, read alone
    assert _results(demo) == with_helper
