"""Signal emits must not leak references (PySide6 6.12.0 took one from True per emit and
aborted CPython 3.11 mid-import; pyproject.toml keeps us below it). This catches a bad version."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    progress = Signal(float, str)


def test_thousands_of_progress_emits_leave_true_and_none_untouched():
    emitter = Emitter()
    received = []
    emitter.progress.connect(lambda fraction, message: received.append(fraction))
    true_refs, none_refs = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(5000):
        emitter.progress.emit(i / 5000, "导入中")
    assert len(received) == 5000
    assert sys.getrefcount(True) - true_refs < 100
    assert sys.getrefcount(None) - none_refs < 100
