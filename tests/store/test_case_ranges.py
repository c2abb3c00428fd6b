"""Batches record the id run of their cases; periods are read by those runs; the filter lists
(hospitals and DRGs present per period) follow every recompute."""
from __future__ import annotations

from sqlite_utils import Database

from tests.engine.factory import add_batch, add_case
from tests.importer.helpers import case, write_batch
from workstation.engine.read_cases import read_cases
from workstation.engine.ruleset import current_rules
from workstation.services.operations import import_file
from workstation.services.queue import filter_choices
from workstation.store import migrations
from workstation.store.case_ranges import period_ranges
from workstation.store.db import open_database


def _ranges(db):
    return {row[0]: (row[1], row[2]) for row in db.execute(
        "SELECT id, first_case_pk, last_case_pk FROM batches ORDER BY id")}


def _ids(db, batch_id):
    return [r[0] for r in db.execute("SELECT id FROM cases WHERE batch_id = ? ORDER BY id", [batch_id])]


def test_each_batch_records_the_id_run_of_its_cases_and_an_empty_one_without_cases(db, tmp_path):
    first = import_file(db, write_batch(tmp_path / "a.csv", [case(1), case(2), case(3)]), actor="t").result
    second = import_file(db, write_batch(tmp_path / "b.csv", [case(3), case(4)]), actor="t").result
    only_old = import_file(db, write_batch(tmp_path / "c.csv", [case(1), case(2)]), actor="t").result
    assert only_old.rows_imported == 0 and only_old.batch_id is not None
    ranges = _ranges(db)
    assert ranges[first.batch_id] == (_ids(db, first.batch_id)[0], _ids(db, first.batch_id)[-1])
    assert ranges[second.batch_id] == (_ids(db, second.batch_id)[0],) * 2  # one new case
    low, high = ranges[only_old.batch_id]
    assert high < low, "a batch that brought no case records an empty run"
    # The period's runs, merged: every case of the period and nothing else.
    (run,) = period_ranges(db, first.period)
    assert list(range(run[0], run[1] + 1)) == [r[0] for r in db.execute("SELECT id FROM cases ORDER BY id")]


def test_a_period_reads_the_same_by_its_runs_as_by_testing_every_row(db, tmp_path):
    import_file(db, write_batch(tmp_path / "a.csv", [case(i) for i in range(1, 6)]), actor="t")
    import_file(db, write_batch(tmp_path / "b.csv", [case(i, discharge_date="2024-04-02")
                                                     for i in range(6, 9)]), actor="t")
    import_file(db, write_batch(tmp_path / "c.csv", [case(i) for i in range(9, 12)]), actor="t")
    rules = current_rules(db)
    periods = sorted(r[0] for r in db.execute("SELECT DISTINCT period FROM batches"))
    assert len(periods) == 2 and period_ranges(db, periods[0]) is not None
    by_runs = read_cases(db, rules, periods)
    db.execute("UPDATE batches SET first_case_pk = NULL")  # as if the runs were not known
    assert period_ranges(db, periods[0]) is None
    by_rows = read_cases(db, rules, periods)
    assert sorted(by_runs["pk"].tolist()) == sorted(by_rows["pk"].tolist()) == list(range(1, 12))
    for name in ("pk", "period", "hospital_code", "drg_code", "total_cost_fen", "codes_text", "simple_flags"):
        assert by_runs[name].tolist() == by_rows[name].tolist(), name


def test_the_filter_lists_follow_each_import(db, tmp_path):
    import_file(db, write_batch(tmp_path / "a.csv", [case(1), case(2, drg_code="GB29")]), actor="t")
    before = filter_choices(db, "2024-03")
    import_file(db, write_batch(tmp_path / "b.csv", [case(3, hospital_code="H0099", drg_code="BR23")]),
                actor="t")
    after = filter_choices(db, "2024-03")
    assert [code for code, _ in before["hospitals"]] == ["H001"]
    assert [code for code, _ in after["hospitals"]] == ["H001", "H0099"]
    assert [code for code, _ in after["drgs"]] == ["BR23", "FM19", "GB29"]
    assert filter_choices(db, "")["drgs"] == after["drgs"]  # all periods
    assert filter_choices(db, "2024-07")["hospitals"] == []


def test_an_older_file_gets_its_runs_and_filter_lists_when_opened(tmp_path, monkeypatch):
    path = tmp_path / "v3.db"
    older = Database(path)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
    migrations.migrate(older)
    monkeypatch.undo()
    march, empty, april = add_batch(older, "2024-03"), add_batch(older, "2024-03"), add_batch(older, "2024-04")
    pks = [add_case(older, march, hospital="H001", drg_code="FM19"),
           add_case(older, march, hospital="H002", drg_code="BR23"),
           add_case(older, april, period="2024-04", discharge="2024-04-03", hospital="H003", drg_code="GB29")]
    older.execute("INSERT INTO case_results (case_pk, period, hospital_code, drg_code)"
                  " SELECT id, period, hospital_code, drg_code FROM cases")
    older.conn.commit()
    older.close()

    db = open_database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    ranges = _ranges(db)
    assert ranges[march] == (pks[0], pks[1]) and ranges[april] == (pks[2], pks[2])
    assert ranges[empty][1] < ranges[empty][0]
    assert "idx_cases_period_drg_code" not in {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    choices = filter_choices(db, "2024-03")
    assert [c for c, _ in choices["hospitals"]] == ["H001", "H002"]
    assert [c for c, _ in choices["drgs"]] == ["BR23", "FM19"]
    db.close()
