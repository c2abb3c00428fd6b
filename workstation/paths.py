"""Where things live: bundled resources and the workstation's database."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "DRGWorkstation"
DB_ENV = "DRG_WORKSTATION_DB"


def resources_dir() -> Path:
    """The bundled ``resources/`` folder (beside the code, or inside a PyInstaller bundle)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


# How a stored reference version or rule set names a file shipped in resources/ (the UI translates it).
BUNDLED_SOURCE_PREFIX = "bundled: "


def bundled_source(name: str) -> str:
    return f"{BUNDLED_SOURCE_PREFIX}{name}"


PORTABLE_INI = "portable.ini"


def program_dir() -> Path:
    """The folder of the program: the built executable's, or the source tree's."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_dir() -> Path | None:
    """Portable mode: a ``portable.ini`` beside the program keeps the database, settings, backups and
    logs in a folder beside it (``data`` unless its ``[portable] data = ...`` names another,
    relative to the program), so the program runs from a USB stick or a shared folder."""
    ini = program_dir() / PORTABLE_INI
    if not ini.is_file():
        return None
    import configparser

    parser = configparser.ConfigParser()
    try:
        parser.read(ini, encoding="utf-8")
    except configparser.Error:
        pass  # a garbled file still means "portable": the default folder
    return program_dir() / parser.get("portable", "data", fallback="data")


def user_data_dir() -> Path:
    """The per-user data folder: %APPDATA% on Windows, $XDG_DATA_HOME on Linux; in portable mode
    the folder beside the program."""
    portable = portable_dir()
    if portable is not None:
        return portable
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--db`` wins, then ``$DRG_WORKSTATION_DB``, then the user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "workstation.db"


def log_dir() -> Path:
    return user_data_dir() / "logs"
