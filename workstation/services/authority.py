"""The authority as the services ask it: the roles per action come from the rules in force
(their ``[authority]`` section, within each action's ceiling), the answer from
``domain.authority``. Every service that writes calls ``check`` inside its transaction; the GUI
calls ``allows`` with the same facts to decide what to show."""
from __future__ import annotations

from collections.abc import Mapping

from sqlite_utils import Database

from workstation.domain.accounts import Role
from workstation.domain.authority import Action, Decision, Facts, authorize, grants_from, require
from workstation.domain.messages import UserError
from workstation.engine.ruleset import current_rules
from workstation.services.context import Actor


def grants(db: Database) -> Mapping[Action, frozenset[Role]]:
    """The roles per action as the current rules file sets them (the defaults for the rest)."""
    section = current_rules(db).raw.get("authority")
    return grants_from(section if isinstance(section, dict) else None)


def check(db: Database, actor: Actor, action: Action, facts: Facts = Facts()) -> None:
    """Refuses (``AuthorityError``, naming the rule) unless ``actor`` may take ``action``."""
    require(actor.role, action, facts, grants=grants(db))


def allows(db: Database, actor: Actor | None, action: Action, facts: Facts = Facts()) -> Decision:
    return authorize(actor.role if actor is not None else None, action, facts, grants=grants(db))


def as_actor(db: Database, actor: Actor | str) -> Actor:
    """An ``Actor``; a bare name stands for a user of a store without accounts only (where roles
    are not enforced), so no caller can slip past a store's sign-in by passing a name."""
    if isinstance(actor, Actor):
        return actor
    from workstation.services.accounts import sign_in_required

    if sign_in_required(db):
        raise UserError("此数据库已启用登录：请以已登录的用户办理。",
                        "This database requires signing in: act as a signed-in user.")
    return Actor(actor)
