"""A killed import's staging folder (it holds ID numbers) is swept at the next opening of the
database, not only at the next import (issue 18, point 8)."""
from __future__ import annotations

import os
import subprocess
import sys

from workstation.store.db import open_database
from workstation.store.leftovers import STAGING_PREFIX


def test_a_dead_processes_staging_folder_is_removed_when_the_database_opens(tmp_path):
    path = tmp_path / "workstation.db"
    open_database(path).close()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    leftover = tmp_path / f"workstation.db{STAGING_PREFIX}{dead.stdout.strip()}-abc"
    leftover.mkdir()
    (leftover / "part0.db").write_bytes(b"330106199001011234")
    alive = tmp_path / f"workstation.db{STAGING_PREFIX}{os.getpid()}-def"
    alive.mkdir()
    open_database(path).close()
    assert not leftover.exists()
    assert alive.exists()  # a running process's import is left alone
