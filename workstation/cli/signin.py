"""Who acts in a workflow command: in a store with accounts, the user named by --user,
signed in with the password from $DRG_WORKSTATION_PASSWORD (scripts) or a prompt;
in a store without accounts, the --user name with no role checks."""
from __future__ import annotations

import argparse
import getpass
import os

from sqlite_utils import Database

from workstation.cli.common import actor
from workstation.domain.messages import Text, UserError
from workstation.services.accounts import sign_in, sign_in_required
from workstation.services.context import Actor

PASSWORD_ENV = "DRG_WORKSTATION_PASSWORD"


def password(prompt: Text) -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value is None:
        try:
            value = getpass.getpass(str(prompt))
        except (EOFError, OSError):
            value = ""
    return value


def signed_in(args: argparse.Namespace, db: Database) -> Actor:
    if not sign_in_required(db):
        return Actor(actor(args))
    name = getattr(args, "user", None)
    if not name:
        raise UserError("此数据库已启用登录：请用 --user 指定用户名，密码由提示输入或 DRG_WORKSTATION_PASSWORD 提供。",
                        "This database requires signing in: name the user with --user; the password is asked for "
                        "or taken from DRG_WORKSTATION_PASSWORD.")
    return sign_in(db, name, password(Text("{user} 的密码：", "Password for {user}: ").format(user=name)))
