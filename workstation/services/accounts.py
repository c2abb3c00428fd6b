"""Local accounts and signing in.

A store without accounts works without signing in (the actor is the ``--user``
name). The first account — made by the GUI's first start, or ``users add`` —
turns sign-in on for that store, GUI and command line alike. Five failed tries
lock an account for 15 minutes; a disabled account is kept for the record.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database

from workstation.domain.accounts import (
    ROLE_NAMES,
    Role,
    SignInState,
    check_new_password,
    hash_password,
    parse_role,
    password_matches,
)
from workstation.domain.messages import UserError
from workstation.services.context import Actor
from workstation.store import audit

ENTITY = "users"


def sign_in_required(db: Database) -> bool:
    return db.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()[0] == 1


def _user(db: Database, username: str) -> dict | None:
    return next(db.query("SELECT * FROM users WHERE username = ?", [username.strip()]), None)


def _public(row: dict) -> dict:
    return {k: row[k] for k in ("username", "display_name", "role", "active", "must_change_password")}


def _require_admin(actor: Actor, db: Database) -> None:
    if sign_in_required(db) and actor.role != Role.ADMIN:
        raise UserError("只有系统管理员可以管理用户和专家库。", "Only an administrator can manage users and the expert pool.")


def add_user(db: Database, actor: Actor, username: str, role: str, password: str, *, display_name: str = "",
             must_change_password: bool = False) -> dict:
    """A new account. The first account of a store must be an administrator's."""
    chosen = parse_role(role)
    username = username.strip()
    if not username:
        raise UserError("用户名不能为空。", "The user name cannot be empty.")
    check_new_password(password, username)
    with db.atomic():
        first = not sign_in_required(db)
        if first and chosen != Role.ADMIN:
            raise UserError("第一个账户必须是系统管理员（admin）。", "The first account must be an administrator (admin).")
        if not first:
            _require_admin(actor, db)
        if _user(db, username):
            raise UserError(f"用户名 {username} 已存在。", f"User {username} exists already.")
        row = {"username": username, "display_name": display_name.strip() or username, "role": chosen.value,
               "password_hash": hash_password(password), "must_change_password": int(must_change_password),
               "active": 1,
               "created_at": audit.now_iso(), "created_by": actor.name}
        db.table("users").insert(row)
        audit.record(db, actor=actor.name, action="users.add", entity=ENTITY, entity_id=username, after=_public(row))
        return _public(row)


def list_users(db: Database) -> list[dict]:
    return [_public(r) | {"locked_until": r["locked_until"]} for r in db.query("SELECT * FROM users ORDER BY username")]


def disable_user(db: Database, actor: Actor, username: str) -> None:
    with db.atomic():
        _require_admin(actor, db)
        row = _user(db, username)
        if row is None:
            raise UserError(f"没有用户 {username}。", f"There is no user {username}.")
        if row["role"] == Role.ADMIN and db.execute(
                "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1").fetchone()[0] <= 1 and row["active"]:
            raise UserError("不能停用最后一个可用的管理员账户。", "The last active administrator cannot be disabled.")
        db.execute("UPDATE users SET active = 0 WHERE username = ?", [row["username"]])
        audit.record(db, actor=actor.name, action="users.disable", entity=ENTITY, entity_id=row["username"],
                     before={"active": row["active"]}, after={"active": 0})


def change_password(db: Database, actor: Actor, username: str, new_password: str) -> None:
    """A user changes their own password; an administrator may set anyone's (who must then change it)."""
    with db.atomic():
        row = _user(db, username)
        if row is None:
            raise UserError(f"没有用户 {username}。", f"There is no user {username}.")
        own = actor.name.lower() == row["username"].lower()
        if not own:
            _require_admin(actor, db)
        check_new_password(new_password, row["username"])
        db.execute("UPDATE users SET password_hash = ?, must_change_password = ?, failed_attempts = 0,"
                   " locked_until = NULL WHERE username = ?",
                   [hash_password(new_password), int(not own), row["username"]])
        audit.record(db, actor=actor.name, action="users.passwd", entity=ENTITY, entity_id=row["username"],
                     after={"by_admin": not own})


def _now() -> datetime:
    return datetime.now(UTC)


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check the password; a wrong one counts towards the lockout. The message never says
    whether the user name exists."""
    now = now or _now()
    wrong = UserError("用户名或密码不正确。", "Wrong user name or password.")
    failed = False
    with db.atomic():
        row = _user(db, username)
        if row is None:
            raise wrong
        state = SignInState(row["failed_attempts"],
                            datetime.fromisoformat(row["locked_until"]) if row["locked_until"] else None)
        if state.locked_at(now) and state.locked_until is not None:
            minutes = max(1, int((state.locked_until - now).total_seconds() // 60) + 1)
            raise UserError(f"该账户因多次输入错误密码已锁定，请约 {minutes} 分钟后再试，或请管理员重设密码。",
                            f"The account is locked after too many wrong passwords: try again in about {minutes} "
                            "minutes, or ask an administrator to reset the password.")
        if not row["active"]:
            raise UserError("该账户已停用，请联系系统管理员。", "This account is disabled: ask an administrator.")
        if not password_matches(password, row["password_hash"]):
            after = state.after_failure(now)
            db.execute("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                       [after.failed_attempts, after.locked_until.isoformat() if after.locked_until else None,
                        row["id"]])
            audit.record(db, actor=row["username"], action="users.sign_in_failed", entity=ENTITY,
                         entity_id=row["username"], after={"locked_until": after.locked_until.isoformat()
                                                           if after.locked_until else None})
            failed = True  # raised after the commit: the failed try must count
        else:
            db.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?", [row["id"]])
            audit.record(db, actor=row["username"], action="users.sign_in", entity=ENTITY, entity_id=row["username"])
    if failed:
        raise wrong
    return Actor(row["username"], Role(row["role"]), row["display_name"])


def must_change_password(db: Database, username: str) -> bool:
    row = _user(db, username)
    return bool(row and row["must_change_password"])


def role_name(role: str) -> str:
    return str(ROLE_NAMES[Role(role)])
