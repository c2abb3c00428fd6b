"""Who works in the window: the signed-in user of a store with accounts; on a store without
any, the first start's offer to create the administrator, else the named user.

Signing in writes (the failed-try count, an audit event) through the workspace's own
connection on the GUI thread rather than the writer thread: it takes one scrypt hash (about
50 ms), and it only happens when no job runs — at start, before the window exists, or from
the File menu, which the controller refuses while a job is running.
"""
from __future__ import annotations

import hashlib

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from workstation.services import accounts
from workstation.services.context import Actor
from workstation.ui.settings import Settings
from workstation.ui.widgets.dialogs import DialogService
from workstation.ui.workspace import Workspace


def _offer_key(workspace: Workspace) -> str:
    digest = hashlib.sha1(str(workspace.db_path.resolve()).encode("utf-8")).hexdigest()[:12]
    return f"accounts/no_admin_offer/{digest}"


def sign_in(parent: QWidget | None, workspace: Workspace, dialogs: DialogService, *,
            cancel_quits: bool = True, hint: str = "") -> Actor | None:
    """Ask for user and password; then, if an administrator set the password, for a new one.
    None when the user cancelled either."""
    db = workspace.db
    user = dialogs.sign_in(parent, str(workspace.db_path), lambda name, password: accounts.sign_in(db, name, password),
                           cancel_quits, hint=hint)
    if user is None:
        return None
    if accounts.must_change_password(db, user.name):
        signed = user
        chosen = dialogs.new_password(parent, user.name,
                                      lambda password: accounts.change_password(db, signed, signed.name, password),
                                      forced=True)
        if not chosen:
            return None
    return user


def who_works(parent: QWidget | None, workspace: Workspace, dialogs: DialogService, settings: Settings,
              acting: str, *, cancel_quits: bool = True, hint: str = "") -> Actor | None:
    """The user for a freshly opened workspace; None when sign-in was cancelled."""
    db = workspace.db
    if accounts.sign_in_required(db):
        return sign_in(parent, workspace, dialogs, cancel_quits=cancel_quits, hint=hint)
    key = _offer_key(workspace)
    if settings[key]:
        return Actor(acting)

    def create(name: str, display_name: str, password: str) -> Actor:
        accounts.add_user(db, Actor(acting), name, "admin", password, display_name=display_name)
        return accounts.sign_in(db, name, password)

    choice = dialogs.create_admin(parent, str(workspace.db_path), acting, create)
    if choice.user is not None:
        return choice.user
    if choice.dont_ask_again:
        settings[key] = True
    return Actor(acting)


def refuse_without_accounts(parent: QWidget | None, workspace: Workspace, dialogs: DialogService) -> bool:
    """Signing out or switching users means nothing on a store without accounts: say so."""
    if accounts.sign_in_required(workspace.db):
        return False
    dialogs.inform(parent, QCoreApplication.translate("AccountSession", "No accounts"),
                   QCoreApplication.translate(
                       "AccountSession", "This database has no user accounts, so nobody signs in. An "
                       "administrator's account, created under Tools → Users…, turns sign-in on."))
    return True
