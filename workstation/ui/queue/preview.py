"""Running a review-desk panel on its own: ``python -m workstation.ui.queue.page [--db X]``.

Without ``--db`` a demo database is made in a temporary folder with the demo
generator, so each panel can be looked at without the main window.
"""
from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget


def _make_demo(path: Path, cases: int) -> None:
    from workstation.demo.bootstrap import create_demo_database

    create_demo_database(path, cases=cases, seed=1)


def run_preview(build: Callable[[object], QWidget], title: str, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=title)
    parser.add_argument("--db", help="workstation database (default: a new demo database)")
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--period", default="")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--screenshot", help="save a PNG of the panel and quit")
    args = parser.parse_args(argv)

    from workstation.ui.app import prepare_application
    from workstation.ui.workspace import Workspace

    app = prepare_application(args.lang)
    db_path = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="drg-preview-")) / "demo.db"
    if not db_path.exists():
        _make_demo(db_path, args.cases)
    workspace = Workspace(db_path)
    widget = build(workspace)
    width, height = (int(v) for v in args.size.lower().split("x"))
    widget.resize(width, height)
    widget.setWindowTitle(title)
    if args.period:
        workspace.set_period(args.period)
    widget.show()
    if args.screenshot:
        app.processEvents()
        widget.grab().save(args.screenshot)
        return 0
    return app.exec()
