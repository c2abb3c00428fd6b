"""The main window's red banner when the audit log failed its check on opening (issue 18, point 9)."""
from __future__ import annotations

from tests.faults.test_audit_on_open import FORGED, tamper, with_events


def test_the_gui_shows_a_red_banner(start_app, db_path):
    with_events(db_path)
    tamper(db_path, FORGED)
    controller, shown = start_app(db_path)
    window = controller.window
    assert shown and window.audit_banner.isVisible()
    assert "审计日志的完整性检查未通过" in window.audit_banner.text()


def test_the_gui_shows_no_banner_for_an_intact_log(start_app, db_path):
    with_events(db_path)
    controller, shown = start_app(db_path)
    assert shown and not controller.window.audit_banner.isVisible()
