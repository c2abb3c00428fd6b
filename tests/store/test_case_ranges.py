"""Batches record the id run of their cases; periods are read by those runs; the filter lists
(hospitals and DRGs present per period) follow every recompute."""
from __future__ import annotations

from tests.engine.factory import add_batch, add_case
from tests.importer.helpers import case, write_batch
from workstation.engine.read_cases import read_cases
from workstation.engine.ruleset import current_rules
from workstation.services.operations import import_file
from workstation.services.queue import filter_choices
from workstation.store.case_ranges import period_ranges


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


def test_a_period_of_the_results_is_read_as_the_span_of_its_batches_and_nothing_is_missed(db, tmp_path):
    """The queue, charts, summary and export bound a period by its batches' id span
    (period_term): with interleaved periods, a batch that records no range, or only empty
    batches, the rows kept are exactly the period's results, and SQLite reads a range of ids."""
    from workstation.engine.recompute import recompute
    from workstation.store.case_ranges import period_term

    def batch(name, numbers, **dates):
        rows = [case(i, **dates) for i in numbers]
        return import_file(db, write_batch(tmp_path / name, rows), actor="t").result

    a = batch("a.csv", range(1, 4), discharge_date="2024-03-10")
    b = batch("b.csv", range(4, 6), admit_date="2024-04-01", discharge_date="2024-04-10")
    c = batch("c.csv", range(6, 8), discharge_date="2024-03-11")
    assert (a.period, b.period, c.period) == ("2024-03", "2024-04", "2024-03")

    def kept(period):
        term, params = period_term(period, "r")
        return sorted(pk for (pk,) in db.execute(f"SELECT r.case_pk FROM case_results r WHERE {term}", params))

    def truth(period):
        return sorted(pk for (pk,) in db.execute("SELECT case_pk FROM case_results WHERE period = ?", [period]))

    for period in ("2024-03", "2024-04"):  # 2024-04's batch lies inside 2024-03's span
        assert kept(period) == truth(period) and truth(period)
    term, params = period_term("2024-03", "r")
    plan = " ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM case_results r WHERE {term}",
                                             params))
    assert "rowid>? AND rowid<?" in plan, plan
    # A batch put in by other means records no range: the period is then tested on every row.
    other = add_batch(db, "2024-03")
    add_case(db, other, period="2024-03", cost="500.00")
    recompute(db, ["2024-03"], actor="t")
    assert kept("2024-03") == truth("2024-03") and len(truth("2024-03")) == 6
    # A period whose only batch brought no case has none; an unknown period neither.
    import_file(db, write_batch(tmp_path / "d.csv", [case(1, discharge_date="2024-03-02")]), actor="t",
                period="2024-05")
    assert kept("2024-05") == [] and kept("2099-01") == []


def test_the_case_key_is_indexed_case_id_first_and_unique(db):
    import sqlite3

    import pytest

    batch = add_batch(db, "2024-03")
    add_case(db, batch, hospital="H001", case_id="ZY1")
    indexes = {name: [c[2] for c in db.execute(f'PRAGMA index_info("{name}")')]
               for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'"
                                         " AND name NOT LIKE 'sqlite_%'")}
    assert indexes["idx_cases_case_id_hospital_code"] == ["case_id", "hospital_code"]
    add_case(db, batch, hospital="H002", case_id="ZY1")  # the same case id at another hospital: another case
    with pytest.raises(sqlite3.IntegrityError):
        add_case(db, batch, hospital="H001", case_id="ZY1")
    plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN SELECT id FROM cases"
                                             " WHERE hospital_code = 'H001' AND case_id = 'ZY1'"))
    assert "idx_cases_case_id_hospital_code" in plan
