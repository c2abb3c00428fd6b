#!/usr/bin/env python3
"""Build the one-folder program: ``python packaging/build.py`` → ``dist/drg-workstation/``.

Runs PyInstaller on ``packaging/drg.spec`` with the Python that runs this script (the venv
dev.py makes, where ``pip install .[build]`` put PyInstaller), then prints the folder's size and
how long the build took. The same command builds on Windows (``py packaging\\build.py``); the
folder is what IT copies onto a desktop (README, docs/desktops.md).

    python packaging/build.py [--dist DIR] [--work DIR]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "drg-workstation"


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def build(dist: Path, work: Path) -> Path:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(ROOT / "packaging" / "drg.spec")],
                   cwd=ROOT, check=True)
    folder = dist / NAME
    print(f"[build] {folder}: {folder_size(folder) / 1e6:.0f} MB, built in {time.monotonic() - started:.0f} s",
          flush=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    args = parser.parse_args(argv)
    build(args.dist, args.work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
