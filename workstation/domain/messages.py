"""User-facing messages from the domain, in Chinese and English, without Qt.

The GUI translates its own widgets with Qt's ``tr()``; messages that start in
the domain or the services (a quarantine reason, a refused file) carry both
languages so the CLI, the GUI and the printed reports say the same thing.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K")
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

    def format(self, **values: object) -> Text:
        """Both halves with the same values filled in: ``Text("第 {n} 行", "row {n}").format(n=3)``.

        A value that is itself a ``Text`` fills each half with its own language."""
        return Text(self.zh.format(**{k: v.zh if isinstance(v, Text) else v for k, v in values.items()}),
                    self.en.format(**{k: v.en if isinstance(v, Text) else v for k, v in values.items()}))

    def pick(self, lang: str | None = None) -> str:
        """The half for ``lang`` (``"zh"``/``"en"``); the current language when None."""
        return self.en if (lang or language()).lower().startswith("en") else self.zh

    def join(self, items: Iterable[Text | str]) -> Text:
        """The items joined with this separator, e.g. ``Text("、", ", ").join(names)``."""
        items = list(items)
        return Text(self.zh.join(i.zh if isinstance(i, Text) else str(i) for i in items),
                    self.en.join(i.en if isinstance(i, Text) else str(i) for i in items))

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)

    def __add__(self, other: Text | str) -> Text:
        """Joined half by half; a plain string (a value, a number) is added to both."""
        if isinstance(other, Text):
            return Text(self.zh + other.zh, self.en + other.en)
        return Text(self.zh + str(other), self.en + str(other))


def named_choice(text: object, names: Mapping[K, Text]) -> K | None:
    """The key whose value (an enum's, compared without case) or Chinese name is ``text``; None if none is."""
    value = str(text or "").strip()
    for key, name in names.items():
        if value.lower() == str(getattr(key, "value", key)).lower() or value == name.zh:
            return key
    return None


class UserError(Exception):
    """A failure the user can fix. Says what is wrong, where, and what to do, in both languages."""

    exit_code = 2

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.text = Text(zh, en)

    def __reduce__(self):  # both languages survive pickling (an import worker hands errors back)
        return (type(self), (self.text.zh, self.text.en))

    def __str__(self) -> str:
        return str(self.text)
