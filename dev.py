#!/usr/bin/env python3
"""One command to set up and run the workstation, or to set up and run its tests.

    python3 dev.py run [ARGS...]   set up .venv (first time only) and start the app
    python3 dev.py test [PYTEST ARGS...]   set up .venv and run the whole test suite: ruff and
                                           mypy, pytest, then build the one-folder program and run
                                           it from a fresh place (packaging/build.py, smoke.py);
                                           with PYTEST ARGS: pytest alone

Setup is idempotent: the virtual environment is rebuilt only when pyproject.toml
changes. On Debian-like Linux run as root, the few system libraries Qt needs
(EGL, xkbcommon, fontconfig, xcb) are installed with apt-get when missing.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".drg-installed"
QT_DEBIAN_LIBS = {
    # shared library looked up -> Debian package providing it
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    # the xcb platform plugin, for a real window on an X display
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
}


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return list(project["dependencies"]) + list(extras["test"]) + list(extras["build"])


def ensure_system_libs() -> None:
    """Install the shared libraries Qt loads even offscreen, where we can (Debian, root)."""
    if not sys.platform.startswith("linux") or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    try:
        known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    except OSError:
        return
    missing = sorted({pkg for lib, pkg in QT_DEBIAN_LIBS.items() if lib not in known})
    if not missing:
        return
    print(f"[dev] installing system libraries for Qt: {' '.join(missing)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=env, check=True)


def ensure_venv() -> Path:
    reqs = requirements()
    digest = hashlib.sha256("\n".join(reqs).encode()).hexdigest()
    py = venv_python()
    if py.exists() and STAMP.exists() and STAMP.read_text().strip() == digest:
        return py
    if not py.exists():
        print("[dev] creating .venv", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print("[dev] installing dependencies (first run only)", flush=True)
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=False)
    subprocess.run([str(py), "-m", "pip", "install", "-q", *reqs], check=True)
    STAMP.write_text(digest)
    return py


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "setup"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_system_libs()
    py = ensure_venv()
    if command == "setup":
        return 0
    if command == "run":
        return subprocess.call([str(py), str(ROOT / "main.py"), *rest], cwd=ROOT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    if not rest:  # the whole suite: lint and types first (rules in pyproject.toml), then the tests
        for name, check in (("ruff", [str(py), "-m", "ruff", "check", "."]), ("mypy", [str(py), "-m", "mypy"])):
            print(f"[dev] {name}", flush=True)
            if subprocess.call(check, cwd=ROOT, env=env) != 0:
                print(f"[dev] {name} found problems (above): fix them, or state in pyproject.toml the rule "
                      "you turn off and why", flush=True)
                return 1
    # The whole suite on every core (pytest-xdist: each worker its own store files and QApplication);
    # chosen tests in one process, where a failure reads most easily.
    spread = [] if rest else ["-n", "auto"]
    status = subprocess.call([str(py), "-m", "pytest", "-q", *spread, *rest], cwd=ROOT, env=env)
    if rest or status != 0:
        return status
    # The built program, as IT installs it: one folder, run from a fresh place without Python on PATH.
    for step in (["packaging/build.py"], ["packaging/smoke.py"]):
        print(f"[dev] {step[0]}", flush=True)
        status = subprocess.call([str(py), *step], cwd=ROOT)
        if status != 0:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
