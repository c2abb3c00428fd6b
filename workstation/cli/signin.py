"""Who acts in a workflow command: in a store with accounts, the user named by --user,
signed in with the password from $DRG_WORKSTATION_PASSWORD (scripts) or a prompt;
in a store without accounts, the --user name with no role checks.

A new password (``users add``, ``users passwd``) never comes from $DRG_WORKSTATION_PASSWORD,
which holds the password of whoever signs in: it is typed twice at a terminal, or read from
$DRG_WORKSTATION_NEW_PASSWORD, or made by ``--generate`` and shown once.
"""
from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys

from sqlite_utils import Database

from workstation.cli.common import actor
from workstation.domain.messages import Text, UserError
from workstation.services.accounts import refuse_until_own_password, sign_in, sign_in_required
from workstation.services.context import Actor

PASSWORD_ENV = "DRG_WORKSTATION_PASSWORD"
NEW_PASSWORD_ENV = "DRG_WORKSTATION_NEW_PASSWORD"
GENERATED_BYTES = 12  # 16 characters of token_urlsafe: ~96 bits


def password(prompt: Text) -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value is None:
        try:
            value = getpass.getpass(str(prompt))
        except (EOFError, OSError):
            value = ""
    return value


def new_password(prompt: Text, *, generate: bool = False) -> tuple[str, bool]:
    """A new password and whether it was generated (then the caller shows it once)."""
    if generate:
        return secrets.token_urlsafe(GENERATED_BYTES), True
    value = os.environ.get(NEW_PASSWORD_ENV)
    if value is not None:
        return value, False
    if not sys.stdin.isatty():
        raise UserError(f"请在终端输入新密码，或用环境变量 {NEW_PASSWORD_ENV} 提供，或加 --generate 生成一个。"
                        f"（{PASSWORD_ENV} 是登录者本人的密码，不会用作新密码。）",
                        f"Type the new password at a terminal, give it in ${NEW_PASSWORD_ENV}, or add --generate "
                        f"to make one. (${PASSWORD_ENV} is the password of whoever signs in; it is never used as "
                        "a new one.)")
    try:
        first = getpass.getpass(str(prompt))
        again = getpass.getpass(str(Text("再输入一次：", "Repeat it: ")))
    except (EOFError, OSError):
        first, again = "", None
    if first != again:
        raise UserError("两次输入的密码不一致，没有更改。", "The two passwords differ; nothing was changed.")
    return first, False


def signed_in(args: argparse.Namespace, db: Database, *, choosing_own_password: bool = False) -> Actor:
    """The acting user. An account whose password an administrator set is refused (it chooses
    its own first, with ``users passwd``), except for that very command."""
    if not sign_in_required(db):
        return Actor(actor(args))
    name = getattr(args, "user", None)
    if not name:
        raise UserError("此数据库已启用登录：请用 --user 指定用户名，密码由提示输入或 DRG_WORKSTATION_PASSWORD 提供。",
                        "This database requires signing in: name the user with --user; the password is asked for "
                        "or taken from DRG_WORKSTATION_PASSWORD.")
    who = sign_in(db, name, password(Text("{user} 的密码：", "Password for {user}: ").format(user=name)))
    if not choosing_own_password:
        refuse_until_own_password(db, who)
    return who
