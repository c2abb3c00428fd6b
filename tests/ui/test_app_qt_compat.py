"""Thousands of signal emits must not wear down True/None (PySide6 6.12 on Python 3.11 leaks one per emit)."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import workstation.ui  # noqa: F401 - installs the guard, as any GUI start does


class Emitter(QObject):
    progress = Signal(float, str)


def test_many_emits_leave_true_and_none_alive():
    emitter = Emitter()
    received = []
    emitter.progress.connect(lambda fraction, message: received.append(fraction))
    for i in range(5000):
        emitter.progress.emit(i / 5000, "导入中")
    assert len(received) == 5000
    assert sys.getrefcount(True) > 1_000_000 and sys.getrefcount(None) > 1_000_000
