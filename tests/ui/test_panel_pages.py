"""The office's sessions page and an expert's desk, on the mock panel's store."""
from __future__ import annotations

from datetime import date

from tests.services.panel_store import ADMIN, REVIEWER, build_panel_store
from workstation.services import accounts, panel
from workstation.services.context import Actor
from workstation.store.db import open_database
from workstation.ui.widgets.dialogs import SignInAnswer

EXPERT_PASSWORD = "chen-pass-123"


def test_the_office_plans_marks_absent_and_closes_with_minutes(db_path, make_context, qtbot, tmp_path):
    from workstation.ui.panel.page import PanelSessionsPage

    db = open_database(db_path)
    store = build_panel_store(db, plan=False)
    session = panel.new_session(db, REVIEWER, date(2024, 4, 15), "四月评审会", "第三会议室")
    panel.add_items(db, REVIEWER, session, store.apps)
    db.close()
    out = tmp_path / "minutes.pdf"
    context = make_context(db_path, str(store.experts[2]), "出差", str(out), user=REVIEWER)
    page = PanelSessionsPage(context)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    assert page.agenda.rowCount() == 5
    # The office sees the hospital's code and name beside the session's letter.
    assert page.agenda.item(0, 2).text() == "A = H001 协和医院"
    page.mark_absent()
    qtbot.waitUntil(lambda: page.agenda.item(0, 5).text() == "不足：须补抽专家", timeout=10_000)
    assert "孙立新" in page.summary.text()
    page.close_session()
    qtbot.waitUntil(lambda: out.exists(), timeout=20_000)
    qtbot.waitUntil(lambda: "SHA-256" in page.summary.text(), timeout=10_000)
    assert not page.buttons["close"].isEnabled()


def test_an_experts_first_sign_in_lands_on_their_waiting_items(db_path, start_app, qtbot):
    db = open_database(db_path)
    store = build_panel_store(db)
    accounts.add_user(db, Actor("setup"), "admin", "admin", "admin-pass-123")
    accounts.add_user(db, ADMIN, "chen", "expert", EXPERT_PASSWORD, display_name="陈建国")
    db.close()
    controller, shown = start_app(db_path, SignInAnswer("chen", EXPERT_PASSWORD))
    assert shown
    window = controller.window
    page = window.tabs.currentWidget()
    assert page.objectName() == "MyReviewsPage"
    assert page.list.count() == 5 and "5" in page.heading.text()
    assert "A" in page.list.item(0).text()
    assert not window.tabs.isTabVisible(6)  # no session planning for an expert
    page.choices.buttons()[0].setChecked(True)
    page.cast()
    qtbot.waitUntil(lambda: page.list.count() == 4, timeout=10_000)
    db = open_database(db_path)
    assert db.execute("SELECT entered_by, on_behalf FROM panel_session_votes").fetchall() == [("chen", 0)]
    assert store.apps
