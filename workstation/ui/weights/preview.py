"""Run one page on its own against a database file (Orange's WidgetPreview), for a manual look."""
from __future__ import annotations


def run_page(page_class) -> None:  # pragma: no cover - a manual preview
    import argparse
    import sys

    from PySide6.QtWidgets import QApplication

    from workstation.services.context import Actor, current_actor
    from workstation.ui.context import AppContext
    from workstation.ui.jobs import JobRunner
    from workstation.ui.settings import settings
    from workstation.ui.startup import prepare_application
    from workstation.ui.widgets.dialogs import DialogService
    from workstation.ui.workspace import Workspace

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--lang", default="zh")
    options = parser.parse_args()
    app = QApplication(sys.argv)
    prepare_application(options.lang)
    workspace = Workspace(options.db)
    page = page_class(AppContext(workspace, JobRunner(app), settings(), DialogService(), Actor(current_actor())))
    page.resize(1366, 768)
    page.show()
    sys.exit(app.exec())
