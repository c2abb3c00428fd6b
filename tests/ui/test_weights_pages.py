"""The Weights and Opinions tabs on generated data: proposals computed off the GUI thread, shaded
in the table and drawn on the chart; the workbook saved; an opinion file imported and answered."""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from tests.engine.recalibration_data import build_store
from tests.ui.conftest import SCREEN
from workstation.services.context import Actor
from workstation.services.opinions import register_opinion
from workstation.ui.opinions.page import OpinionsPage
from workstation.ui.weights.page import PROPOSAL_FILL, WeightsPage


@pytest.fixture
def store_path(tmp_path):
    db = build_store(tmp_path)
    register_opinion(db, Actor("li"), hospital_code="H001", topic="weights", text="ZZ03 上调过快", received_on=date(2024, 4, 1))
    db.close()
    return tmp_path / "recalibration.db"


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(*SCREEN)
    widget.show()
    return widget


def test_the_weights_page_shows_the_proposals_and_saves_the_workbook(qtbot, make_context, store_path, tmp_path):
    out = tmp_path / "weights.xlsx"
    page = _show(qtbot, WeightsPage(make_context(store_path, str(out))))
    assert page.first.currentText() == "2024-03" and page.threshold.value() == pytest.approx(0.10)
    with qtbot.waitSignal(page.compute().finished, timeout=30_000):
        pass
    codes = [page.model.row(i)["code"] for i in range(page.model.rowCount())]
    assert codes == [f"ZZ{i:02d}" for i in range(1, 10)]
    shaded = {page.model.row(i)["code"] for i in range(page.model.rowCount())
              if page.model.data(page.model.index(i, 0), 8) == PROPOSAL_FILL}  # Qt.BackgroundRole
    assert shaded == {"ZZ03", "ZZ08"}
    assert sum(p for _, _, p in page.chart.points) == 2
    assert "2" in page.status.text()
    page.grab().save(str(tmp_path / "weights-page.png"))
    page.save_workbook()
    qtbot.waitUntil(lambda: out.exists(), timeout=30_000)
    assert openpyxl.load_workbook(out).sheetnames[1] == "调整建议"


def test_the_opinions_page_marks_overdue_and_answers(qtbot, make_context, store_path, tmp_path):
    page = _show(qtbot, OpinionsPage(make_context(store_path, "已在协商会上讨论")))
    assert page.model.rowCount() == 1 and "逾期" in page.model.row(0)["state"]
    page.table.selectRow(0)
    page.answer_selected()
    qtbot.waitUntil(lambda: bool(page.model.row(0)["answer"]), timeout=30_000)
    assert page.model.row(0)["answer"] == "已在协商会上讨论"
    page.grab().save(str(tmp_path / "opinions-page.png"))


def test_a_reviewer_sees_no_publish_button(qtbot, make_context, store_path):
    page = _show(qtbot, OpinionsPage(make_context(store_path, user=Actor("li", "reviewer"))))  # type: ignore[arg-type]
    assert page.answer_button.isVisible() and not page.publish_button.isVisible()
