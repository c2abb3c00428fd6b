#!/usr/bin/env python3
"""Run the built program as IT would find it: copied to a fresh place, no source tree, no Python
on PATH. Each step must succeed; the first failure ends the run with what it printed.

    python packaging/smoke.py [dist/drg-workstation] [--gui-seconds N]

Steps: --version; demo, groups, hospitals, import, summary on a new store; a demo store made by
the program (demo-store), its notice settings set by the administrator, a notice issued for a
signed decision; a backup; a package exported and imported into a second store; the GUI started
(on $DISPLAY when set, else offscreen) and still running after N seconds, in portable mode.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "drg-workstation"
EXE = NAME + (".exe" if os.name == "nt" else "")
PASSWORD = "demo1234"  # the demo store's (README)


class Smoke:
    ran = 0  # commands run (each must succeed: the first failure ends the run)

    def __init__(self, folder: Path, place: Path):
        self.place = place
        self.program = place / NAME
        shutil.copytree(folder, self.program, symlinks=True)
        self.exe = self.program / EXE
        no_python = place / "empty-path"
        no_python.mkdir()
        system = [os.path.join(os.environ.get("SystemRoot", r"C:\Windows"), "System32")] if os.name == "nt" else []
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CONDA", "DRG_"))}
        self.env.update(PATH=os.pathsep.join([str(no_python), *system]), HOME=str(place / "home"),
                        APPDATA=str(place / "home" / "AppData"), XDG_DATA_HOME=str(place / "home" / "data"),
                        DRG_WORKSTATION_PASSWORD=PASSWORD, DRG_LANG="en")
        assert shutil.which("python", path=self.env["PATH"]) is None
        assert shutil.which("python3", path=self.env["PATH"]) is None
        self.work = place / "work"
        self.work.mkdir()

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
        started = time.monotonic()
        done = subprocess.run([str(self.exe), *args], cwd=self.work, env=self.env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=600)
        print(f"[smoke] {' '.join(args)[:90]} -> {done.returncode} ({time.monotonic() - started:.1f} s)", flush=True)
        Smoke.ran += 1
        if ok and done.returncode != 0:
            raise SystemExit(f"[smoke] FAILED: {' '.join(args)}\n{done.stdout}\n{done.stderr}")
        return done


def signed_application(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT application_id FROM decisions WHERE signed_at IS NOT NULL AND application_id NOT IN"
                           " (SELECT d.application_id FROM notices n JOIN decisions d ON d.id = n.decision_id)"
                           " ORDER BY id LIMIT 1").fetchone()
    finally:
        conn.close()
    if row is None:
        raise SystemExit("[smoke] the demo store has no signed decision without a notice")
    return int(row[0])


def commands(s: Smoke) -> None:
    version = s.run("--version")
    assert version.stdout.strip(), "--version printed nothing"
    s.run("demo", "demo", "--cases", "500")
    demo = s.work / "demo"
    db = ["--db", "new.db"]
    s.run(*db, "groups", str(demo / "demo-drg-groups.csv"))
    s.run(*db, "hospitals", str(demo / "demo-hospitals.csv"))
    batch = next(demo.glob("demo-settlement-*.csv"))
    s.run(*db, "import", str(batch), "--period", "2024-03")
    summary = s.run(*db, "summary")
    assert "H" in summary.stdout, "the summary lists no hospital"
    s.run("demo-store", "demo.db", "--cases", "300")
    store = ["--db", "demo.db"]
    # Issuing a notice needs its settings (an administrator's); an older program has no such step.
    settings = s.run(*store, "--user", "admin", "notice-settings", "--bureau", "测试市医疗保障局", "--appeal-body",
                     "测试市医疗保障局医药服务管理科", ok=False)
    if settings.returncode != 0 and "invalid choice" not in settings.stderr:
        raise SystemExit(f"[smoke] FAILED: notice-settings\n{settings.stdout}\n{settings.stderr}")
    application = signed_application(s.work / "demo.db")
    help_text = s.run("notice", "--help").stdout
    issue = ["--issue"] if "--issue" in help_text else []  # (`--preview` prints without a number: not wanted here)
    s.run(*store, "--user", "li", "notice", "--application", str(application), "--out", "notice.pdf", *issue)
    assert (s.work / "notice.pdf").read_bytes()[:5] == b"%PDF-", "the notice is not a PDF"
    s.run(*store, "--user", "li", "backup")
    s.run(*store, "--user", "li", "package", "export", "--applications", str(application), "--out", "p.drgpkg")
    s.run("--db", "other.db", "package", "import", "p.drgpkg")
    s.run("--db", "other.db", "package", "unpack", "p.drgpkg", "--to", "parts")
    assert (s.work / "parts" / "applications.parquet").is_file()


def gui(s: Smoke, seconds: float) -> None:
    """The GUI in portable mode on the store of the commands above (no accounts, so the main window
    with its charts is built at once): it must stay up and log no uncaught error into the data folder."""
    (s.program / "portable.ini").write_text("[portable]\ndata = data\n", encoding="utf-8")
    data = s.program / "data"
    data.mkdir()
    shutil.copy(s.work / "new.db", data / "workstation.db")
    # Answer "continue without accounts, do not ask again" ahead (ui/accounts/session.py's key).
    digest = hashlib.sha1(str((data / "workstation.db").resolve()).encode("utf-8")).hexdigest()[:12]
    (data / "settings.ini").write_text(f"[accounts]\nno_admin_offer\\{digest}=true\n", encoding="utf-8")
    env = dict(s.env)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and os.name != "nt":
        env["QT_QPA_PLATFORM"] = "offscreen"
    process = subprocess.Popen([str(s.exe)], cwd=s.work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        time.sleep(seconds)
        if process.poll() is not None:
            output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
            raise SystemExit(f"[smoke] FAILED: the GUI ended with {process.returncode}\n{output}")
        print(f"[smoke] GUI running after {seconds:.0f} s (portable: {data})", flush=True)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
    log = data / "logs" / "workstation.log"
    assert log.is_file(), "the GUI wrote no log into the portable data folder"
    if "uncaught exception" in log.read_text(encoding="utf-8"):
        raise SystemExit(f"[smoke] FAILED: the GUI met an error\n{log.read_text(encoding='utf-8')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "dist" / NAME)
    parser.add_argument("--gui-seconds", type=float, default=12)
    parser.add_argument("--keep", type=Path, help="run in this folder and keep it (to look at it afterwards)")
    args = parser.parse_args(argv)
    if not (args.folder / EXE).is_file():
        raise SystemExit(f"[smoke] no built program in {args.folder}: run packaging/build.py first")
    started = time.monotonic()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        place = Path(tempfile.mkdtemp(prefix="drg-smoke-", dir=args.keep))
        smoke = Smoke(args.folder, place)
        commands(smoke)
        gui(smoke, args.gui_seconds)
    else:
        with tempfile.TemporaryDirectory(prefix="drg-smoke-") as folder:
            smoke = Smoke(args.folder, Path(folder))
            commands(smoke)
            gui(smoke, args.gui_seconds)
    print(f"[smoke] all passed in {time.monotonic() - started:.0f} s", flush=True)
    # The plain closing line CI reads: the commands of the built program, and its GUI start.
    print(f"smoke: {Smoke.ran + 1} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
