"""Sign-in on the command line: a store with accounts refuses writes from nobody, and the
audit log names the user who signed in."""
from __future__ import annotations

from tests.conftest import run_cli
from workstation.services.accounts import add_user
from workstation.services.context import Actor
from workstation.store.db import open_database

GROUPS = "DRG编码,DRG名称,权重,均次费用\nFM19,经皮冠状动脉支架植入,2.1,45123.45\n"
PASSWORD = "correct-horse"


def _store_with_admin(tmp_path):
    path = tmp_path / "w.db"
    db = open_database(path)
    add_user(db, Actor("setup"), "admin", "admin", PASSWORD)
    db.close()
    groups = tmp_path / "groups.csv"
    groups.write_text(GROUPS, encoding="utf-8")
    return path, groups


def _last_event(path):
    db = open_database(path)
    try:
        return db.execute("SELECT actor, action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        db.close()


def test_a_write_without_user_or_password_is_refused(tmp_path):
    path, groups = _store_with_admin(tmp_path)
    no_user = run_cli("--db", str(path), "groups", str(groups))
    assert no_user.returncode != 0 and "已启用登录" in no_user.stderr
    no_password = run_cli("--db", str(path), "--user", "admin", "groups", str(groups),
                          env={"DRG_WORKSTATION_PASSWORD": "wrong-one"})
    assert no_password.returncode != 0 and "密码不正确" in no_password.stderr
    assert _last_event(path) == ("admin", "users.sign_in_failed")  # nothing was loaded


def test_a_write_with_the_password_from_the_environment_names_the_user(tmp_path):
    path, groups = _store_with_admin(tmp_path)
    done = run_cli("--db", str(path), "--user", "admin", "groups", str(groups),
                   env={"DRG_WORKSTATION_PASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr
    db = open_database(path)
    actors = {row[0] for row in db.execute("SELECT actor FROM audit_log WHERE action NOT LIKE 'users.%'")}
    db.close()
    assert actors == {"admin"}


def test_rules_import_and_hospitals_need_sign_in_too(tmp_path):
    path, _ = _store_with_admin(tmp_path)
    rules = tmp_path / "r.toml"
    rules.write_text('[low]\nmultiple = "0.4"\n', encoding="utf-8")
    hospitals = tmp_path / "h.csv"
    hospitals.write_text("机构编码,机构名称,级别\nH001,一院,3\n", encoding="utf-8")
    batch = tmp_path / "b.csv"
    batch.write_text("就诊ID\nC1\n", encoding="utf-8")
    for args in (("rules", str(rules)), ("hospitals", str(hospitals)), ("import", str(batch))):
        refused = run_cli("--db", str(path), *args, env={"DRG_WORKSTATION_PASSWORD": PASSWORD})
        assert refused.returncode != 0 and "已启用登录" in refused.stderr, args
    shown = run_cli("--db", str(path), "rules")  # reading stays open
    assert shown.returncode == 0 and "multiple" in shown.stdout


def test_users_list_is_an_administrators_and_shows_the_last_sign_in(tmp_path):
    path, groups = _store_with_admin(tmp_path)
    run_cli("--db", str(path), "--user", "admin", "groups", str(groups), env={"DRG_WORKSTATION_PASSWORD": PASSWORD})
    assert run_cli("--db", str(path), "users", "list").returncode == 2  # nobody signed in
    listed = run_cli("--db", str(path), "--user", "admin", "users", "list", env={"DRG_WORKSTATION_PASSWORD": PASSWORD})
    assert listed.returncode == 0 and "admin" in listed.stdout and "20" in listed.stdout.split("admin")[-1]


def _as(path, user, password, *args, new=None):
    env = {"DRG_WORKSTATION_PASSWORD": password}
    if new is not None:
        env["DRG_WORKSTATION_NEW_PASSWORD"] = new
    return run_cli("--db", str(path), "--lang", "en", "--user", user, *args, env=env)


def test_a_new_account_never_gets_the_admins_password_and_chooses_its_own_before_acting(tmp_path):
    path, groups = _store_with_admin(tmp_path)
    # Only the admin's own password in the environment: no new password is taken from it.
    refused = _as(path, "admin", PASSWORD, "users", "add", "li", "--role", "reviewer")
    assert refused.returncode == 2 and "DRG_WORKSTATION_NEW_PASSWORD" in refused.stderr
    same = _as(path, "admin", PASSWORD, "users", "add", "li", "--role", "reviewer", new=PASSWORD)
    assert same.returncode == 2 and "your own sign-in password" in same.stderr
    made = _as(path, "admin", PASSWORD, "users", "add", "li", "--role", "reviewer", new="first-pass-1")
    assert made.returncode == 0, made.stderr
    assert "users passwd" in made.stdout
    # li signs in with it, but every writing command is refused until li chooses a password.
    acting = _as(path, "li", "first-pass-1", "experts", "add", "王医生")
    assert acting.returncode == 2 and "users passwd" in acting.stderr and "Traceback" not in acting.stderr
    unchanged = _as(path, "li", "first-pass-1", "users", "passwd", new="first-pass-1")
    assert unchanged.returncode == 2 and "differ" in unchanged.stderr
    wrong_current = _as(path, "li", "not-the-one", "users", "passwd", new="own-pass-11")
    assert wrong_current.returncode == 2 and "Wrong user name or password" in wrong_current.stderr
    chosen = _as(path, "li", "first-pass-1", "users", "passwd", new="own-pass-11")
    assert chosen.returncode == 0, chosen.stderr
    listed = _as(path, "admin", PASSWORD, "users", "list")
    assert "to choose a password" not in listed.stdout.split("li")[-1]
    # The admin's reset: generated, shown once; li must choose again.
    reset = _as(path, "admin", PASSWORD, "users", "passwd", "li", "--generate")
    assert reset.returncode == 0, reset.stderr
    generated = reset.stdout.split("in person): ")[1].split()[0]
    assert len(generated) >= 16
    again = _as(path, "li", generated, "review", "accept", "1")
    assert again.returncode == 2 and "users passwd" in again.stderr
    db = open_database(path)
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE entity_id = 'li' ORDER BY id")]
    db.close()
    assert actions.count("users.passwd") == 2 and actions[0] == "users.add"


def test_the_first_administrator_sets_their_own_password(tmp_path):
    path = tmp_path / "first.db"
    refused = run_cli("--db", str(path), "--lang", "en", "users", "add", "chief", "--role", "admin",
                      env={"DRG_WORKSTATION_PASSWORD": PASSWORD})
    assert refused.returncode == 2 and "DRG_WORKSTATION_NEW_PASSWORD" in refused.stderr
    made = run_cli("--db", str(path), "users", "add", "chief", "--role", "admin",
                   env={"DRG_WORKSTATION_NEW_PASSWORD": "chief-pass-1"})
    assert made.returncode == 0, made.stderr
    acting = _as(path, "chief", "chief-pass-1", "experts", "add", "王医生")
    assert acting.returncode == 0, acting.stderr  # no change of password asked: chief chose it


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer_and_unlock_is_audited(tmp_path):
    path, groups = _store_with_admin(tmp_path)
    assert _as(path, "admin", PASSWORD, "users", "add", "li", "--role", "reviewer", new="first-pass-1").returncode == 0
    unknown = _as(path, "nobody", "whatever-1", "groups", str(groups))
    wrong = _as(path, "li", "whatever-1", "groups", str(groups))
    assert unknown.stderr == wrong.stderr and unknown.returncode == wrong.returncode == 2
    assert "tries left" not in wrong.stderr
    for _ in range(4):
        _as(path, "li", "whatever-1", "groups", str(groups))
    locked = _as(path, "li", "first-pass-1", "users", "passwd", new="own-pass-11")
    assert locked.returncode == 2 and locked.stderr == wrong.stderr  # locked, said the same way
    listed = _as(path, "admin", PASSWORD, "users", "list")
    assert "locked until" in listed.stdout
    assert _as(path, "li", "first-pass-1", "users", "unlock", "li").returncode == 2  # not li's to do
    unlocked = _as(path, "admin", PASSWORD, "users", "unlock", "li")
    assert unlocked.returncode == 0, unlocked.stderr
    assert _as(path, "li", "first-pass-1", "users", "passwd", new="own-pass-11").returncode == 0
    assert _last_event(path) == ("li", "users.passwd")


def test_the_last_active_administrator_can_be_neither_disabled_nor_demoted(tmp_path):
    path, _ = _store_with_admin(tmp_path)
    disabled = _as(path, "admin", PASSWORD, "users", "disable", "admin")
    assert disabled.returncode == 2 and "last active administrator" in disabled.stderr
    demoted = _as(path, "admin", PASSWORD, "users", "role", "admin", "--role", "reviewer")
    assert demoted.returncode == 2 and "last active administrator" in demoted.stderr
    assert _as(path, "admin", PASSWORD, "users", "add", "chief", "--role", "admin", new="chief-pass-1").returncode == 0
    assert _as(path, "admin", PASSWORD, "users", "role", "chief", "--role", "supervisor").returncode == 0


def test_review_conflict_recuses_the_expert_from_the_draw(tmp_path):
    from tests.engine.factory import add_batch, add_case, add_groups
    from workstation.engine.recompute import recompute

    path = tmp_path / "c.db"
    db = open_database(path)
    add_groups(db, [{"drg_code": "FM19", "weight": "1.0", "avg_cost": "10000.00"}])
    batch = add_batch(db)
    for i in range(40):
        add_case(db, batch, case_id=f"C{i:03d}", cost="50000.00" if i == 0 else "9000.00")
    recompute(db, actor="t")
    db.close()
    apps = tmp_path / "申报.csv"
    apps.write_text("定点医药机构编码,就诊ID,申报类型,申报理由\nH001,C000,医疗费用高,多次手术\n", encoding="utf-8")

    def cli(*args):
        return run_cli("--db", str(path), "--user", "li", *args)

    for i in range(4):
        assert cli("experts", "add", f"专家{i}").returncode == 0
    assert cli("applications", "import", str(apps)).returncode == 0
    assert cli("review", "accept", "1").returncode == 0
    declared = cli("review", "conflict", "1", "--expert", "2", "--note", "曾参与会诊")
    assert declared.returncode == 0 and "专家 2 已就申报 1 回避" in declared.stdout
    drawn = cli("review", "draw", "1").stdout
    assert "专家1" not in drawn and drawn.count("专家") == 3
    assert "review.conflict" in cli("audit", "history", "1").stdout
