"""Who is acting. Users and roles arrive with the workflow issue; until then the
actor is the operating-system account, or ``--user`` / $DRG_WORKSTATION_USER."""
from __future__ import annotations

import getpass
import os

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
