"""The database and its side files are readable by their owner only (issue 18, point 8)."""
from __future__ import annotations

import os
import stat

import pytest

from workstation.store.db import open_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_database_and_its_wal_are_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "data" / "workstation.db"
        db = open_database(path)
        db.execute("CREATE TABLE probe (x)")
        assert mode(path) == 0o600
        assert mode(str(path) + "-wal") == 0o600
        assert mode(path.parent) == 0o700
        db.close()
    finally:
        os.umask(old)
