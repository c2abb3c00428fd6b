"""What every window and dialog of one running application shares — passed, never global
(Anki's ``aqt.mw`` is what not to grow)."""
from __future__ import annotations

from dataclasses import dataclass

from workstation.services.context import Actor
from workstation.ui.jobs import JobRunner
from workstation.ui.settings import Settings
from workstation.ui.widgets.dialogs import DialogService
from workstation.ui.workspace import Workspace


@dataclass
class AppContext:
    workspace: Workspace
    runner: JobRunner
    settings: Settings
    dialogs: DialogService
    user: Actor  # the signed-in user (or, in a store without accounts, the named one)

    @property
    def actor(self) -> str:
        """The name audit events record."""
        return self.user.name
