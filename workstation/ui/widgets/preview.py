"""Run one panel on its own on demo data (Orange's WidgetPreview):
``python -m workstation.ui.<feature>.page [--db PATH] [--lang en]``.

Without ``--db`` a demo database is made in a temporary folder first.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from workstation.ui.workspace import Workspace


def make_demo_database(path: Path, *, cases: int = 3000, actor: str = "demo") -> Path:
    """A demo database at ``path`` (the bundled demo generator)."""
    from workstation.demo.bootstrap import create_demo_database

    return create_demo_database(path, cases=cases, seed=1, actor=actor)


def run_preview(build: Callable[[Workspace], QWidget], title: str, argv: list[str] | None = None) -> int:
    """The one preview runner of every panel; it does not import the application (ui/app.py)."""
    from workstation.ui.startup import prepare_application

    parser = argparse.ArgumentParser(description=f"Show {title} on its own.")
    parser.add_argument("--db", help="workstation database (default: a fresh demo database)")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--cases", type=int, default=3000, help="size of the demo database made without --db")
    parser.add_argument("--period", default="", help="select this settlement period first")
    parser.add_argument("--screenshot", metavar="PNG", help="save a picture of the panel and exit")
    parser.add_argument("--size", default="1366x768", help="window size, e.g. 1920x1080")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    app = prepare_application(args.lang)
    if args.db and Path(args.db).exists():
        db_path = Path(args.db)
    elif args.db:
        db_path = make_demo_database(Path(args.db), cases=args.cases)
    else:
        db_path = Path(tempfile.mkdtemp(prefix="drg-preview-")) / "demo.db"
        print(f"creating a demo database at {db_path} …", file=sys.stderr)
        make_demo_database(db_path, cases=args.cases)
    workspace = Workspace(db_path)
    widget = build(workspace)
    if args.period:
        workspace.set_period(args.period)
    widget.setWindowTitle(title)
    width, height = (int(n) for n in args.size.lower().split("x"))
    widget.resize(width, height)
    widget.show()
    if args.screenshot:
        app.processEvents()
        widget.grab().save(args.screenshot)
        return 0
    return app.exec()
