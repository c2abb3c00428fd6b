"""The errors a service raises for the GUI to catch, so that no widget catches sqlite3.Error
(the GUI never sees SQL, nor its exceptions).

- ``ServiceError``: a service could not do what was asked; ``str()`` says why, in the current
  language. ``ReadFailed`` is one for a read (a lazy table's page, a count) that SQLite refused.
- ``StoreBusy`` (store.db): another writer held the store beyond the busy timeout.
- ``UserError`` (domain.messages): a refusal the user can fix.

``reads_store`` marks a service function whose SQLite errors become ``ReadFailed``.
"""
from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from workstation.domain.messages import Text, UserError
from workstation.store.db import StoreBusy, StoreError, is_busy

P = ParamSpec("P")
R = TypeVar("R")


class ServiceError(Exception):
    """A service could not do what was asked (``text`` says why)."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text

    def __str__(self) -> str:
        return str(self.text)


class ReadFailed(ServiceError):
    """A read the store refused (busy beyond the timeout, damaged, interrupted)."""


# What a widget catches around a service call: every failure a service reports by design.
SERVICE_ERRORS: tuple[type[Exception], ...] = (ServiceError, StoreError, UserError)


def read_failure(exc: sqlite3.Error) -> ReadFailed:
    if is_busy(exc):
        return ReadFailed(Text("数据库正忙（另一位用户正在写入），稍后会再读取。",
                               "The database is busy (another user is writing); it is read again shortly."))
    return ReadFailed(Text("读取数据库失败：{reason}", "Reading the database failed: {reason}").format(reason=exc))


def reads_store(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` with its SQLite errors turned into ``ReadFailed`` (for the GUI's lazy tables)."""
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except sqlite3.Error as exc:
            raise read_failure(exc) from exc
    return wrapper


__all__ = ["SERVICE_ERRORS", "ReadFailed", "ServiceError", "StoreBusy", "reads_store"]
