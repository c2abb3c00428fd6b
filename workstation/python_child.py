"""Starting a plain ``python -c`` child that imports this package: the import worker
(``importer.worker``) and the recompute's read helper (``engine.read_helper``).

Not multiprocessing's ``spawn``: spawn re-runs the caller's main script in the
child, which breaks any script (or tool) that imports without a ``__main__``
guard. A frozen build's executable is the application, which does not run
``-c`` code: there the work stays in the calling process.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])  # the folder holding `workstation`


def available() -> bool:
    """Whether a child can be started at all (not in a frozen build)."""
    return not getattr(sys, "frozen", False)


def start(code: str, **popen) -> subprocess.Popen:
    """``python -c code`` with this package importable; ``popen``: the pipes and the like."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p))
    return subprocess.Popen([sys.executable, "-c", code], env=env, cwd=PACKAGE_ROOT, **popen)
