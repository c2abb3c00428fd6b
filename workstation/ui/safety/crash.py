"""An uncaught exception in the GUI: logged, said in a dialog (what happened, where the log is),
and the window stays up — Qt carries on after the hook returns, so the user can save their work
or try again. Logs rotate in the data folder (five files of a megabyte)."""
from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from workstation.paths import log_dir

LOG_NAME = "workstation.log"
log = logging.getLogger("workstation")


def setup_logging(folder: Path | None = None) -> Path:
    """Warnings and errors to a rotating file in the data folder (and to stderr); returns its path."""
    folder = folder or log_dir()
    path = folder / LOG_NAME
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:  # a read-only place: the log goes to stderr only
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path


def install_excepthook(log_path: Path) -> None:
    showing = [False]

    def hook(kind, value, tb) -> None:
        log.error("uncaught exception\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if issubclass(kind, KeyboardInterrupt) or QApplication.instance() is None or showing[0]:
            sys.__excepthook__(kind, value, tb)
            return
        showing[0] = True  # one dialog at a time, even if closing it raises again
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("CrashDialog", "Something went wrong"),
                              QCoreApplication.translate(
                                  "CrashDialog", "The workstation met an error it did not expect:\n\n{0}\n\nThe window "
                                  "stays open: what you saved is safe. The details are in the log:\n{1}").format(
                                  f"{kind.__name__}: {value}", log_path))
            box.setObjectName("CrashDialog")
            box.exec()
        finally:
            showing[0] = False

    sys.excepthook = hook
