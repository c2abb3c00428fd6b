import numpy as np
from PySide6.QtCore import QPointF, Qt

from tests.ui.review_fixtures import review_workspace  # noqa: F401 - fixture
from workstation.services.queue.charts import (
    HIGH,
    LOW,
    NORMAL,
    CostVsStay,
    GroupCostDistribution,
    cost_vs_stay,
    hospital_comparison,
)
from workstation.ui.charts.cost_stay import CostVsStayChart
from workstation.ui.charts.distribution import GroupCostDistributionChart
from workstation.ui.charts.hospitals import HospitalComparisonChart
from workstation.ui.charts.page import ChartsPage


def _make_page(qtbot, workspace):
    page = ChartsPage(workspace)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10_000)
    return page


def test_charts_page_shows_the_period(qtbot, review_workspace):
    page = _make_page(qtbot, review_workspace)
    assert page.cost_stay.data.total == 600
    assert len(page.hospitals.stats) == 4
    assert page.distribution.data is not None and len(page.distribution.data.costs_fen) > 0
    review_workspace.set_period("2024-04")
    assert page.is_loading() and page.message.isVisible()  # read off the GUI thread, and says so
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10_000)
    assert page.cost_stay.data.total == 300
    assert not page.message.isVisible()


def test_a_failed_read_is_a_message_in_the_page_and_the_next_showing_tries_again(qtbot, review_workspace,
                                                                                 monkeypatch):
    import sqlite3

    import workstation.ui.charts.page as charts_page

    real = charts_page.charts_data

    def locked(*_args):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(charts_page, "charts_data", locked)
    page = _make_page(qtbot, review_workspace)
    assert page.message.isVisible() and "database is locked" in page.message.text()
    monkeypatch.setattr(charts_page, "charts_data", real)
    page.hide()
    page.show()
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10_000)
    assert not page.message.isVisible() and page.cost_stay.data.total == 600


def _click(qtbot, plot, view_point):
    """A real mouse click (move, press, release) where a data point is drawn."""
    view = plot.getPlotItem().vb
    pos = plot.mapFromScene(view.mapViewToScene(view_point))
    qtbot.mouseMove(plot.viewport(), pos)
    qtbot.mousePress(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_clicking_a_point_selects_that_case(qtbot, review_workspace):
    from workstation.ui.queue.page import CaseQueuePage

    queue = CaseQueuePage(review_workspace)
    qtbot.addWidget(queue)
    page = _make_page(qtbot, review_workspace)
    qtbot.wait(100)  # let the plot lay out its view range
    chart = page.cost_stay
    point = chart.layers[HIGH].points()[0]
    under_cursor = {int(p.data()) for p in chart.layers[HIGH].pointsAt(point.pos())}
    with qtbot.waitSignal(review_workspace.case_selected, timeout=2000) as blocker:
        _click(qtbot, chart, point.pos())
    assert blocker.args[0] in under_cursor
    assert queue.selected_case() == blocker.args[0]
    assert queue.model.row_at(queue.table.currentIndex().row()).case_pk == blocker.args[0]


def test_clicking_a_bar_filters_the_queue_on_that_hospital(qtbot, review_workspace):
    from workstation.ui.queue.page import CaseQueuePage

    queue = CaseQueuePage(review_workspace)
    qtbot.addWidget(queue)
    page = _make_page(qtbot, review_workspace)
    qtbot.wait(100)
    half_way_up_the_third_bar = QPointF(2, page.hospitals.values[2] * 50)  # rates are drawn in %
    with qtbot.waitSignal(review_workspace.queue_filter_requested, timeout=2000) as blocker:
        _click(qtbot, page.hospitals.plot, half_way_up_the_third_bar)
    assert blocker.args[0] == {"hospital_code": "H003"}
    assert queue.filter_bar.hospital.currentData() == "H003"
    assert {queue.model.row_at(r).hospital_code for r in range(queue.model.rowCount())} == {"H003"}


def test_hospital_comparison_figures(review_workspace):
    stats = {s.hospital_code: s for s in hospital_comparison(review_workspace.db, "")}
    db = review_workspace.db
    n, outliers = db.execute("SELECT COUNT(*), SUM(flag_codes LIKE '%HIGH%' OR flag_codes LIKE '%LOW%')"
                             " FROM case_results_full WHERE hospital_code = 'H001'").fetchone()
    assert stats["H001"].cases == n
    assert abs(stats["H001"].outlier_rate - outliers / n) < 1e-12
    paid, cost = db.execute("SELECT SUM(estimated_payment_fen), SUM(total_cost_fen) FROM case_results"
                            " WHERE hospital_code = 'H001'").fetchone()
    assert abs(stats["H001"].settlement_ratio - paid / cost) < 1e-12
    cmi = db.execute("SELECT AVG(weight) FROM case_results_full WHERE hospital_code = 'H001'"
                     " AND weight IS NOT NULL").fetchone()[0]
    assert cmi and abs(stats["H001"].cmi - cmi) < 1e-9


def test_cost_vs_stay_thins_each_category_and_keeps_outliers_visible(review_workspace):
    full = cost_vs_stay(review_workspace.db, "")
    assert not full.sampled and len(full.case_pk) == 600
    outliers = set(full.case_pk[(full.category == HIGH) | (full.category == LOW)])
    assert 0 < len(outliers) <= 100
    thin = cost_vs_stay(review_workspace.db, "", max_points=300)  # up to 100 points per category
    assert thin.sampled and thin.total == 600 and len(thin.case_pk) <= 303
    assert outliers <= set(thin.case_pk)  # few enough: every outlier kept
    assert (thin.category == NORMAL).sum() <= 101
    tiny = cost_vs_stay(review_workspace.db, "", max_points=30)
    assert len(tiny.case_pk) <= 33 and {HIGH, NORMAL} <= set(tiny.category.tolist())


def test_cost_vs_stay_chart_draws_150000_points(qtbot):
    rng = np.random.default_rng(1)
    n = 150_000
    data = CostVsStay(np.arange(n), rng.integers(1, 90, n), rng.integers(1000, 10_000_000, n),
                      rng.choice([0, 0, 0, 1, 2, 3], n).astype(np.int8), n, "")
    chart = CostVsStayChart()
    qtbot.addWidget(chart)
    chart.resize(900, 600)
    chart.show()
    chart.set_data(data)  # its speed is bench/ui.py's to measure
    image = chart.grab()
    assert not image.isNull()
    assert "150,000" in chart.getPlotItem().titleLabel.text


def test_hovering_a_bar_names_the_hospital(qtbot, review_workspace):
    page = _make_page(qtbot, review_workspace)
    qtbot.wait(100)
    plot = page.hospitals.plot
    view = plot.getPlotItem().vb
    page.hospitals._scene_hovered(view.mapViewToScene(QPointF(1, 0.1)))
    assert plot.toolTip().startswith("H002 第2人民医院")
    assert f"{page.hospitals.stats[1].cases:,}" in plot.toolTip()


def test_hospital_comparison_over_all_periods_in_halves_adds_up_the_same(review_workspace, monkeypatch):
    import workstation.services.queue as queue
    from workstation.services.queue import halves as queue_halves

    whole = hospital_comparison(review_workspace.db, "")
    monkeypatch.setattr(queue_halves, "SPLIT_FROM", 0)  # two halves of the case ids: summed side by side, then added up
    db = review_workspace.db
    split = queue.split_point(db, queue.CaseFilter(), 0)
    below = db.execute("SELECT COUNT(*) FROM case_results WHERE case_pk < ?", [split]).fetchone()[0]
    assert 0 < below < db.execute("SELECT COUNT(*) FROM case_results").fetchone()[0]
    halves = hospital_comparison(review_workspace.db, "")
    assert [(s.hospital_code, s.cases, s.outlier_rate, s.settlement_ratio) for s in halves] == \
        [(s.hospital_code, s.cases, s.outlier_rate, s.settlement_ratio) for s in whole]
    assert all(abs(a.cmi - b.cmi) < 1e-12 for a, b in zip(halves, whole))


def test_a_long_group_name_is_shortened_to_the_narrow_chart_and_the_right_side_stays_in_view(qtbot):
    name = "呼吸系统其他手术，不伴合并症或并发症"
    data = GroupCostDistribution("2024-05", "EJ15", name, np.arange(1_000_000, 3_000_000, 2_000, dtype=np.int64),
                                 1_441_300, "table", 432_390, 4_323_900, case_pk=7, case_cost_fen=10_049_679)
    chart = GroupCostDistributionChart()
    qtbot.addWidget(chart)
    chart.resize(230, 360)  # the detail panel beside the queue on an 800-wide screen
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_data(data)
    shown = chart.getPlotItem().titleLabel.text
    assert shown.startswith("EJ15") and "…" in shown and shown.endswith("1,000 case(s)") or "1000" in shown
    assert chart.toolTip() == chart.full_title and name in chart.full_title
    # The plot fits the widget: the case's line (right edge of the range) is drawn inside it,
    # its label to the line's left.
    scene_width = chart.getPlotItem().sceneBoundingRect().width()
    assert scene_width <= chart.width() + 1
    line = chart.lines["case"]
    x = chart.mapFromScene(chart.getPlotItem().vb.mapViewToScene(QPointF(line.value(), 0))).x()
    label = line.label.sceneBoundingRect()
    assert 0 < chart.mapFromScene(label.topLeft()).x() < x < chart.width()
    assert chart.mapFromScene(label.topRight()).x() <= x + 1
    chart.resize(900, 360)
    qtbot.wait(20)
    assert chart.getPlotItem().titleLabel.text == chart.full_title  # room again: the whole name


def test_the_hospital_chart_answers_qts_paint_questions_and_can_be_grabbed(qtbot):
    """Qt asks a widget for its paint-device metrics (the virtual QWidget.metric) when it is grabbed or asked
    its DPI; a chart method of that name once took the call, and the program crashed."""
    chart = HospitalComparisonChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_metric("cmi")
    assert chart.current_metric() == "cmi"
    assert chart.logicalDpiX() > 0
    assert not chart.grab().isNull()
