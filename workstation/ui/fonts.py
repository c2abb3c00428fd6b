"""The bundled CJK font, so a machine without a Chinese system font shows characters, not boxes."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from workstation.paths import resource

BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")

_families: list[str] | None = None


def register_bundled_font() -> list[str]:
    """Add the bundled font to Qt's font database once; returns its families."""
    global _families
    if _families is None:
        path = resource(*BUNDLED_FONT)
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
        _families = list(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else []
    return _families


def install_application_font(app: QApplication) -> QFont:
    """Keep the platform's UI font first and fall back to the bundled CJK font for Han glyphs.

    Qt's own per-glyph fallback does not find an application font on every
    platform, so it is named explicitly in the family list.
    """
    families = register_bundled_font()
    font = app.font()
    chain = [font.family()] + [f for f in families if f != font.family()]
    font.setFamilies(chain)
    app.setFont(font)
    return font
