"""Qt translators: Chinese by default, English = the source strings, no translator.

Each feature folder of ``workstation/ui`` has its own ``resources/i18n/<feature>_zh_CN.ts``
(compiled to ``.qm`` by ``packaging/i18n.py release``); all of them are loaded,
plus Qt's own ``qtbase_zh_CN.qm`` so standard buttons (OK, Cancel, Yes, No)
speak Chinese too.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from workstation.domain.messages import set_language
from workstation.paths import resource

LANGUAGES = ("zh", "en")
_installed: list[QTranslator] = []


def normalise_language(lang: str | None) -> str:
    return "en" if str(lang or "").lower().startswith("en") else "zh"


def translation_files(lang: str) -> list[Path]:
    """The .qm files a language needs: ours, then Qt's standard-button translations."""
    if normalise_language(lang) == "en":
        return []
    files = sorted(resource("i18n").glob("*_zh_CN.qm"))
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for name in ("qtbase_zh_CN.qm",):
        if (qt_dir / name).exists():
            files.append(qt_dir / name)
    return files


def install_language(lang: str, app: QCoreApplication | None = None) -> list[Path]:
    """Replace the installed translators with those of ``lang``; returns the files loaded.

    Widgets built afterwards come up in the new language; the main window
    rebuilds itself (or calls ``retranslateUi``) on ``QEvent.LanguageChange``.
    Domain messages (quarantine reasons, refusals) follow the same choice.
    """
    app = app or QCoreApplication.instance()
    assert app is not None, "translators are installed into a running application"
    lang = normalise_language(lang)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    loaded = []
    for path in translation_files(lang):
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(path)
    QLocale.setDefault(QLocale("zh_CN") if lang == "zh"
                       else QLocale("en_US"))
    set_language(lang)
    return loaded
