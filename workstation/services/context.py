"""Who is acting. In a store with accounts it is the signed-in user (services.accounts);
in a store without any (a fresh file made from the command line) it is the
operating-system account, or ``--user`` / $DRG_WORKSTATION_USER, and roles are not
enforced."""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from workstation.domain.accounts import Role

USER_ENV = "DRG_WORKSTATION_USER"


def current_actor(explicit: str | None = None) -> str:
    if explicit:
        return explicit
    env = os.environ.get(USER_ENV)
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no login name on some locked-down desktops
        return "unknown"


@dataclass(frozen=True)
class Actor:
    """A user acting in the workflow: the name the audit log records and the role the steps
    check. ``role`` is None in a store without accounts, where every step is open to the named
    user (the four-eyes rule still compares names)."""

    name: str
    role: Role | None = None
    display_name: str = ""

    def acts_as(self, role: Role) -> Role:
        """The role a step is checked against: the account's, or ``role`` without accounts."""
        return self.role if self.role is not None else role
