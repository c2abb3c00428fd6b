"""The domain, store, importer and engine never import Qt (STYLE.md §1)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "workstation"
QT_FREE = ["domain", "store", "importer", "reference", "engine", "services", "demo", "reports", "cli"]
# The one allowed door: with no command, the CLI starts the GUI (imported lazily there).
ALLOWED = {("cli/__init__.py", "workstation.ui.app")}


def test_non_ui_packages_do_not_import_qt():
    offenders = []
    for package in QT_FREE:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    if (str(path.relative_to(ROOT)), name) in ALLOWED:
                        continue
                    if name.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "pyqtgraph"} or name.startswith("workstation.ui"):
                        offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []
