"""The reports page: a notice and the period summary previewed in the app, printed through the
print dialog, and all notices of a period written as a job that can be cancelled."""
from __future__ import annotations

import pytest

from tests.reports.conftest import build_decided
from tests.ui.conftest import SCREEN
from workstation.ui.reports.page import ReportsPage

pytest.importorskip("pypdfium2")


@pytest.fixture
def page(qtbot, make_context, db, db_path, tmp_path):
    build_decided(db)

    def make(*answers, shots=None):
        context = make_context(db_path, *answers)
        widget = ReportsPage(context)
        qtbot.addWidget(widget)
        widget.resize(*SCREEN)
        widget.show()
        return widget
    return make


def test_a_notice_previews_in_the_app_and_prints_through_the_dialog(page, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    widget = page(True)  # the print dialog's answer: print
    widget.application.setValue(1)
    with qtbot.waitSignal(widget.preview_notice().done, timeout=30_000):
        pass
    assert len(widget.preview.pages) == 2 and "2" in widget.status.text()
    widget.grab().save(str(tmp_path / "reports-page.png"))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert widget.preview.print_pages(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000


def test_the_period_summary_previews(page, qtbot):
    widget = page()
    assert widget.period.currentData() == "2024-03"
    with qtbot.waitSignal(widget.preview_summary().done, timeout=30_000):
        pass
    assert len(widget.preview.pages) >= 1 and not widget.cancel_button.isVisible()


def test_all_notices_of_the_period_as_a_job(page, qtbot, tmp_path):
    widget = page(str(tmp_path / "out"))  # the folder chosen
    job = widget.print_all_notices()
    assert job is not None and widget.cancel_button.isEnabled()
    with qtbot.waitSignal(job.done, timeout=60_000):
        pass
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3
    assert "3" in widget.status.text() and widget.all_button.isEnabled()


def test_the_minutes_of_a_review_cycle_preview_and_print_only_once_previewed(page, qtbot):
    widget = page()
    assert widget.cycle.count() >= 1 and widget.cycle.currentData()  # the cycles applications fall in
    assert not widget.print_button.isEnabled()  # nothing previewed yet: nothing to print
    with qtbot.waitSignal(widget.preview_minutes().done, timeout=30_000):
        pass
    assert len(widget.preview.pages) >= 2 and widget.print_button.isEnabled()  # the minutes and the letters' key
    assert "2" in widget.status.text()
