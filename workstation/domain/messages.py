"""User-facing messages from the domain, in Chinese and English, without Qt.

The GUI translates its own widgets with Qt's ``tr()``; messages that start in
the domain or the services (a quarantine reason, a refused file) carry both
languages so the CLI, the GUI and the printed reports say the same thing.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

LANG_ENV = "DRG_LANG"
_lang = os.environ.get(LANG_ENV, "zh")


def set_language(lang: str) -> None:
    global _lang
    _lang = "en" if str(lang).lower().startswith("en") else "zh"


def language() -> str:
    return "en" if _lang.lower().startswith("en") else "zh"


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __str__(self) -> str:
        return self.en if language() == "en" else self.zh


class UserError(Exception):
    """A failure the user can fix. Says what is wrong, where, and what to do, in both languages."""

    exit_code = 2

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.text = Text(zh, en)

    def __str__(self) -> str:
        return str(self.text)
