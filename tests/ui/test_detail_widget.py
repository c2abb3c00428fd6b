import re

from tests.ui.review_fixtures import review_workspace  # noqa: F401 - fixture
from workstation.domain.money import fen_to_yuan_text
from workstation.ui.detail.widget import CaseDetailWidget


def _flagged_case(db, code):
    return db.execute("SELECT case_pk FROM case_results_full WHERE flag_codes LIKE ? LIMIT 1",
                      [f"%{code}%"]).fetchone()[0]


def _make(qtbot, workspace):
    widget = CaseDetailWidget(db=workspace.db)
    qtbot.addWidget(widget)
    widget.resize(560, 700)
    widget.show()
    return widget


def test_empty_detail_says_what_to_do(qtbot, review_workspace):
    widget = _make(qtbot, review_workspace)
    assert widget.tr("Select a case in the queue to see its details.") in widget.overview.toPlainText()


def test_detail_shows_identity_masked_benchmark_and_why_flags_fired(qtbot, review_workspace):
    db = review_workspace.db
    case_pk = _flagged_case(db, "HIGH")
    case = next(db.query("SELECT * FROM cases WHERE id = ?", [case_pk]))
    result = next(db.query("SELECT * FROM case_results_full WHERE case_pk = ?", [case_pk]))
    widget = _make(qtbot, review_workspace)
    widget.show_case(case_pk)
    text = widget.overview.toPlainText()
    assert case["case_id"] in widget.title.text()
    assert case["patient_name"] not in text
    assert case["patient_name"][0] + "*" in text
    assert case["id_number"][:4] + "*" * 10 + case["id_number"][-4:] in text
    assert fen_to_yuan_text(result["avg_cost_fen"], thousands=True) in text
    assert fen_to_yuan_text(result["high_threshold_fen"], thousands=True) in text
    assert fen_to_yuan_text(result["estimated_payment_fen"], thousands=True) in text
    assert f"{result['cost_ratio']:.2f}" in text
    high_line = next(line for line in text.splitlines() if "≥" in line and "高倍率" in line)
    assert fen_to_yuan_text(case["total_cost_fen"], thousands=True) in high_line

    widget.set_show_personal(True)
    assert case["patient_name"] in widget.overview.toPlainText()


def test_fees_diagnoses_and_the_hospitals_other_cases(qtbot, review_workspace):
    db = review_workspace.db
    case_pk = _flagged_case(db, "LOW")
    case = next(db.query("SELECT * FROM cases WHERE id = ?", [case_pk]))
    widget = _make(qtbot, review_workspace)
    widget.show_case(case_pk)
    fee_rows = {widget.fees_table.item(r, 0).text(): widget.fees_table.item(r, 1).text()
                for r in range(widget.fees_table.rowCount())}
    assert fee_rows["床位费"] == fen_to_yuan_text(case["fee_bed_fen"], thousands=True)
    assert len(fee_rows) == 16  # 14 categories, high-value consumables, total
    codes = [widget.codes_table.item(r, 1).text() for r in range(widget.codes_table.rowCount())]
    assert codes[0] == case["main_dx"] and widget.codes_table.item(0, 2).text() == case["main_dx_name"]
    expected_others = db.execute(
        "SELECT COUNT(*) FROM case_results WHERE period = ? AND hospital_code = ? AND drg_code = ? AND case_pk != ?",
        [case["period"], case["hospital_code"], case["drg_code"], case_pk]).fetchone()[0]
    assert int(re.search(r"\d+", widget.others_label.text()).group(0)) == expected_others
    assert widget.others_table.rowCount() == min(expected_others, 50)
    assert widget.distribution.data.case_cost_fen == case["total_cost_fen"]
    assert set(widget.distribution.lines) == {"low", "average", "high", "case"}

    with qtbot.waitSignal(widget.case_requested) as blocker:
        widget.others_table.cellDoubleClicked.emit(0, 0)
    assert blocker.args[0] == widget.others_table.item(0, 0).data(256)


def test_in_english_the_discharge_mode_and_fees_are_named_in_english(qtbot, review_workspace):
    from workstation.domain.fields import DISCHARGE_MODE_NAMES
    from workstation.ui.i18n import install_language

    db = review_workspace.db
    case_pk = _flagged_case(db, "LOW")
    case = next(db.query("SELECT * FROM cases WHERE id = ?", [case_pk]))
    install_language("en")
    try:
        widget = _make(qtbot, review_workspace)
        widget.show_case(case_pk)
        lines = widget.overview.toPlainText().splitlines()
        at = next(i for i, ln in enumerate(lines) if ln.startswith("Discharge mode"))
        line = " ".join(lines[at:at + 2])  # the label, then its value
        assert DISCHARGE_MODE_NAMES[case["discharge_mode"]].en in line
        assert DISCHARGE_MODE_NAMES[case["discharge_mode"]].zh not in line
        labels = [widget.fees_table.item(r, 0).text() for r in range(widget.fees_table.rowCount())]
        assert "Bed" in labels and "Western medicine" in labels and "床位费" not in labels
    finally:
        install_language("zh")
