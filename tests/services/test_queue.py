from fractions import Fraction

import pytest

from tests.ui.factory import build_review_database
from workstation.services import queue
from workstation.services.queue import (
    SORT_COLUMNS,
    UNREVIEWED,
    CaseFilter,
    QueueSort,
    count_and_first_page,
    count_cases,
    fetch_page,
    filter_choices,
    position_of,
)
from workstation.services.queue import counts as queue_counts
from workstation.services.queue import halves as queue_halves
from workstation.services.queue.flags import flag_mask


@pytest.fixture
def review_db(db):
    build_review_database(db, 600, seed=3, periods=("2024-03", "2024-04"), hospitals=4, groups=6)
    return db


def _all_rows(db, f, sort=QueueSort()):
    return fetch_page(db, f, sort, 0, 10_000)


def test_count_matches_the_rows_and_narrows_with_each_filter(review_db):
    everything = count_cases(review_db, CaseFilter())
    assert everything == 600
    march = CaseFilter(period="2024-03")
    assert count_cases(review_db, march) == 300
    one_hospital = march.with_changes(hospital_codes=("H001",))
    n = count_cases(review_db, one_hospital)
    assert 0 < n < 300
    rows = _all_rows(review_db, one_hospital)
    assert len(rows) == n and {r.hospital_code for r in rows} == {"H001"}


def test_flag_filter_keeps_cases_with_any_of_the_flags(review_db):
    f = CaseFilter(flag_codes=("HIGH", "LONG_STAY"))
    rows = _all_rows(review_db, f)
    assert rows and all({"HIGH", "LONG_STAY"} & set(r.flag_codes) for r in rows)
    expected = review_db.execute(
        "SELECT COUNT(*) FROM case_results_full WHERE flag_codes LIKE '%HIGH%' OR flag_codes LIKE '%LONG_STAY%'"
    ).fetchone()[0]
    assert count_cases(review_db, f) == expected


def test_cost_ratio_bounds_are_inclusive_and_exact(review_db):
    # Put one case exactly at 2 × and one a fen below it.
    review_db.execute("UPDATE case_results SET total_cost_fen = 200000, avg_cost_fen = 100000, cost_ratio = 2.0"
                      " WHERE case_pk = 1")
    review_db.execute("UPDATE case_results SET total_cost_fen = 199999, avg_cost_fen = 100000,"
                      " cost_ratio = 1.99999 WHERE case_pk = 2")
    f = CaseFilter(cost_ratio_min=Fraction(2), search="")
    pks = {r.case_pk for r in _all_rows(review_db, f)}
    assert 1 in pks and 2 not in pks
    below = {r.case_pk for r in _all_rows(review_db, CaseFilter(cost_ratio_max=Fraction(2)))}
    assert 1 in below and 2 in below


def test_length_of_stay_range(review_db):
    rows = _all_rows(review_db, CaseFilter(los_min=10, los_max=12))
    assert rows and all(10 <= r.los <= 12 for r in rows)


def test_search_by_case_id_or_patient_id_prefix(review_db):
    first = _all_rows(review_db, CaseFilter(period="2024-03"))[0]
    assert [r.case_pk for r in _all_rows(review_db, CaseFilter(search=first.case_id))] == [first.case_pk]
    by_patient = _all_rows(review_db, CaseFilter(search=first.patient_id))
    assert first.case_pk in {r.case_pk for r in by_patient}
    assert count_cases(review_db, CaseFilter(search="ZY202404")) == 300
    # A patient prefix matches every stay of the patients it names, in the period chosen.
    prefix = first.patient_id[:-1]
    expected = {pk for (pk,) in review_db.execute("SELECT id FROM cases WHERE patient_id LIKE ? || '%'"
                                                  " AND period = '2024-03'", [prefix])}
    got = _all_rows(review_db, CaseFilter(period="2024-03", search=prefix))
    assert expected and {r.case_pk for r in got} == expected
    assert all(r.patient_id.startswith(prefix) or r.case_id.startswith(prefix) for r in got)


def test_a_count_with_no_filter_but_the_period_is_read_from_the_results_counts(review_db):
    """The recompute keeps the number of results per period (result_counts_detail); the queue reads it
    for the unfiltered count instead of counting a million index entries, and counts otherwise."""
    periods = [p for (p,) in review_db.execute("SELECT DISTINCT period FROM case_results ORDER BY period")]
    total = review_db.execute("SELECT COUNT(*) FROM case_results").fetchone()[0]
    assert count_cases(review_db, CaseFilter()) == total
    for period in periods:
        assert count_cases(review_db, CaseFilter(period=period)) == review_db.execute(
            "SELECT COUNT(*) FROM case_results WHERE period = ?", [period]).fetchone()[0]
    sort = QueueSort("cost_ratio", descending=True)
    count, page = count_and_first_page(review_db, CaseFilter(), sort, 50)
    assert count == total and page is not None and len(page) == 50
    # Read, not counted: a (deliberately) different stored number shows through; filters still count.
    with review_db.conn:
        review_db.conn.execute("INSERT INTO result_counts_detail SELECT DISTINCT period, '~', 0, 1000"
                               " FROM result_counts_detail")
    assert count_cases(review_db, CaseFilter()) == total + 1000 * len(periods)
    assert count_and_first_page(review_db, CaseFilter(), sort, 50)[0] == total + 1000 * len(periods)
    assert count_cases(review_db, CaseFilter(los_min=0)) == total


def test_a_count_of_hospitals_and_flags_is_read_from_the_detailed_counts(review_db):
    """Filters naming only the period, hospitals and flags are counted from result_counts_detail
    (kept by the recompute), and agree with counting the rows; any other filter still counts."""
    fs = [CaseFilter(hospital_codes=("H001",)), CaseFilter(flag_codes=("HIGH", "LOW")),
          CaseFilter(period="2024-03", hospital_codes=("H001", "H003"), flag_codes=("LONG_STAY",)),
          CaseFilter(period="2024-04", flag_codes=("HIGH",))]
    counted = {}
    for f in fs:
        where, params = queue.where_clause(f)
        counted[f] = review_db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where}", params).fetchone()[0]
        assert count_cases(review_db, f) == counted[f] > 0, f
    with review_db.conn:  # read, not counted: a (deliberately) different stored number shows through
        review_db.conn.execute("UPDATE result_counts_detail SET cases = cases + 1 WHERE flags & 1")
    high = CaseFilter(flag_codes=("HIGH",))
    bumped = review_db.execute("SELECT COUNT(*) FROM result_counts_detail WHERE flags & 1").fetchone()[0]
    where, params = queue.where_clause(high)
    rows = review_db.execute(f"SELECT COUNT(*) FROM case_results r WHERE {where}", params).fetchone()[0]
    assert flag_mask(["HIGH"]) == 1 and count_cases(review_db, high) == rows + bumped
    with_drg = CaseFilter(flag_codes=("HIGH",), drg_codes=(review_db.execute(
        "SELECT drg_code FROM case_results WHERE flags & 1 LIMIT 1").fetchone()[0],))
    where, params = queue.where_clause(with_drg)
    assert count_cases(review_db, with_drg) == review_db.execute(
        f"SELECT COUNT(*) FROM case_results r WHERE {where}", params).fetchone()[0]


def test_the_patient_search_uses_the_index_on_cases(review_db):
    results = {n for (n,) in review_db.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                                               " AND tbl_name = 'case_results'")}
    assert not any("patient" in n for n in results)  # migration 7: not rebuilt by every recompute
    sql, params = queue.where_clause(CaseFilter(search="99"))
    plan = " ".join(r[3] for r in review_db.execute(
        f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM case_results r WHERE {sql}", params))
    assert "idx_cases_patient_id" in plan, plan


def test_review_status_filter_includes_unreviewed(review_db):
    review_db["case_reviews"].insert({"case_pk": 5, "status": "accepted", "updated_at": "x", "updated_by": "u"})
    assert [r.case_pk for r in _all_rows(review_db, CaseFilter(statuses=("accepted",)))] == [5]
    assert count_cases(review_db, CaseFilter(statuses=(UNREVIEWED,))) == 599
    assert count_cases(review_db, CaseFilter(statuses=(UNREVIEWED, "accepted"))) == 600
    assert filter_choices(review_db)["statuses"] == ["accepted"]


@pytest.mark.parametrize("key", ["cost_ratio", "total_cost", "los", "case_id", "points", "drg_code", "status"])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_follow_the_sort_without_gaps(review_db, key, descending):
    sort = QueueSort(key, descending)
    f = CaseFilter(period="2024-03")
    pages = [fetch_page(review_db, f, sort, offset, 50) for offset in range(0, 300, 50)]
    rows = [r for page in pages for r in page]
    assert len({r.case_pk for r in rows}) == 300
    attr = {"total_cost": "total_cost_fen"}.get(key, key)
    values = [getattr(r, attr) for r in rows]
    assert values == sorted(values, reverse=descending)


@pytest.mark.parametrize("key", list(SORT_COLUMNS))
@pytest.mark.parametrize("descending", [False, True])
def test_position_of_a_case_is_its_row_in_the_queue(review_db, key, descending):
    """Jumping to a case (a chart click, a search) finds its row in every order, the review
    status's included (it once asked case_results for a status column and failed)."""
    with review_db.conn:
        review_db.conn.executemany(
            "INSERT INTO case_reviews (case_pk, status, updated_at, updated_by) VALUES (?, ?, '2024-05-01', 't')",
            [(pk, ("accepted", "rejected", "pending")[pk % 3])
             for (pk,) in review_db.execute("SELECT case_pk FROM case_results WHERE case_pk % 5 = 0")])
    sort = QueueSort(key, descending)
    for f in (CaseFilter(period="2024-04"), CaseFilter(period="2024-04", statuses=(UNREVIEWED,))):
        rows = fetch_page(review_db, f, sort, 0, 1000)
        assert len(rows) == count_cases(review_db, f)
        for index in range(0, len(rows), 3):
            assert position_of(review_db, f, sort, rows[index].case_pk) == index, (f, rows[index])
        assert position_of(review_db, CaseFilter(period="2024-03"), sort, rows[0].case_pk) is None


def test_personal_data_is_masked_unless_asked(review_db):
    masked = fetch_page(review_db, CaseFilter(), QueueSort("case_id", False), 0, 1)[0]
    shown = fetch_page(review_db, CaseFilter(), QueueSort("case_id", False), 0, 1, show_personal=True)[0]
    assert masked.patient_name == shown.patient_name[0] + "*" * (len(shown.patient_name) - 1)
    assert masked.id_number == shown.id_number[:4] + "*" * 10 + shown.id_number[-4:]


def test_filter_choices_list_hospitals_and_groups_with_names(review_db):
    choices = filter_choices(review_db, "2024-03")
    assert choices["hospitals"][0] == ("H001", "第1人民医院")
    assert len(choices["drgs"]) == 6 and all(name for _, name in choices["drgs"])


@pytest.mark.parametrize("plan", ["walk", "sort", "walk-out-of-time"])
def test_every_query_plan_gives_the_same_pages(review_db, monkeypatch, plan):
    from workstation.services.queue import plans as queue_plans

    queue_plans.PLANS.clear()
    if plan in ("walk", "walk-out-of-time"):
        monkeypatch.setattr(queue_plans, "SORT_IN_MEMORY_BELOW", 0)
        # cost_ratio has no index on case_results any more; the walk plan must still page the same.
        monkeypatch.setattr(queue_plans, "WALKABLE_SORTS", queue_plans.WALKABLE_SORTS | {"cost_ratio"})
    if plan == "walk-out-of-time":
        monkeypatch.setattr(queue_plans, "WALK_BUDGET_SECONDS", -1.0)
        monkeypatch.setattr(queue_plans, "WALK_CHECK_EVERY", 1)
    f = CaseFilter(period="2024-03", flag_codes=("LOW", "INCOMPLETE", "HIGH"), los_min=2)
    expected = sorted(
        review_db.execute("SELECT case_pk, cost_ratio FROM case_results WHERE period = '2024-03' AND los >= 2"
                          " AND (flags & 11) != 0").fetchall(), key=lambda r: (r[1], r[0]), reverse=True)
    pages = [fetch_page(review_db, f, QueueSort("cost_ratio", True), offset, 7) for offset in range(0, 70, 7)]
    assert [r.case_pk for page in pages for r in page] == [pk for pk, _ in expected][:70]
    assert len(expected) > 20
    remembered = queue_plans.PLANS.plans()
    assert remembered == {"walk": {"walk"}, "sort": set(), "walk-out-of-time": {"sort"}}[plan]


def test_hospital_names_come_from_the_cases_when_no_hospital_table_is_loaded(review_db):
    review_db.execute("UPDATE reference_versions SET is_current = 0 WHERE kind = 'hospitals'")
    hospitals = dict(filter_choices(review_db)["hospitals"])
    assert hospitals["H002"] == "第2人民医院"
    assert list(hospitals) == ["H001", "H002", "H003", "H004"]


def test_a_count_on_a_connection_of_its_own_agrees_and_is_not_used_with_uncommitted_changes(review_db):
    """The queue counts in a second thread on its own connection; it must count what the page shows."""
    from workstation.services.queue import on_own_connection
    from workstation.store.db import database_file

    path = database_file(review_db)
    assert path and path.endswith(".db")
    for f in (CaseFilter(), CaseFilter(period="2024-03", hospital_codes=("H001",)),
              CaseFilter(flag_codes=("HIGH",)), CaseFilter(search="ZY")):
        assert on_own_connection(path, count_cases, f) == count_cases(review_db, f)
    review_db.conn.execute("BEGIN")
    review_db.conn.execute("DELETE FROM case_results WHERE case_pk IN (SELECT case_pk FROM case_results LIMIT 5)")
    assert database_file(review_db) is None, "another connection would not see these rows gone"
    review_db.conn.rollback()


@pytest.mark.parametrize("f", [CaseFilter(), CaseFilter(flag_codes=("HIGH", "LOW")),
                               CaseFilter(hospital_codes=("H001", "H003")), CaseFilter(statuses=(UNREVIEWED,)),
                               CaseFilter(statuses=("accepted",)), CaseFilter(los_min=3, los_max=12)],
                         ids=["all", "flags", "hospitals", "unreviewed", "accepted", "stay"])
def test_over_all_periods_sorting_two_halves_side_by_side_gives_the_queue_of_one_sort(review_db, monkeypatch, f):
    """Sorting all periods in two halves on two connections (a million cases: 40 % sooner) merges
    to exactly the rows, order (ties broken by case) and count of one sort over everything."""
    with review_db.conn:
        review_db.conn.executemany(
            "INSERT INTO case_reviews (case_pk, status, updated_at, updated_by) VALUES (?, ?, '2024-05-01', 't')",
            [(pk, "accepted" if pk % 2 else "rejected")
             for (pk,) in review_db.execute("SELECT case_pk FROM case_results WHERE case_pk % 7 = 0")])
    keys = [k for k in SORT_COLUMNS if k != "status"]
    monkeypatch.setattr(queue_halves, "SPLIT_FROM", 10**9)
    assert queue.split_point(review_db, f, 100) is None
    one = {(k, d): (count_and_first_page(review_db, f, QueueSort(k, d), 100),
                    [r.case_pk for r in fetch_page(review_db, f, QueueSort(k, d), 130, 100)])
           for k in keys for d in (False, True)}
    monkeypatch.setattr(queue_halves, "SPLIT_FROM", 1)
    split = queue.split_point(review_db, f, 100)
    below, total = review_db.execute("SELECT SUM(case_pk < ?), COUNT(*) FROM case_results", [split]).fetchone()
    assert abs(below - total / 2) <= total * 0.05  # two halves of about the same size
    for (k, d), ((count, first), deeper) in one.items():
        split_count, split_first = count_and_first_page(review_db, f, QueueSort(k, d), 100)
        assert split_count == count == count_cases(review_db, f), (k, d)
        expected_first = first if first is not None else fetch_page(review_db, f, QueueSort(k, d), 0, 100)
        got_first = split_first if split_first is not None else fetch_page(review_db, f, QueueSort(k, d), 0, 100)
        assert [r.case_pk for r in got_first] == [r.case_pk for r in expected_first], (k, d)
        assert [r.case_pk for r in fetch_page(review_db, f, QueueSort(k, d), 130, 100)] == deeper, (k, d)
    # One period chosen, a search or a deep page are sorted in one piece.
    assert queue.split_point(review_db, f.with_changes(period="2024-03"), 100) is None
    assert queue.split_point(review_db, f.with_changes(search="ZY"), 100) is None
    assert queue.split_point(review_db, f, queue_halves.SPLIT_DEPTH + 1) is None


@pytest.mark.parametrize("split", [False, True], ids=["one piece", "halves"])
@pytest.mark.parametrize("f", [CaseFilter(statuses=(UNREVIEWED,)),
                               CaseFilter(statuses=(UNREVIEWED,), flag_codes=("HIGH", "LOW")),
                               CaseFilter(statuses=(UNREVIEWED,), period="2024-03", hospital_codes=("H002",))],
                         ids=["unreviewed", "unreviewed+flags", "unreviewed+period+hospital"])
def test_unreviewed_with_few_reviews_gives_the_queue_of_testing_every_case(review_db, monkeypatch, f, split):
    """'Not reviewed' while few cases are reviewed: the rest of the filter minus the reviewed
    cases gives exactly the count, rows and order of testing every case against the reviews."""
    with review_db.conn:
        review_db.conn.executemany(
            "INSERT INTO case_reviews (case_pk, status, updated_at, updated_by) VALUES (?, 'accepted', '2024-05-01', 't')",
            [(pk,) for (pk,) in review_db.execute(
                "SELECT case_pk FROM case_results ORDER BY cost_ratio DESC LIMIT 40")])  # the top of the queue
    monkeypatch.setattr(queue_halves, "SPLIT_FROM", 1 if split else 10**9)
    sorts = [QueueSort(k, d) for k in SORT_COLUMNS if k != "status" for d in (False, True)]

    def queue_of(s):
        count, first = count_and_first_page(review_db, f, s, 50)
        first = first if first is not None else fetch_page(review_db, f, s, 0, 50)
        return count, [r.case_pk for r in first], [r.case_pk for r in fetch_page(review_db, f, s, 30, 50)]

    monkeypatch.setattr(queue_counts, "FEW_REVIEWED", -1)  # every case tested against the reviews
    expected = {s: queue_of(s) for s in sorts}
    monkeypatch.setattr(queue_counts, "FEW_REVIEWED", 5_000)
    assert queue_counts.few_reviewed(review_db, f) is not None
    for s in sorts:
        assert queue_of(s) == expected[s], s
    count = expected[sorts[0]][0]
    assert count == len([1 for (pk,) in review_db.execute("SELECT case_pk FROM case_results r WHERE "
                                                          + queue.where_clause(f)[0], queue.where_clause(f)[1])])
    assert 0 < count < review_db.execute("SELECT COUNT(*) FROM case_results").fetchone()[0]
