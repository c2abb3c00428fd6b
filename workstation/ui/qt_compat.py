"""A guard against a reference-count bug of PySide6 on Python 3.11.

Measured with PySide6 6.12.0 on CPython 3.11: every ``Signal.emit()`` called
from Python takes one reference from ``True`` that it never gave (and queued
arguments can do the same to ``None``). ``True`` starts with a few hundred
references, so after a few hundred emits — an import's progress signals are
enough — the interpreter aborts with "bool_dealloc: deallocating True or False"
or "none_dealloc". Python 3.12 made these singletons immortal, which hides the
bug; on 3.11 we give them the same protection: a reference count so large that
no session can ever wear it down. Only applied when an emit is seen to leak.
"""
from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_SINGLETONS = (True, False, None)
_GUARD = 1 << 40  # references added: more emits than any session will ever make
_applied = False


class _Probe(QObject):
    ping = Signal()


def emit_leaks_references() -> bool:
    """Whether this PySide6 takes a reference from True on each emit (it should not)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(16):
        probe.ping.emit()
    return before - sys.getrefcount(True) >= 16


def protect_singletons() -> bool:
    """Make True, False and None effectively immortal where the bug is present; returns whether applied."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or hasattr(sys, "gettotalrefcount"):
        return False  # immortal already, or an object layout this does not know
    if not emit_leaks_references():
        return False
    for singleton in _SINGLETONS:
        # ob_refcnt is the first field of every object in a CPython release build.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _GUARD
    _applied = True
    return True
