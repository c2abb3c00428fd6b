"""Staging folders a killed import left beside the database, swept when the database is opened.

An import's worker writes the batch's rows (ID numbers among them) into a folder next to the
database (store.arrow_write, importer.staging), removed when the import ends. A process killed
meanwhile leaves it behind; it is removed at the next opening of the database — not only at the
next import, which may never come — unless the process that made it is still running.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING_PREFIX = "-staging-"  # after the database's file name; then the owner's process id


def sweep_staging(database: str | os.PathLike) -> None:
    """Remove the staging folders beside ``database`` whose process has ended."""
    path = Path(database)
    try:
        leftovers = list(path.parent.glob(f"{path.name}{STAGING_PREFIX}*"))
    except OSError:
        return
    for old in leftovers:
        owner = old.name[len(path.name) + len(STAGING_PREFIX):].split("-", 1)[0]
        if not (owner.isdigit() and _alive(int(owner))):
            shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # its own are removed when its import ends
    if os.name == "nt":  # os.kill would end the process there: leave the folder be
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
