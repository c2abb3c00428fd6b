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


SQL_CALLS = {"execute", "executemany", "executescript", "query"}


def test_the_gui_reads_through_services_never_the_store_or_sql():
    """STYLE.md "The GUI never sees SQL": every query is behind workstation.services, which the
    CLI calls too; a GUI module holds the database only as a handle to pass to them."""
    offenders = []
    for path in (ROOT / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                offenders += [f"{where}:{node.lineno} imports {a.name}" for a in node.names
                              if a.name == "workstation.store" or a.name.startswith("workstation.store.")]
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "workstation.store" or node.module.startswith("workstation.store."):
                    offenders.append(f"{where}:{node.lineno} imports {node.module}")
                elif node.module == "workstation" and any(a.name == "store" for a in node.names):
                    offenders.append(f"{where}:{node.lineno} imports workstation.store")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
                offenders.append(f"{where}:{node.lineno} calls .{node.func.attr}(")
    assert offenders == []


def test_no_module_imports_another_modules_private_names():
    """A name starting with one underscore is its module's own: another module that needs it asks
    for a public name (`from X import _y`, or `import X` then `X._y`, fails here)."""
    offenders = []
    paths = sorted(ROOT.rglob("*.py"))
    assert len(paths) > 100  # the package itself, not an empty folder
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("workstation"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {node.module}.{alias.name}")
                    else:
                        modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                modules.update((a.asname or a.name).split(".")[0] for a in node.names
                               if a.name.startswith("workstation"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not offenders, "\n".join(offenders)


def test_the_gui_catches_service_errors_never_sqlite3():
    """The GUI never sees SQL nor its exceptions: services raise services.errors.ServiceError
    (and StoreBusy, UserError) for a widget to catch."""
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name == "sqlite3" for a in node.names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports sqlite3")
    assert not offenders, "\n".join(offenders)
