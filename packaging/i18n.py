#!/usr/bin/env python3
"""Translations of the GUI: one ``resources/i18n/<feature>_zh_CN.ts`` per feature folder of
``workstation/ui`` (the modules directly in ``workstation/ui`` form the feature "shell").

    python packaging/i18n.py update [FEATURE ...]   pyside6-lupdate: collect tr() strings,
                                                     keeping every existing translation
    python packaging/i18n.py release [FEATURE ...]  pyside6-lrelease: compile .ts to .qm
    python packaging/i18n.py check                  list strings still untranslated

The .qm files are committed: the application loads them at run time.
Source strings are English; translators fill in Chinese (Qt Linguist or by hand).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "workstation" / "ui"
I18N = ROOT / "resources" / "i18n"
LANGUAGE = "zh_CN"
SHELL = "shell"


def _tool(name: str) -> str:
    """The PySide6 tool beside this Python (the venv), else on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PySide6 in this Python's environment")
    return found


def features() -> dict[str, list[Path]]:
    """Feature name -> its Python sources."""
    found = {SHELL: sorted(p for p in UI.glob("*.py") if p.name != "__init__.py")}
    for folder in sorted(p for p in UI.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        sources = sorted(p for p in folder.rglob("*.py") if p.name != "__init__.py")
        if sources:
            found[folder.name] = sources
    return found


def ts_path(feature: str) -> Path:
    return I18N / f"{feature}_{LANGUAGE}.ts"


def update(selected: list[str]) -> None:
    I18N.mkdir(parents=True, exist_ok=True)
    for feature, sources in features().items():
        if selected and feature not in selected:
            continue
        # lupdate merges into an existing .ts: translations of unchanged strings are kept;
        # strings no longer in the code are dropped (-no-obsolete).
        subprocess.run([_tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete", "-target-language", LANGUAGE,
                        *map(str, sources), "-ts", str(ts_path(feature))], check=True, cwd=ROOT)


def release(selected: list[str]) -> None:
    for ts in sorted(I18N.glob(f"*_{LANGUAGE}.ts")):
        feature = ts.name[: -len(f"_{LANGUAGE}.ts")]
        if selected and feature not in selected:
            continue
        subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
                       check=True, cwd=ROOT)


def untranslated() -> list[tuple[str, str, str]]:
    """(file, context, source) of every message without a finished translation."""
    missing = []
    for ts in sorted(I18N.glob(f"*_{LANGUAGE}.ts")):
        for context in ET.parse(ts).getroot().iter("context"):
            name = context.findtext("name")
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is None:
                    kind, texts = "unfinished", []
                else:  # a plural (numerus) message keeps its text in <numerusform> children
                    kind = translation.get("type")
                    texts = [translation.text or ""] + [f.text or "" for f in translation.iter("numerusform")]
                if kind == "unfinished" or not any(t.strip() for t in texts):
                    if kind not in {"vanished", "obsolete"}:
                        missing.append((ts.name, name, message.findtext("source")))
    return missing


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"update", "release", "check"}:
        print(__doc__)
        return 2
    command, selected = argv[0], argv[1:]
    if command == "update":
        update(selected)
    elif command == "release":
        release(selected)
    else:
        missing = untranslated()
        for file, context, source in missing:
            print(f"{file}: {context}: {source}")
        return 1 if missing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
