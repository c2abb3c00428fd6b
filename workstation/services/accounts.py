"""Local accounts and signing in.

A store without accounts works without signing in (the actor is the ``--user``
name). The first account — made by the GUI's first start, or ``users add`` —
turns sign-in on for that store, GUI and command line alike. Five failed tries
lock an account for 15 minutes (an administrator may unlock it); a disabled
account is kept for the record. An account made or reset by an administrator
chooses its own password before it acts (``must_change_password``).

Many users at once: every scrypt hash (about 50 ms) is computed before any transaction, and
the write that follows is one short IMMEDIATE transaction (store.db.writing), so a sign-in
never holds a read snapshot that another writer invalidates ("database is locked").
"""
from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from sqlite_utils import Database

from workstation.domain.accounts import (
    LOCKOUT,
    MAX_FAILED_SIGN_INS,
    ROLE_NAMES,
    Role,
    SignInState,
    check_new_password,
    hash_password,
    parse_role,
    password_matches,
)
from workstation.domain.authority import Action, require
from workstation.domain.bounds import DISPLAY_NAME, USER_NAME, check_text
from workstation.domain.messages import UserError
from workstation.services.context import Actor
from workstation.store import audit
from workstation.store.db import writing

ENTITY = "users"


@cache
def _no_such_user_hash() -> str:
    """Compared against when the name is unknown, so that an unknown name costs the same scrypt
    as a known one (the time taken does not tell them apart either). Made at the first use, not
    at import: every command imports this module."""
    return hash_password("no such user", salt=bytes(16))


def wrong_sign_in() -> UserError:
    """One answer for an unknown name, a wrong password and a locked account: none of them
    tells whether the name exists."""
    minutes = int(LOCKOUT.total_seconds() // 60)
    return UserError(f"用户名或密码不正确。连续输错 {MAX_FAILED_SIGN_INS} 次后账户锁定 {minutes} 分钟；"
                     "已锁定时请稍后再试，或请系统管理员解锁。",
                     f"Wrong user name or password. After {MAX_FAILED_SIGN_INS} wrong tries an account is locked "
                     f"for {minutes} minutes: then wait, or ask an administrator to unlock it.")


def sign_in_required(db: Database) -> bool:
    return db.execute("SELECT EXISTS (SELECT 1 FROM users)").fetchone()[0] == 1


def find_user(db: Database, username: str) -> dict | None:
    return next(db.query("SELECT * FROM users WHERE username = ?", [username.strip()]), None)


def public_row(row: dict) -> dict:
    return {k: row[k] for k in ("username", "display_name", "role", "active", "must_change_password")}


def can_administer(db: Database, actor: Actor) -> bool:
    """Whether ``actor`` may manage users and the expert pool: an administrator, or anyone in a
    store without accounts (where creating the first, an administrator, turns sign-in on)."""
    return actor.role == Role.ADMIN or not sign_in_required(db)


def require_admin(actor: Actor, db: Database, action: Action = Action.MANAGE_USERS) -> None:
    """The authority's answer for an account action. In a store with accounts an actor without a
    role (not signed in) is refused as no role could be; without accounts, roles are not enforced."""
    if not sign_in_required(db):
        require(None, action)
        return
    require(actor.role or Role.EXPERT, action)


def _now() -> datetime:
    return datetime.now(UTC)


def add_user(db: Database, actor: Actor, username: str, role: str, password: str, *, display_name: str = "",
             must_change_password: bool = False) -> dict:
    """A new account. The first account of a store must be an administrator's, who chose their
    own password; ``must_change_password`` makes a later one choose theirs at the first sign-in
    (the command line and the GUI always ask it for an account an administrator makes)."""
    chosen = parse_role(role)
    username = username.strip()
    if not username:
        raise UserError("用户名不能为空。", "The user name cannot be empty.")
    check_text(USER_NAME, username)
    check_text(DISPLAY_NAME, display_name)
    check_new_password(password, username)
    digest = hash_password(password)  # before the transaction: it takes ~50 ms
    with writing(db):
        first = not sign_in_required(db)
        if first and chosen != Role.ADMIN:
            raise UserError("第一个账户必须是系统管理员（admin）。", "The first account must be an administrator (admin).")
        if not first:
            require_admin(actor, db)
        if find_user(db, username):
            raise UserError(f"用户名 {username} 已存在。", f"User {username} exists already.")
        row = {"username": username, "display_name": display_name.strip() or username, "role": chosen.value,
               "password_hash": digest, "must_change_password": int(must_change_password and not first),
               "active": 1,
               "created_at": audit.now_iso(), "created_by": actor.name}
        db.table("users").insert(row)
        audit.record(db, actor=actor.name, action="users.add", entity=ENTITY, entity_id=username,
                     after=public_row(row))
        return public_row(row)


def list_users(db: Database, actor: Actor, *, now: datetime | None = None) -> list[dict]:
    """Every account, disabled ones included, with its last successful sign-in (from the audit
    log) and whether it is locked now. An administrator's (Action.LIST_USERS)."""
    require_admin(actor, db, Action.LIST_USERS)
    now = now or _now()
    rows = db.query("SELECT u.*, (SELECT MAX(a.at) FROM audit_log a WHERE a.entity = 'users'"
                    " AND a.action = 'users.sign_in' AND a.entity_id = u.username) AS last_sign_in"
                    " FROM users u ORDER BY u.username")
    out = []
    for r in rows:
        until = r["locked_until"]
        locked = bool(until) and SignInState(0, datetime.fromisoformat(until)).locked_at(now)
        out.append(public_row(r) | {"locked_until": until if locked else None, "locked": locked,
                                    "last_sign_in": r["last_sign_in"]})
    return out


def _existing(db: Database, username: str) -> dict:
    row = find_user(db, username)
    if row is None:
        raise UserError(f"没有用户 {username}。", f"There is no user {username}.")
    return row


def _active_admins(db: Database) -> int:
    return db.execute("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1").fetchone()[0]


def disable_user(db: Database, actor: Actor, username: str) -> None:
    with writing(db):
        require_admin(actor, db)
        row = _existing(db, username)
        if row["role"] == Role.ADMIN and row["active"] and _active_admins(db) <= 1:
            raise UserError("不能停用最后一个可用的管理员账户。", "The last active administrator cannot be disabled.")
        db.execute("UPDATE users SET active = 0 WHERE username = ?", [row["username"]])
        audit.record(db, actor=actor.name, action="users.disable", entity=ENTITY, entity_id=row["username"],
                     before={"active": row["active"]}, after={"active": 0})


def set_role(db: Database, actor: Actor, username: str, role: str) -> None:
    """An administrator changes an account's role; the last active administrator keeps theirs."""
    chosen = parse_role(role)
    with writing(db):
        require_admin(actor, db)
        row = _existing(db, username)
        if row["role"] == Role.ADMIN and chosen != Role.ADMIN and row["active"] and _active_admins(db) <= 1:
            raise UserError("不能撤销最后一个可用的管理员账户的管理员角色。",
                            "The last active administrator cannot be given another role.")
        db.execute("UPDATE users SET role = ? WHERE username = ?", [chosen.value, row["username"]])
        audit.record(db, actor=actor.name, action="users.role", entity=ENTITY, entity_id=row["username"],
                     before={"role": row["role"]}, after={"role": chosen.value})


def unlock_user(db: Database, actor: Actor, username: str) -> None:
    """An administrator lifts a lockout after too many wrong passwords."""
    with writing(db):
        require_admin(actor, db)
        row = _existing(db, username)
        db.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE username = ?", [row["username"]])
        audit.record(db, actor=actor.name, action="users.unlock", entity=ENTITY, entity_id=row["username"],
                     before={"failed_attempts": row["failed_attempts"], "locked_until": row["locked_until"]})


def change_password(db: Database, actor: Actor, username: str, new_password: str) -> None:
    """A user changes their own password (signed in as themselves: a new one, different from the
    current); an administrator may set anyone's, who must then choose their own."""
    row = _existing(db, username)
    own = actor.name.lower() == row["username"].lower()
    if not own:
        require_admin(actor, db)
    check_new_password(new_password, row["username"])
    if own and password_matches(new_password, row["password_hash"]):
        raise UserError("新密码不能与当前密码相同。", "The new password must differ from the current one.")
    digest = hash_password(new_password)  # before the transaction
    with writing(db):
        if not own:
            require_admin(actor, db)
        db.execute("UPDATE users SET password_hash = ?, must_change_password = ?, failed_attempts = 0,"
                   " locked_until = NULL WHERE username = ?", [digest, int(not own), row["username"]])
        audit.record(db, actor=actor.name, action="users.passwd", entity=ENTITY, entity_id=row["username"],
                     after={"by_admin": not own})


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check the password; a wrong one counts towards the lockout. An unknown name, a wrong
    password and a locked account get the same answer (wrong_sign_in)."""
    now = now or _now()
    row = find_user(db, username)  # read, then released: the hash below holds no transaction
    stored = row["password_hash"] if row else _no_such_user_hash()
    matches = password_matches(password, stored) and row is not None
    if row is None:
        raise wrong_sign_in()
    with writing(db):
        row = find_user(db, username) or row  # the counts as they are now, another sign-in may have moved them
        state = SignInState(row["failed_attempts"],
                            datetime.fromisoformat(row["locked_until"]) if row["locked_until"] else None)
        locked = state.locked_at(now)
        if not matches:
            after = state if locked else state.after_failure(now)
            db.execute("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                       [after.failed_attempts, after.locked_until.isoformat() if after.locked_until else None,
                        row["id"]])
            audit.record(db, actor=row["username"], action="users.sign_in_failed", entity=ENTITY,
                         entity_id=row["username"], after={"locked_until": after.locked_until.isoformat()
                                                           if after.locked_until else None})
        elif not locked and row["active"]:
            db.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?", [row["id"]])
            audit.record(db, actor=row["username"], action="users.sign_in", entity=ENTITY, entity_id=row["username"])
    # Raised after the commit: a failed try must count.
    if not matches or locked:
        raise wrong_sign_in()
    if not row["active"]:  # said only to whoever knows the password
        raise UserError("该账户已停用，请联系系统管理员。", "This account is disabled: ask an administrator.")
    return Actor(row["username"], Role(row["role"]), row["display_name"])


def must_change_password(db: Database, username: str) -> bool:
    row = find_user(db, username)
    return bool(row and row["must_change_password"])


def refuse_until_own_password(db: Database, actor: Actor) -> None:
    """An account made or reset by an administrator acts only once it has chosen its own password."""
    if actor.role is not None and must_change_password(db, actor.name):
        raise UserError(f"账户 {actor.name} 的密码由管理员设置，须先改为自己的密码：python main.py --user {actor.name} users passwd",
                        f"The password of {actor.name} was set by an administrator: choose your own first with "
                        f"`python main.py --user {actor.name} users passwd`.")


def role_name(role: str) -> str:
    return str(ROLE_NAMES[Role(role)])
