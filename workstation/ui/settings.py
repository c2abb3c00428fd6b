"""One typed registry of the GUI's settings over ``QSettings`` (Picard's options.py).

Every setting is declared here once, with its type and default; reading an
undeclared key is a programming error, not a silent ``None``. The stored
``settings/version`` lets a newer program upgrade what an older one wrote
(Picard's config_upgrade_hooks): add a hook to ``UPGRADE_HOOKS`` and bump
``SETTINGS_VERSION``.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from workstation.paths import portable_dir

SETTINGS_VERSION = 1
SETTINGS_ENV = "DRG_WORKSTATION_SETTINGS"  # an .ini path: tests and portable installs
ORGANISATION = "DRGWorkstation"
APPLICATION = "workstation"


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    doc: str = ""


OPTIONS: dict[str, Option] = {o.key: o for o in (
    Option("ui/language", str, "zh", "zh (default) or en"),
    Option("ui/show_personal", bool, False, "show patient names and ID numbers unmasked"),
    Option("import/last_dir", str, "", "the folder the import dialog opened last"),
    Option("window/geometry", QByteArray, QByteArray(), "main window geometry"),
    Option("window/state", QByteArray, QByteArray(), "toolbars and docks"),
    Option("window/tab", int, 0, "the page shown last"),
)}

# Families of settings whose keys carry a name (a splitter, a table's columns).
PREFIXES: dict[str, type] = {
    "splitters/": QByteArray,
    "columns/": QByteArray,
    # A database (by a digest of its path) on which the user declined to create an administrator.
    "accounts/no_admin_offer/": bool,
}


def _upgrade_0_to_1(store: QSettings) -> None:
    """Version 0 is a fresh or pre-release file: nothing to convert."""


UPGRADE_HOOKS: dict[int, Callable[[QSettings], None]] = {1: _upgrade_0_to_1}


def _coerce(value: Any, kind: type, default: Any) -> Any:
    if value is None:
        return default
    try:
        if kind is bool:
            # QSettings' ini backend hands back "true"/"false" strings.
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes"}
            return bool(value)
        if kind is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray(value)
        return kind(value)
    except (TypeError, ValueError):
        return default


class Settings:
    """Typed access to the declared settings."""

    def __init__(self, store: QSettings | None = None):
        self.store = store if store is not None else default_store()
        self._upgrade()

    def _upgrade(self) -> None:
        version = _coerce(self.store.value("settings/version"), int, 0)
        for target in sorted(UPGRADE_HOOKS):
            if version < target <= SETTINGS_VERSION:
                UPGRADE_HOOKS[target](self.store)
                version = target
        self.store.setValue("settings/version", SETTINGS_VERSION)

    @staticmethod
    def _option(key: str) -> tuple[type, Any]:
        if key in OPTIONS:
            return OPTIONS[key].type, OPTIONS[key].default
        for prefix, kind in PREFIXES.items():
            if key.startswith(prefix) and len(key) > len(prefix):
                return kind, kind()
        raise KeyError(f"undeclared setting: {key}")

    def __getitem__(self, key: str) -> Any:
        kind, default = self._option(key)
        return _coerce(self.store.value(key), kind, default)

    def __setitem__(self, key: str, value: Any) -> None:
        kind, _ = self._option(key)
        self.store.setValue(key, value if kind is QByteArray else kind(value))

    def sync(self) -> None:
        self.store.sync()

    # Saved widget state, named by the widget's place in the window.
    def save_splitter(self, name: str, splitter) -> None:
        self[f"splitters/{name}"] = splitter.saveState()

    def restore_splitter(self, name: str, splitter) -> None:
        state = self[f"splitters/{name}"]
        if not state.isEmpty():
            splitter.restoreState(state)

    def save_columns(self, name: str, header) -> None:
        """Column order, widths and hidden columns of a table's header."""
        self[_columns_key(name, header)] = header.saveState()

    def restore_columns(self, name: str, header) -> None:
        state = self[_columns_key(name, header)]
        if not state.isEmpty():
            header.restoreState(state)


def _columns_key(name: str, header) -> str:
    """Where a header's state is kept. A model may name its columns (``column_layout``): a layout
    saved for other columns (an older version's) is then not put back onto these, where its
    widths and order would land on the wrong columns."""
    layout = getattr(header.model(), "column_layout", None)
    if not layout:
        return f"columns/{name}"
    digest = hashlib.sha1("\x1f".join(layout).encode("utf-8")).hexdigest()[:10]
    return f"columns/{name}/{digest}"


def default_store() -> QSettings:
    path = os.environ.get(SETTINGS_ENV)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    portable = portable_dir()
    if portable is not None:  # portable mode: the settings travel with the program (paths.portable_dir)
        return QSettings(str(portable / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


_shared: Settings | None = None


def settings() -> Settings:
    """The application's settings (one instance; tests point it elsewhere with $DRG_WORKSTATION_SETTINGS)."""
    global _shared
    if _shared is None:
        _shared = Settings()
    return _shared


def reset_shared() -> None:
    """Forget the shared instance (tests switch settings files between cases)."""
    global _shared
    _shared = None
