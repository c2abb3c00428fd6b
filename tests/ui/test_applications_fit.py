"""The applications page in use: columns whole at 1366 and 1920 in both languages, hospital names
beside codes, the detail following the filter and the selection surviving a refresh after a step."""
from __future__ import annotations

import pytest

from tests.services.panel_store import HOSPITALS, build_panel_store
from workstation.store.db import open_database


@pytest.fixture
def panel_page(db_path, make_context, qtbot):
    db = open_database(db_path)
    store = build_panel_store(db, plan=False)
    db.close()

    def make(size=(1366, 768)):
        from workstation.ui.review.page import ApplicationsPage

        page = ApplicationsPage(make_context(db_path))
        qtbot.addWidget(page)
        page.resize(*size)
        page.show()
        qtbot.waitUntil(lambda: page.is_ready() and page.model.rowCount() == 5, timeout=10_000)
        qtbot.wait(50)
        return page
    make.store = store
    return make


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_statuses_reasons_and_hospital_names_are_whole(panel_page, lang, size):
    from workstation.ui.app import prepare_application

    prepare_application(lang)
    page = panel_page((size[0] - 8, size[1] - 120))  # the page within the window
    metrics = page.table.fontMetrics()
    for row in range(page.model.rowCount()):
        texts = page.row_texts(row)
        for column in (4, 5):  # reason, status: never cut ("in expert revi…" was)
            assert page.table.columnWidth(column) >= metrics.horizontalAdvance(texts[column]) + 6, texts[column]
        code = texts[1].split()[0]
        assert texts[1] == f"{code} {dict(HOSPITALS)[code]}"
        if size[0] == 1920:
            assert page.table.columnWidth(1) >= metrics.horizontalAdvance(texts[1]) + 6
    widths = sum(page.table.columnWidth(c) for c in range(page.model.columnCount()))
    assert widths >= page.table.viewport().width() - 2  # no empty space on the right


def test_the_detail_follows_the_filter_and_the_selection_survives_a_refresh(panel_page, qtbot):
    from workstation.ui.workspace import ChangeSet

    page = panel_page()
    first = page.model.row_at(0)
    assert page.select_application(first.id)
    assert page.panel.application_id() == first.id and page.panel.step_buttons
    page.workspace.notify(ChangeSet(reviews=True))  # what a step on it sends
    qtbot.waitUntil(page.is_ready, timeout=10_000)
    assert page.table.currentIndex().row() >= 0
    assert page.model.application_id_at(page.table.currentIndex().row()) == first.id
    assert page.panel.application_id() == first.id

    other = next(code for code, _ in HOSPITALS if code != first.hospital_code)
    page.hospital.setCurrentIndex(page.hospital.findData(other))
    assert page.model.rowCount() == 1
    assert page.panel.application_id() is None and page.panel.step_buttons == {}
    assert not page.table.selectionModel().hasSelection()


def test_gauges_and_the_hospital_chart_name_the_hospitals(panel_page, qtbot):
    from workstation.services.queue.charts import HospitalStats
    from workstation.ui.charts.hospitals import HospitalComparisonChart

    page = panel_page()
    labels = [w.text() for w in page.gauges.inner.findChildren(type(page.count_label))]
    for code, name in HOSPITALS:
        assert f"{code} {name}" in labels
    chart = HospitalComparisonChart()
    qtbot.addWidget(chart)
    chart.resize(1200, 300)
    chart.set_data([HospitalStats(code, name, 10, 0.1, 1.0, 0.9) for code, name in HOSPITALS])
    ticks = [text for _, text in chart.plot.getAxis("bottom")._tickLevels[0]]
    assert "H001\n协和医院" in ticks
