"""The main window shows each role only what the authority lets it do; unmasking is recorded; a
window replaced by a switch of user or language leaves nothing connected behind."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from workstation.services import accounts
from workstation.services.context import Actor
from workstation.store.db import open_database
from workstation.ui.main_window import MY_REVIEWS_TAB, QUEUE_TAB
from workstation.ui.widgets.dialogs import SignInAnswer

PASSWORD = "pass-word-11"


@pytest.fixture
def roles_db_path(small_db_path):
    db = open_database(small_db_path)
    accounts.add_user(db, Actor("setup"), "admin", "admin", PASSWORD)
    admin = Actor("admin", accounts.Role.ADMIN)
    for name, role in (("li", "reviewer"), ("wang", "supervisor"), ("chen", "expert")):
        accounts.add_user(db, admin, name, role, PASSWORD)
    db.close()
    return small_db_path


def _window(start_app, path, user):
    controller, shown = start_app(path, SignInAnswer(user, PASSWORD))
    assert shown
    return controller.window


@pytest.mark.parametrize(("user", "imports", "unmasks", "queue", "loads"), [
    ("admin", False, False, True, True),
    ("li", True, True, True, False),
    ("wang", True, True, True, False),
    ("chen", False, False, False, False),
])
def test_each_role_sees_only_what_it_may_do(start_app, roles_db_path, user, imports, unmasks, queue, loads):
    window = _window(start_app, roles_db_path, user)
    assert window.import_action.isVisible() == imports
    assert window.personal_action.isVisible() == unmasks
    assert window.queue_page.filter_bar.show_personal.isVisibleTo(window.queue_page) == unmasks
    assert (window.tabs.widget(QUEUE_TAB) is window.queue_page) == queue
    if not queue:  # an expert: an explanation instead of every hospital's cases
        assert "不显示各医院的病例列表" in window.tabs.widget(QUEUE_TAB).text()
        # and no other page: not every hospital's applications with the panels' votes, nor charts
        visible = [window.tabs.tabText(i) for i in range(window.tabs.count()) if window.tabs.isTabVisible(i)]
        assert visible == ["我的评审"] and window.tabs.currentIndex() == MY_REVIEWS_TAB
    bar = window.reference_page.load_bar
    assert bar.load_groups_button.isVisibleTo(bar) == loads and bar.load_hospitals_button.isVisibleTo(bar) == loads
    applications = window.applications_page
    assert applications.import_button.isVisibleTo(applications) == imports


def test_each_unmasking_is_an_audit_event(start_app, roles_db_path, qtbot):
    window = _window(start_app, roles_db_path, "li")
    window.personal_action.trigger()
    qtbot.waitUntil(lambda: window.unmask_job.is_done())
    db = open_database(roles_db_path)
    events = db.execute("SELECT actor, after FROM audit_log WHERE action = 'personal.unmask'").fetchall()
    db.close()
    assert [e[0] for e in events] == ["li"]


def test_after_switching_language_a_case_selection_reaches_only_the_live_window(start_app, small_db_path, qtbot):
    controller, _ = start_app(small_db_path)
    for _ in range(2):
        old = controller.window
        with qtbot.waitSignal(controller.window_changed, timeout=3000):
            (old.english_action if old.chinese_action.isChecked() else old.chinese_action).trigger()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old window is gone now
    window = controller.window
    window.tabs.setCurrentIndex(1)
    with qtbot.capture_exceptions() as raised:
        controller.workspace.case_selected.emit(1)
        controller.workspace.set_period("2024-02")
        QCoreApplication.processEvents()
    assert raised == []  # no "QTabWidget already deleted" from a replaced window
    assert window.tabs.currentIndex() == QUEUE_TAB
