"""A service's SQLite failure reaches the GUI as a ServiceError saying why, in both languages."""
from __future__ import annotations

import sqlite3

import pytest

from workstation.services.errors import ReadFailed, ServiceError, reads_store


def test_a_locked_read_becomes_a_busy_message():
    @reads_store
    def locked() -> int:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(ReadFailed) as failed:
        locked()
    assert isinstance(failed.value, ServiceError)
    assert "busy" in failed.value.text.en and "正忙" in failed.value.text.zh


def test_other_failures_are_named_and_results_pass_through():
    @reads_store
    def damaged() -> int:
        raise sqlite3.DatabaseError("database disk image is malformed")

    with pytest.raises(ReadFailed, match="malformed"):
        damaged()
    assert reads_store(lambda: 3)() == 3
