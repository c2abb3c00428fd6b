"""The two ways of writing results (only the changed rows, or the bulk rewrite into a fresh
table) leave the same table: same rows, same variants, same indexes."""
from __future__ import annotations

import pytest

import workstation.engine.store_results as store_results
from tests.engine.factory import add_batch, add_case, add_groups
from workstation.engine.recompute import recompute
from workstation.engine.ruleset import load_rules_file
from workstation.store import migrations


def _table(db):
    return db.execute("SELECT * FROM case_results_full ORDER BY case_pk").fetchall()


def _flag_codes(db):
    return {r["case_pk"]: r["flag_codes"] for r in db.query("SELECT case_pk, flag_codes FROM case_results_full")}


def _indexes(db):
    """Each index on case_results as its statement under its first name (a bulk rewrite builds
    the new indexes under their twin names, which alternate)."""
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'case_results' AND type = 'index'")
    named = []
    for name, sql in rows:
        first = name.removesuffix(migrations.TWIN_SUFFIX)
        named.append((first, " ".join(sql.replace(f'"{name}"', f'"{first}"').split())))
    return sorted(named)


def test_an_index_rebuilt_by_a_bulk_rewrite_is_the_same_under_its_twin_name_and_the_queue_reads_a_range(
        db, tmp_path, monkeypatch):
    from workstation.services.queue import CaseFilter, count_cases, where_clause

    _fill(db)
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 0)
    monkeypatch.setattr(store_results, "SAMPLE_EVERY", 1)
    indexes = _indexes(db)
    names = []
    for low in ("0.5", "0.4", "0.5"):
        rules = tmp_path / "region.toml"
        rules.write_text(f'[low]\nmultiple = "{low}"\n', encoding="utf-8")
        load_rules_file(db, rules, actor="t")
        recompute(db, actor="t")
        names.append({n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                                               " AND tbl_name = 'case_results'")})
        assert _indexes(db) == indexes
        where, params = where_clause(CaseFilter(period="2024-03", flag_codes=("LOW",)))
        plan = " ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM case_results r"
                                                 f" WHERE {where}", params))
        assert "USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)" in plan, plan  # the period's range
        assert count_cases(db, CaseFilter(period="2024-03")) == 5
        assert count_cases(db, CaseFilter(period="2024-03", flag_codes=("LOW",))) == \
            db.execute("SELECT COUNT(*) FROM case_results_full WHERE period = '2024-03'"
                       " AND flag_codes LIKE '%LOW%'").fetchone()[0]
    case_id_index = "idx_case_results_case_id"
    assert case_id_index + migrations.TWIN_SUFFIX in names[0] and case_id_index in names[1]
    assert names[0] == names[2] and not names[0] & names[1]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _fill(db):
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    pks = []
    for period in ("2024-02", "2024-03"):
        batch = add_batch(db, period)
        pks += [add_case(db, batch, period=period, cost=c)
                for c in ("100.00", "2500.00", "9000.00", "31000.00", "60000.00")]
    return pks


@pytest.mark.parametrize("bulk", [False, True])
def test_bulk_and_row_by_row_writes_agree(db, tmp_path, monkeypatch, bulk):
    pks = _fill(db)
    indexes = _indexes(db)
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 0 if bulk else 10 ** 9)
    monkeypatch.setattr(store_results, "SAMPLE_EVERY", 1)
    first = recompute(db, actor="t")
    assert first.rows_written == len(pks)
    before = _table(db)
    assert recompute(db, actor="t").rows_written == 0
    assert _table(db) == before  # nothing changed
    rules = tmp_path / "region.toml"
    rules.write_text('[low]\nmultiple = "0.5"\n', encoding="utf-8")
    load_rules_file(db, rules, actor="t")
    # Only 2024-03 is recomputed: 2024-02's rows stay as they were (apart from neither).
    again = recompute(db, ["2024-03"], actor="t")
    after = {row[0]: row for row in _table(db)}
    assert again.rows_written == 5  # ruleset changed: every row of the period is written
    codes = _flag_codes(db)
    low_of_period = [pk for pk in pks[5:] if "LOW" in (codes[pk] or "")]
    assert pks[6] in low_of_period  # 2,500 ≤ 0.5 × 10,000 is LOW under the new rules
    for old in before[:5]:
        assert after[old[0]] == old
    assert _indexes(db) == indexes
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_bulk_write_matches_row_by_row_write(db, tmp_path, monkeypatch):
    _fill(db)
    monkeypatch.setattr(store_results, "SAMPLE_EVERY", 1)
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 10 ** 9)
    recompute(db, actor="t")
    by_row = _table(db)
    db.execute("DELETE FROM case_results")
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 0)
    recompute(db, actor="t")
    assert _table(db) == by_row


def test_a_failed_bulk_write_leaves_the_previous_results_and_settings(db, tmp_path, monkeypatch):
    _fill(db)
    recompute(db, actor="t")
    before, indexes = _table(db), _indexes(db)
    rules = tmp_path / "region.toml"
    rules.write_text('[low]\nmultiple = "0.5"\n', encoding="utf-8")
    load_rules_file(db, rules, actor="t")
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 0)
    monkeypatch.setattr(store_results, "SAMPLE_EVERY", 1)

    def fail(*_args):  # after the new table has taken the old one's place
        raise RuntimeError("disk full")
    monkeypatch.setattr(store_results, "_replace_period_codes", fail)
    with pytest.raises(RuntimeError):
        recompute(db, actor="t")
    assert _table(db) == before and _indexes(db) == indexes
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert "case_results_next" not in db.table_names()


def test_cases_alike_share_one_variant_and_unused_variants_go(db, tmp_path, monkeypatch):
    pks = _fill(db)
    recompute(db, actor="t")
    variants = db.execute("SELECT COUNT(*) FROM result_variants").fetchone()[0]
    # Same group, hospital and benchmark: the two periods' NORMAL cases at 9,000 share one variant.
    assert db.execute("SELECT COUNT(DISTINCT variant_id) FROM case_results").fetchone()[0] == variants < len(pks)
    normal = db.execute("SELECT variant_id FROM case_results WHERE case_pk IN (?, ?)", [pks[2], pks[7]]).fetchall()
    assert normal[0] == normal[1]
    old_ids = {i for (i,) in db.execute("SELECT id FROM result_variants")}
    rules = tmp_path / "region.toml"
    rules.write_text('[low]\nmultiple = "0.5"\n', encoding="utf-8")
    load_rules_file(db, rules, actor="t")
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 0)
    monkeypatch.setattr(store_results, "SAMPLE_EVERY", 1)
    recompute(db, actor="t")  # every low threshold moves: all new variants, the old ones unused
    ids = {i for (i,) in db.execute("SELECT id FROM result_variants")}
    assert ids == {i for (i,) in db.execute("SELECT DISTINCT variant_id FROM case_results")}
    assert not ids & old_ids
    assert db.execute("SELECT COUNT(*) FROM case_results_full").fetchone()[0] == len(pks)


def test_a_rewrite_copying_the_case_columns_from_the_previous_results_equals_one_from_the_cases(
        db, tmp_path, monkeypatch):
    pks = _fill(db)
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 0)
    monkeypatch.setattr(store_results, "SAMPLE_EVERY", 1)
    recompute(db, actor="t")
    rules = tmp_path / "region.toml"
    rules.write_text('[low]\nmultiple = "0.5"\n', encoding="utf-8")
    load_rules_file(db, rules, actor="t")
    batch = db.execute("SELECT id FROM batches WHERE period = '2024-03'").fetchone()[0]
    late = add_case(db, batch, period="2024-03", cost="4000.00", case_id="LATE-1")  # not in the results yet
    monkeypatch.setattr(store_results, "_FROM_PREVIOUS_WHEN_HELD", 0)  # the old rows are copied ...
    copied = recompute(db, actor="t")
    assert copied.rows_written == len(pks) + 1
    from_previous = _table(db)
    assert late in {row[0] for row in from_previous}  # ... and the new case comes from `cases`
    db.execute("DELETE FROM case_results")
    recompute(db, actor="t")  # nothing held: every row from `cases`
    assert _table(db) == from_previous


@pytest.mark.parametrize("bulk", [False, True])
def test_the_results_per_period_are_counted_beside_them(db, tmp_path, monkeypatch, bulk):
    from workstation.services.queue import CaseFilter, count_cases

    def counted():
        return dict(db.execute("SELECT period, COUNT(*) FROM case_results GROUP BY period").fetchall())

    pks = _fill(db)
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 0 if bulk else 10 ** 9)
    monkeypatch.setattr(store_results, "SAMPLE_EVERY", 1)
    recompute(db, actor="t")
    assert dict(db.execute("SELECT period, SUM(cases) FROM result_counts_detail GROUP BY period").fetchall()) \
        == counted() == {"2024-02": 5, "2024-03": 5}
    batch = add_batch(db, "2024-03")
    add_case(db, batch, period="2024-03", cost="700.00")
    recompute(db, ["2024-03"], actor="t")  # one period: the other's count stays
    assert dict(db.execute("SELECT period, SUM(cases) FROM result_counts_detail GROUP BY period").fetchall()) \
        == counted() == {"2024-02": 5, "2024-03": 6}
    assert count_cases(db, CaseFilter()) == len(pks) + 1
    assert count_cases(db, CaseFilter(period="2024-03")) == 6
    assert count_cases(db, CaseFilter(period="2099-01")) == 0


@pytest.mark.parametrize("bulk", [False, True])
def test_the_results_per_hospital_and_flag_set_are_counted_beside_them(db, tmp_path, monkeypatch, bulk):
    """result_counts_detail holds, per (period, hospital, flags), the number of results, after a
    whole recompute, a rules change that moves flags, and a one-period recompute; the queue's
    hospital and flag counts read it and agree with counting the rows."""
    from workstation.services.queue import CaseFilter, count_cases

    def stored():
        return sorted(db.execute("SELECT period, hospital_code, flags, cases FROM result_counts_detail").fetchall())

    def counted():
        return sorted(db.execute("SELECT period, hospital_code, flags, COUNT(*) FROM case_results"
                                 " GROUP BY 1, 2, 3").fetchall())

    _fill(db)
    monkeypatch.setattr(store_results, "REBUILD_INDEXES_FROM", 0 if bulk else 10 ** 9)
    monkeypatch.setattr(store_results, "SAMPLE_EVERY", 1)
    recompute(db, actor="t")
    assert stored() == counted() and sum(r[3] for r in stored()) == 10
    low_before = count_cases(db, CaseFilter(flag_codes=("LOW",)))
    rules = tmp_path / "region.toml"
    rules.write_text('[low]\nmultiple = "0.5"\n', encoding="utf-8")  # more cases become LOW
    load_rules_file(db, rules, actor="t")
    recompute(db, actor="t")
    assert stored() == counted()
    batch = add_batch(db, "2024-03")
    add_case(db, batch, period="2024-03", cost="700.00")
    recompute(db, ["2024-03"], actor="t")
    assert stored() == counted() and sum(r[3] for r in stored()) == 11
    low = db.execute("SELECT COUNT(*) FROM case_results_full WHERE flag_codes LIKE '%LOW%'").fetchone()[0]
    assert count_cases(db, CaseFilter(flag_codes=("LOW",))) == low > low_before
    hospital = db.execute("SELECT hospital_code FROM case_results LIMIT 1").fetchone()[0]
    for f in (CaseFilter(hospital_codes=(hospital,)), CaseFilter(period="2024-03", hospital_codes=(hospital,),
                                                                 flag_codes=("LOW", "HIGH"))):
        where, params = [], []
        if f.period:
            where.append("period = ?"), params.append(f.period)
        where.append("hospital_code = ?"), params.append(hospital)
        if f.flag_codes:
            where.append("(flag_codes LIKE '%LOW%' OR flag_codes LIKE '%HIGH%')")
        assert count_cases(db, f) == db.execute(f"SELECT COUNT(*) FROM case_results_full WHERE {' AND '.join(where)}",
                                                params).fetchone()[0]
