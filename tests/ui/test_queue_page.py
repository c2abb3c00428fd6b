import re

from PySide6.QtCore import Qt

from tests.ui.review_fixtures import review_workspace  # noqa: F401 - fixture
from workstation.services.queue import CaseFilter, count_cases
from workstation.ui.queue.model import COLUMNS
from workstation.ui.queue.page import CaseQueuePage


def _shown_count(page) -> int:
    return int(re.search(r"\d[\d,]*", page.filter_bar.count_label.text()).group(0).replace(",", ""))


def _column(name):
    return next(i for i, (key, _) in enumerate(COLUMNS) if key == name)


def _make(qtbot, workspace):
    page = CaseQueuePage(workspace)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def test_queue_shows_every_case_with_masked_names(qtbot, review_workspace):
    page = _make(qtbot, review_workspace)
    assert page.model.rowCount() == 600
    assert _shown_count(page) == 600
    name_column = next(i for i, (key, _) in enumerate(COLUMNS) if key is None)
    names = [page.model.index(r, name_column).data() for r in range(20)]
    assert all(re.fullmatch(r".\*+", n) for n in names)
    page.set_show_personal(True)
    assert not any("*" in page.model.index(r, name_column).data() for r in range(20))
    assert page.filter_bar.show_personal.isChecked()


def test_filters_change_the_count(qtbot, review_workspace):
    page = _make(qtbot, review_workspace)
    bar = page.filter_bar
    bar.hospital.setCurrentIndex(bar.hospital.findData("H002"))
    expected = count_cases(review_workspace.db, CaseFilter(hospital_codes=("H002",)))
    assert 0 < expected < 600
    assert page.model.rowCount() == expected == _shown_count(page)
    hospital_column = _column("hospital_code")
    assert {page.model.index(r, hospital_column).data() for r in range(expected)} == {"H002"}

    bar._flag_actions["HIGH"].setChecked(True)
    high = count_cases(review_workspace.db, CaseFilter(hospital_codes=("H002",), flag_codes=("HIGH",)))
    assert page.model.rowCount() == high < expected

    bar.clear()
    assert page.model.rowCount() == 600
    bar.los_min.setValue(20)
    qtbot.waitUntil(lambda: page.model.rowCount() < 600, timeout=2000)
    assert page.model.rowCount() == count_cases(review_workspace.db, CaseFilter(los_min=20))


def test_search_finds_a_case_by_its_id(qtbot, review_workspace):
    page = _make(qtbot, review_workspace)
    wanted = page.model.row_at(5)
    qtbot.keyClicks(page.filter_bar.search, wanted.case_id)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.row_at(0).case_pk == wanted.case_pk


def test_a_bad_cost_ratio_is_explained_not_applied(qtbot, review_workspace):
    page = _make(qtbot, review_workspace)
    page.filter_bar.ratio_min.setText("abc")
    qtbot.waitUntil(lambda: page.filter_bar.problem_label.text() != "", timeout=2000)
    assert "abc" in page.filter_bar.problem_label.text()
    assert page.model.rowCount() == 600
    page.filter_bar.ratio_min.setText("2")
    qtbot.waitUntil(lambda: page.model.rowCount() < 600, timeout=2000)
    ratio = _column("cost_ratio")
    assert all(float(page.model.index(r, ratio).data()) >= 1.995 for r in range(page.model.rowCount()))


def test_clicking_a_header_sorts_the_queue(qtbot, review_workspace):
    page = _make(qtbot, review_workspace)
    los = _column("los")
    page.table.sortByColumn(los, Qt.SortOrder.AscendingOrder)
    values = [int(page.model.index(r, los).data()) for r in range(600)]
    assert values == sorted(values)
    page.table.sortByColumn(los, Qt.SortOrder.DescendingOrder)
    assert int(page.model.index(0, los).data()) == max(values)


def test_period_change_and_chart_filter_requests(qtbot, review_workspace):
    page = _make(qtbot, review_workspace)
    review_workspace.set_period("2024-03")
    assert page.model.rowCount() == 300
    review_workspace.queue_filter_requested.emit({"hospital_code": "H001"})
    assert page.filter_bar.hospital.currentData() == "H001"
    assert page.model.rowCount() == count_cases(review_workspace.db,
                                                CaseFilter(period="2024-03", hospital_codes=("H001",)))


def test_next_and_previous_case_walk_the_queue_and_announce_it(qtbot, review_workspace):
    page = _make(qtbot, review_workspace)
    seen = []
    review_workspace.case_selected.connect(seen.append)
    page.next_case()
    page.next_case()
    page.previous_case()
    first, second = page.model.case_pk_at(0), page.model.case_pk_at(1)
    assert seen == [first, second, first]
    assert page.selected_case() == first
    assert page.detail.title.text().find(page.model.row_at(0).case_id) >= 0


def test_a_case_selected_elsewhere_is_shown_and_selected(qtbot, review_workspace):
    page = _make(qtbot, review_workspace)
    target = page.model.row_at(250)
    review_workspace.case_selected.emit(target.case_pk)
    assert page.selected_case() == target.case_pk
    assert page.table.currentIndex().row() == 250


def test_the_masked_name_column_does_not_pretend_to_sort(qtbot, review_workspace):
    page = _make(qtbot, review_workspace)
    name_column = next(i for i, (key, _) in enumerate(COLUMNS) if key is None)
    before = [page.model.case_pk_at(r) for r in range(10)]
    page.table.sortByColumn(name_column, Qt.SortOrder.AscendingOrder)
    assert page.table.horizontalHeader().sortIndicatorSection() == _column("cost_ratio")
    assert [page.model.case_pk_at(r) for r in range(10)] == before


def test_a_new_review_refreshes_the_status_filter_and_counts(qtbot, review_workspace):
    from workstation.ui.workspace import ChangeSet

    page = _make(qtbot, review_workspace)
    target = page.model.row_at(3)
    review_workspace.db["case_reviews"].insert(
        {"case_pk": target.case_pk, "status": "accepted", "updated_at": "2024-04-02", "updated_by": "test"})
    review_workspace.notify(ChangeSet(reviews=True))
    bar = page.filter_bar
    bar.status.setCurrentIndex(bar.status.findData("accepted"))
    assert page.model.rowCount() == 1 and page.model.row_at(0).case_pk == target.case_pk
    status_column = _column("status")
    assert page.model.index(0, status_column).data() == bar.status.currentText()


def test_a_failed_read_is_a_message_in_the_page_not_an_exception(qtbot, review_workspace, db_path):
    """The file is damaged under the open queue (another connection removes the table the rows are
    read from): scrolling to rows not read yet, and then filtering, say so in the page; no exception
    leaves data() (pytest-qt fails the test on one raised in a Qt virtual)."""
    import sqlite3

    page = _make(qtbot, review_workspace)
    assert page.model.rowCount() == 600 and not page.read_message.isVisible()
    other = sqlite3.connect(db_path)
    other.execute("DROP TABLE result_variants")
    other.commit()
    other.close()

    # Rows beyond the first page were never read: painting them reads, and that read fails.
    far = page.model.index(450, _column("case_id"))
    page.table.scrollTo(far)
    qtbot.waitUntil(page.read_message.isVisible, timeout=5000)
    text = page.read_message.text()
    assert text.startswith("无法读取审核队列：") and "no such table: result_variants" in text
    assert far.data() is None  # an empty row, not an exception out of data()
    assert page.model.index(0, _column("case_id")).data()  # the rows read before stay

    # A new filter counts and reads again: it fails the same way, and the queue is empty.
    bar = page.filter_bar
    bar.hospital.setCurrentIndex(bar.hospital.findData("H002"))
    assert page.model.rowCount() == 0
    assert page.read_message.isVisible() and "no such table: result_variants" in page.read_message.text()
