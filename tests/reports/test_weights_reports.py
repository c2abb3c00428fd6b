"""What the recalibration's paper says: the proposals workbook, the negotiation minutes and the
opinion publication (PDF with the CJK font embedded, and the workbook)."""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from tests.engine.recalibration_data import build_store
from tests.reports.conftest import needs_poppler, pdf_fonts, pdf_text
from workstation.reports.negotiation_minutes import write_negotiation_minutes
from workstation.reports.opinions_report import write_opinions_pdf, write_opinions_workbook
from workstation.reports.weights_workbook import write_proposals_workbook
from workstation.services.context import Actor
from workstation.services.negotiations import (
    Participant,
    negotiation,
    open_negotiation,
    record_outcomes,
    record_positions,
)
from workstation.services.opinions import answer_opinion, list_opinions, register_opinion
from workstation.services.report_settings import report_settings
from workstation.services.weights import weight_proposals

LI = Actor("li")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("weights-reports"))
    yield db
    db.close()


def test_the_workbook_lists_groups_marks_proposals_and_shows_effects(store, tmp_path):
    result = weight_proposals(store, LI, "2024-03")
    out = tmp_path / "proposals.xlsx"
    write_proposals_workbook(result, out, lang="zh")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["病组权重", "调整建议", "医院级别系数", "对各医院的影响", "各建议的影响", "测算说明"]
    groups = list(book["病组权重"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in groups] == [f"ZZ{i:02d}" for i in range(1, 10)]  # ZZ10 has 20 cases < 30
    assert {r[0] for r in groups if r[11] == "是"} == {"ZZ03", "ZZ08"}
    assert [r[0] for r in book["调整建议"].iter_rows(min_row=2, values_only=True)] == ["ZZ03", "ZZ08"]
    effects = list(book["对各医院的影响"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in effects] == ["H001", "H002", "H003"]
    assert all(round(r[5], 4) == round(r[4] - r[3], 4) for r in effects)


@needs_poppler
def test_minutes_print_every_participant_position_and_outcome(store, tmp_path):
    result = weight_proposals(store, LI, "2024-03")
    number = open_negotiation(store, LI, result, held_on=date(2024, 4, 10), title="权重协商", participants=[
        Participant("bureau", "张科长", title="医保中心主任"), Participant("hospital", "李院长", "H001"),
        Participant("hospital", "王主任", "H002"), Participant("expert", "刘教授")])
    record_positions(store, LI, number, "H001", {"ZZ03": "agree", "ZZ08": "disagree"})
    record_positions(store, LI, number, "H002", {"ZZ03": "agree", "ZZ08": "1.9"})
    record_outcomes(store, LI, number, {"ZZ03": "proposed", "ZZ08": "1.9"})
    out = tmp_path / "minutes.pdf"
    write_negotiation_minutes(negotiation(store, number), report_settings(store), out, lang="zh")
    text = pdf_text(out)
    for word in ("协商会议纪要", "张科长", "医保中心主任", "李院长", "刘教授", "H002", "提出其他值 1.9000", "不同意",
                 "达成一致 1.9000", "2024-04-10"):
        assert word in text, word
    assert "WenQuanYi" in pdf_fonts(out) and " yes " in pdf_fonts(out)


@needs_poppler
def test_the_publication_lists_opinions_answers_and_status(store, tmp_path):
    first = register_opinion(store, LI, hospital_code="H001", topic="weights", text="ZZ03 上调过快，电话 13912345678",
                             received_on=date(2024, 4, 1), links=["ZZ03"])
    register_opinion(store, LI, hospital_code="H002", topic="workflow", text="材料清单简化", received_on=date(2024, 4, 2))
    answer_opinion(store, LI, first, "已在协商会上讨论", answered_on=date(2024, 4, 10))
    rows = list_opinions(store, half="2024H1", today=date(2024, 6, 30))
    pdf, xlsx = tmp_path / "opinions.pdf", tmp_path / "opinions.xlsx"
    write_opinions_pdf("2024H1", rows, report_settings(store), pdf, lang="zh")
    write_opinions_workbook("2024H1", rows, xlsx, lang="zh")
    text = pdf_text(pdf)
    for word in ("意见收集及反馈情况", "2024H1", "已答复", "待答复（逾", "139****5678", "ZZ03"):
        assert word in text, word
    assert "13912345678" not in text
    sheet = openpyxl.load_workbook(xlsx)["2024H1"]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [v[3] for v in values] == ["权重与系数", "经办流程"] and values[0][7] == "已在协商会上讨论"
