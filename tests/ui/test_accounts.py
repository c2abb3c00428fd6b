"""Accounts in the GUI: signing in at start, the first start's administrator, user management
and the expert pool for an administrator, and the audit trail's head."""
from __future__ import annotations

import pytest

from workstation.services import accounts, experts
from workstation.services.context import Actor
from workstation.store.db import open_database
from workstation.ui.widgets.dialogs import NewAdminAnswer, SignInAnswer

ADMIN_PASSWORD = "admin-pass-1"
REVIEWER_PASSWORD = "review-pass-1"


@pytest.fixture
def accounts_db_path(small_db_path):
    """The small database with an administrator, a reviewer and a disabled supervisor."""
    db = open_database(small_db_path)
    admin = Actor("admin", accounts.Role.ADMIN)
    accounts.add_user(db, Actor("setup"), "admin", "admin", ADMIN_PASSWORD, display_name="管理员")
    accounts.add_user(db, admin, "li", "reviewer", REVIEWER_PASSWORD, display_name="李经办")
    accounts.add_user(db, admin, "old", "supervisor", "old-pass-11")
    accounts.disable_user(db, admin, "old")
    db.close()
    return small_db_path


def _sign_in_dialog(qtbot, path):
    from workstation.ui.accounts.forms import SignInDialog

    db = open_database(path)
    dialog = SignInDialog(str(path), lambda user, password: accounts.sign_in(db, user, password))
    qtbot.addWidget(dialog)
    dialog.finished.connect(lambda _r: db.close())
    dialog.show()
    return dialog


def _try(dialog, user, password):
    dialog.username.setText(user)
    dialog.password.setText(password)
    dialog.ok_button.click()
    return dialog.message.text() if dialog.message.isVisible() else ""


def test_the_right_password_signs_in(qtbot, accounts_db_path):
    dialog = _sign_in_dialog(qtbot, accounts_db_path)
    assert _try(dialog, "li", REVIEWER_PASSWORD) == ""
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.user == Actor("li", accounts.Role.REVIEWER, "李经办")


WRONG = "用户名或密码不正确。连续输错 5 次后账户锁定 15 分钟；已锁定时请稍后再试，或请系统管理员解锁。"


def test_a_wrong_password_an_unknown_name_and_a_locked_account_get_one_answer(qtbot, accounts_db_path):
    dialog = _sign_in_dialog(qtbot, accounts_db_path)
    assert _try(dialog, "li", "nope") == WRONG
    assert _try(dialog, "nobody", "nope") == WRONG  # the same: it does not tell that li exists
    assert dialog.isVisible() and dialog.password.text() == ""
    for _ in range(4):
        assert _try(dialog, "li", "nope") == WRONG
    assert _try(dialog, "li", REVIEWER_PASSWORD) == WRONG  # locked: even the right one, for now
    assert dialog.isVisible() and dialog.user is None
    db = open_database(accounts_db_path)
    admin = Actor("admin", accounts.Role.ADMIN)
    assert next(r for r in accounts.list_users(db, admin) if r["username"] == "li")["locked"]
    accounts.unlock_user(db, admin, "li")
    assert accounts.sign_in(db, "li", REVIEWER_PASSWORD).name == "li"
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'users.unlock'").fetchone()[0] == 1
    db.close()


def test_a_disabled_account_cannot_sign_in(qtbot, accounts_db_path):
    dialog = _sign_in_dialog(qtbot, accounts_db_path)
    assert _try(dialog, "old", "old-pass-11") == "该账户已停用，请联系系统管理员。"
    assert dialog.user is None


def test_the_app_asks_to_sign_in_and_the_status_bar_names_user_and_role(start_app, accounts_db_path):
    controller, shown = start_app(accounts_db_path, SignInAnswer("admin", "wrong"),
                                  SignInAnswer("admin", ADMIN_PASSWORD))
    assert shown
    said = controller.dialogs.said
    assert said[0][0] == "sign_in" and said[1][0] == "sign_in_refused" and said[1][2] == WRONG
    window = controller.window
    assert window.context.user.role == accounts.Role.ADMIN and window.context.actor == "admin"
    assert window.user_label.text() == "用户：管理员 (admin) · 系统管理员"


def test_cancelling_the_sign_in_at_start_shows_nothing(start_app, accounts_db_path):
    controller, shown = start_app(accounts_db_path)
    assert not shown and controller.window is None


def test_first_start_on_a_store_without_accounts_creates_the_admin(start_app, small_db_path):
    controller, shown = start_app(small_db_path, NewAdminAnswer("chief", "chief-pass-1", "主任"))
    assert shown and controller.dialogs.said[0][0] == "create_admin"
    assert controller.window.context.user == Actor("chief", accounts.Role.ADMIN, "主任")
    db = open_database(small_db_path)
    assert accounts.sign_in_required(db)
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE entity = 'users' ORDER BY id")]
    db.close()
    assert actions == ["users.add", "users.sign_in"]


def test_first_start_can_continue_without_accounts(start_app, small_db_path):
    controller, shown = start_app(small_db_path)  # no answer: "Continue without accounts"
    assert shown and controller.window.context.user == Actor("审核员甲")
    assert "无账户" in controller.window.user_label.text()
    db = open_database(small_db_path)
    assert not accounts.sign_in_required(db)
    db.close()


def test_the_first_start_form_wants_the_password_twice_and_long_enough(qtbot, small_db_path):
    from workstation.ui.accounts.forms import CreateAdminDialog

    made = []
    dialog = CreateAdminDialog(str(small_db_path), "tester", lambda *a: made.append(a) or Actor("admin"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText("long-enough-1")
    dialog.repeat.setText("long-enough-2")
    dialog.ok_button.click()
    assert "两次输入的密码不一致" in dialog.message.text() and not made and dialog.isVisible()
    assert dialog.cancel_button.text() == "不使用账户继续"


def _signed_in_window(start_app, path, user, password):
    controller, shown = start_app(path, SignInAnswer(user, password))
    assert shown
    return controller.window


def test_an_admin_adds_and_disables_a_user(qtbot, start_app, accounts_db_path):
    window = _signed_in_window(start_app, accounts_db_path, "admin", ADMIN_PASSWORD)
    assert window.account_menus.tools_menu is not None
    dialog = window.account_menus.open_users()
    assert [r["username"] for r in dialog.model.rows] == ["admin", "li", "old"]
    form = dialog.add_user()
    form.username.setText("wang")
    form.display_name.setText("王科长")
    form.role.setCurrentIndex(form.role.findData("supervisor"))
    form.password.setText("wang-pass-1")
    form.repeat.setText("wang-pass-1")
    form.ok_button.click()
    qtbot.waitUntil(lambda: dialog.pending is not None and dialog.pending.is_done())
    assert dialog.status.text() == "已新建用户 wang。"
    row = next(r for r in dialog.model.rows if r["username"] == "wang")
    assert row["role"] == "supervisor" and row["active"]

    window.context.dialogs.answers.append("disable")
    dialog.table.selectRow(next(i for i in range(dialog.proxy.rowCount())
                                if dialog.proxy.index(i, 0).data() == "wang"))
    assert dialog.disable_button.isEnabled()
    dialog.disable_button.click()
    qtbot.waitUntil(lambda: dialog.pending.is_done())
    assert not next(r for r in dialog.model.rows if r["username"] == "wang")["active"]
    state_column = [c.key for c in dialog.model.columns].index("state")
    wang_row = next(i for i, r in enumerate(dialog.model.rows) if r["username"] == "wang")
    assert dialog.model.index(wang_row, state_column).data() == "已停用"
    db = open_database(accounts_db_path)
    events = list(db.execute("SELECT actor, action, entity_id FROM audit_log WHERE entity = 'users'"
                             " AND entity_id = 'wang' ORDER BY id"))
    db.close()
    assert events == [("admin", "users.add", "wang"), ("admin", "users.disable", "wang")]


def test_a_non_admin_has_no_administration_menu_and_is_refused(start_app, accounts_db_path):
    window = _signed_in_window(start_app, accounts_db_path, "li", REVIEWER_PASSWORD)
    assert window.account_menus.tools_menu is None
    assert window.account_menus.open_users() is None
    assert window.context.dialogs.said[-1][2] == "只有系统管理员可以管理用户和专家库。"
    assert "经办审核员" in window.user_label.text()


def test_an_admin_adds_an_expert_and_deactivates_them(qtbot, start_app, accounts_db_path):
    window = _signed_in_window(start_app, accounts_db_path, "admin", ADMIN_PASSWORD)
    dialog = window.account_menus.open_experts()
    form = dialog.add_expert()
    form.name.setText("王医生")
    form.specialty.setText("心内科")
    form.hospitals.setText("H001；H002")
    form.ok_button.click()
    qtbot.waitUntil(lambda: dialog.pending is not None and dialog.pending.is_done())
    assert [(r["name"], r["specialty"], r["hospital_codes"], r["active"]) for r in dialog.model.rows] == [
        ("王医生", "心内科", "H001;H002", 1)]
    dialog.table.selectRow(0)
    assert dialog.toggle_button.text() == "停用"
    first_job = dialog.pending
    dialog.toggle_button.click()
    assert dialog.pending is not first_job, window.context.dialogs.said
    qtbot.waitUntil(lambda: dialog.pending.is_done())
    assert dialog.model.rows[0]["active"] == 0, (window.context.dialogs.said, dialog.status.text())
    assert dialog.toggle_button.text() == "启用"
    db = open_database(accounts_db_path)
    assert [e["active"] for e in experts.list_experts(db)] == [0]
    db.close()


def test_the_audit_trail_shows_its_head_and_verifies_off_the_gui_thread(qtbot, start_app, accounts_db_path):
    window = _signed_in_window(start_app, accounts_db_path, "admin", ADMIN_PASSWORD)
    dialog = window.account_menus.open_audit_trail()
    db = open_database(accounts_db_path)
    count, head = db.execute("SELECT COUNT(*), (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)"
                             " FROM audit_log").fetchone()
    db.close()
    assert dialog.count.text() == f"{count:,}" and dialog.head.text() == head
    with qtbot.waitSignal(dialog.verify().finished, timeout=10000):
        pass
    assert "审计链完整" in dialog.outcome.text() and dialog.verify_button.isEnabled()


def test_switching_user_rebuilds_the_window_for_the_new_role(qtbot, start_app, accounts_db_path):
    controller, _ = start_app(accounts_db_path, SignInAnswer("admin", ADMIN_PASSWORD))
    first = controller.window
    controller.dialogs.answers.append(SignInAnswer("li", REVIEWER_PASSWORD))
    first.account_menus.switch_action.trigger()
    assert controller.window is not first and controller.window.context.user.name == "li"
    assert controller.window.account_menus.tools_menu is None


def test_signing_out_and_cancelling_quits(qtbot, start_app, accounts_db_path):
    controller, _ = start_app(accounts_db_path, SignInAnswer("admin", ADMIN_PASSWORD))
    window = controller.window
    window.account_menus.sign_out_action.trigger()  # no answer: the sign-in is cancelled
    qtbot.waitUntil(lambda: controller.window is None)
    assert controller.dialogs.said[-1][0] == "sign_in"


def test_the_users_menu_entry_is_under_tools(start_app, accounts_db_path):
    window = _signed_in_window(start_app, accounts_db_path, "admin", ADMIN_PASSWORD)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "工具(&T)" in titles and titles.index("工具(&T)") == len(titles) - 2


def test_a_password_reset_by_the_admin_must_be_replaced_at_the_next_sign_in(qtbot, start_app, accounts_db_path):
    from workstation.ui.widgets.dialogs import NewPasswordAnswer

    window = _signed_in_window(start_app, accounts_db_path, "admin", ADMIN_PASSWORD)
    dialog = window.account_menus.open_users()
    dialog.table.selectRow(next(i for i in range(dialog.proxy.rowCount()) if dialog.proxy.index(i, 0).data() == "li"))
    form = dialog.reset_password()
    form.password.setText("reset-pass-1")
    form.repeat.setText("reset-pass-1")
    form.ok_button.click()
    qtbot.waitUntil(lambda: dialog.pending is not None and dialog.pending.is_done())
    assert "li 下次登录时需改为自己的密码" in dialog.status.text()

    controller, shown = start_app(accounts_db_path, SignInAnswer("li", "reset-pass-1"), NewPasswordAnswer("own-pass-11"))
    assert shown and controller.dialogs.said[-1] == ("new_password", "", "li")
    db = open_database(accounts_db_path)
    assert accounts.sign_in(db, "li", "own-pass-11").name == "li" and not accounts.must_change_password(db, "li")
    db.close()


def test_declining_the_administrator_for_good_is_remembered_for_that_file(small_db_path, open_workspace,
                                                                          isolated_settings):
    from workstation.ui.accounts.session import who_works
    from workstation.ui.widgets.dialogs import AdminChoice, ScriptedDialogs

    class Declines(ScriptedDialogs):
        def create_admin(self, parent, database, acting, create):
            self.said.append(("create_admin", "", database))
            return AdminChoice(None, dont_ask_again=True)

    workspace = open_workspace(small_db_path)
    dialogs = Declines()
    assert who_works(None, workspace, dialogs, isolated_settings, "tester") == Actor("tester")
    assert who_works(None, workspace, dialogs, isolated_settings, "tester") == Actor("tester")
    assert [s[0] for s in dialogs.said] == ["create_admin"]  # asked once only


def test_the_users_dialog_shows_a_locked_account_and_unlocks_it(qtbot, start_app, accounts_db_path):
    db = open_database(accounts_db_path)
    for _ in range(5):
        with pytest.raises(accounts.UserError):
            accounts.sign_in(db, "li", "nope")
    db.close()
    window = _signed_in_window(start_app, accounts_db_path, "admin", ADMIN_PASSWORD)
    dialog = window.account_menus.open_users()
    state_column = [c.key for c in dialog.model.columns].index("state")
    li_row = next(i for i, r in enumerate(dialog.model.rows) if r["username"] == "li")
    assert dialog.model.index(li_row, state_column).data() == "已锁定"
    dialog.table.selectRow(next(i for i in range(dialog.proxy.rowCount()) if dialog.proxy.index(i, 0).data() == "li"))
    assert dialog.unlock_button.isEnabled()
    dialog.grab().save("/tmp/accounts-users-locked.png")
    dialog.unlock_button.click()
    qtbot.waitUntil(lambda: dialog.pending is not None and dialog.pending.is_done())
    li_row = next(i for i, r in enumerate(dialog.model.rows) if r["username"] == "li")
    assert dialog.model.index(li_row, state_column).data() == "可用" and dialog.status.text() == "已解除用户 li 的锁定。"


def test_the_forced_change_refuses_the_password_the_admin_set(start_app, accounts_db_path):
    from workstation.ui.widgets.dialogs import NewPasswordAnswer

    db = open_database(accounts_db_path)
    accounts.change_password(db, Actor("admin", accounts.Role.ADMIN), "li", "reset-pass-1")
    db.close()
    controller, shown = start_app(accounts_db_path, SignInAnswer("li", "reset-pass-1"),
                                  NewPasswordAnswer("reset-pass-1"), NewPasswordAnswer("own-pass-11"))
    assert shown
    refused = [s for s in controller.dialogs.said if s[0] == "new_password_refused"]
    assert refused and "新密码不能与当前密码相同" in refused[0][2]
    db = open_database(accounts_db_path)
    assert not accounts.must_change_password(db, "li")
    db.close()
