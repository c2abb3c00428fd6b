"""Chinese by default, English selectable, Qt's own buttons translated, the CJK font bundled."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication

from workstation.paths import resource
from workstation.ui.fonts import register_bundled_font
from workstation.ui.i18n import install_language, translation_files


def test_chinese_loads_every_feature_translation_and_qt_base():
    names = [p.name for p in translation_files("zh")]
    assert "shell_zh_CN.qm" in names and "qtbase_zh_CN.qm" in names
    for ts in resource("i18n").glob("*_zh_CN.ts"):
        assert ts.with_suffix(".qm").name in names, f"{ts.name} has no compiled .qm"


def test_english_is_the_source_text_and_chinese_the_translation():
    install_language("en")
    assert QCoreApplication.translate("MainWindow", "Case queue") == "Case queue"
    install_language("zh")
    assert QCoreApplication.translate("MainWindow", "Case queue") == "病例队列"
    # Qt's standard buttons speak Chinese too.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


SHELL_FEATURES = ("shell", "batches", "reference", "import_dialog", "widgets")


def _i18n_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("i18n_tool", resource("..", "packaging", "i18n.py"))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_every_tr_string_has_a_chinese_translation(tmp_path):
    """Collect the strings of every feature afresh (into a copy) and find none untranslated."""
    import shutil

    tool = _i18n_tool()
    features = list(tool.features())
    for feature in features:
        if tool.ts_path(feature).exists():
            shutil.copy(tool.ts_path(feature), tmp_path)
    tool.I18N = tmp_path
    tool.update(features)
    assert tool.untranslated() == []


def test_the_bundled_font_draws_chinese_characters():
    families = register_bundled_font()
    assert any("WenQuanYi" in family for family in families)
    font = QApplication.font()
    assert any("WenQuanYi" in family for family in font.families())
    bundled = QFont(families[0])
    assert QFontInfo(bundled).family() == families[0]  # the bundled file, not a substitute
    metrics = QFontMetrics(bundled)
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "病例队列审核")
