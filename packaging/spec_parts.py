"""What drg.spec leaves out of the one-folder build, and the modules it must add by name.

Kept apart from the spec so that a test can check it without PyInstaller.
"""
from __future__ import annotations

import ast
from pathlib import Path

# Qt modules the workstation does not use (it uses QtCore, QtGui, QtWidgets, QtPrintSupport and,
# through pyqtgraph, QtSvg and QtOpenGL(Widgets), which its curves import unconditionally). Leaving
# them out keeps their libraries, QML files and plugins out of the folder; PyInstaller's PySide6
# hook collects plugins per module kept.
UNUSED_QT = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus", "QtDesigner",
    "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtPdf",
    "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2",
    "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus",
    "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTest", "QtTextToSpeech",
    "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtWebView", "QtXml", "QtCanvasPainter",
]

EXCLUDED_MODULES = [
    *(f"PySide6.{name}" for name in UNUSED_QT),
    # Development and test tools that happen to sit in the same environment.
    "tkinter", "pytest", "_pytest", "hypothesis", "mypy", "ruff", "IPython", "jupyter", "notebook",
    "zxingcpp", "duckdb", "psutil", "PyInstaller",
    # Optional back-ends pyqtgraph and pandas would take if present; the workstation draws with Qt.
    "matplotlib", "scipy", "OpenGL", "cupy", "numba", "h5py", "tables", "sqlalchemy", "pyqtgraph.opengl",
    "pyqtgraph.examples", "pyqtgraph.jupyter",
    # pyarrow's network file systems and RPC: the workstation reads local files only.
    "pyarrow.flight", "pyarrow._flight", "pyarrow._s3fs", "pyarrow._gcsfs", "pyarrow._azurefs", "pyarrow._hdfs",
    "pyarrow.tests",
]

# Files PyInstaller collects anyway (pyarrow's hook takes its whole folder): the libraries of the
# modules left out above (flight 31 MB, S3 17 MB) and C++ headers.
DROPPED_FILES = ("libarrow_flight", "libarrow_python_flight", "libarrow_s3", "pyarrow/include", "pyarrow\\include")


def kept(entries: list) -> list:
    """PyInstaller's (name, path, kind) entries without DROPPED_FILES."""
    return [entry for entry in entries if not any(part in entry[0] for part in DROPPED_FILES)]


def command_modules(root: Path) -> list[str]:
    """The CLI's command modules (workstation/cli/__init__.py COMMAND_MODULES): imported by name,
    which PyInstaller's analysis cannot follow."""
    tree = ast.parse((root / "workstation" / "cli" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "COMMAND_MODULES" for t in node.targets):
            return [ast.literal_eval(element) for element in node.value.elts]  # type: ignore[attr-defined]
    raise ValueError("workstation/cli/__init__.py has no COMMAND_MODULES list")
